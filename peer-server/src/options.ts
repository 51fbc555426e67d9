import type express from 'express';
import { fileURLToPath } from 'node:url';
import { DEFAULT_MAX_PARTICIPANTS, PEER_PING_INTERVAL_MS, type IceServer } from '../../protocol/room-protocol.js';
import { DEFAULT_SIGNALING_BUDGET, type SignalingBudgetOptions } from './signaling-budget.js';
import type { TurnOptions } from './turn-credentials.js';
import { DEFAULT_MESH_LIMIT, mediaServerProblems, type MediaServerOptions } from './media-server/media-server-options.js';

/** TURN credentials last a few hours: longer than most calls, short enough that a leaked one soon expires. */
export const DEFAULT_TURN_TTL_SECONDS = 4 * 3600;

/** Everything `createServer` can be told; `cli.ts` fills it from flags and env. */
export interface ServerOptions {
  /** TCP port; 0 picks a free one. */
  port: number;
  host: string;
  /** Path everything is served under, e.g. `/video` behind a proxy; pages set `server` to match. */
  basePath: string;
  /** Most people in one room; a page may ask for fewer, never more. */
  maxRoomSize: number;
  /** Origins whose pages may join rooms; `'*'` allows every site (the default). */
  allowedOrigins: '*' | string[];
  /** A PeerJS socket silent for this long is dropped, and with it its memberships. */
  aliveTimeoutMs: number;
  /** Most PeerJS sockets open at once; more are refused (503). Each member also holds a presence stream: two file descriptors. */
  concurrentLimit: number;
  /** Largest signaling (PeerJS WebSocket) message; a larger one closes that socket. */
  signalingMaxPayloadBytes: number;
  /** What one signaling socket may send (burst and rate, in bytes and messages) before it is closed. */
  signalingBudget: SignalingBudgetOptions;
  /** Serve https and wss with this certificate chain and key (PEM). */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Extra STUN/TURN servers handed to every member as they are (no secrets here: pages see them). */
  iceServers: IceServer[];
  /** STUN URLs handed to members, e.g. `stun:turn.example.com:3478`. */
  stunUrls: string[];
  /** coturn with `use-auth-secret`: members get short-lived credentials for it. */
  turn?: TurnOptions;
  /** Joins and credential renewals allowed per client IP per minute. */
  joinsPerMinute: number;
  /** Behind a reverse proxy: take the client's address from X-Forwarded-For. */
  trustProxy: boolean;
  /** When set, joining needs a room token (JWT, HS256) signed with this secret by the site's backend. */
  roomTokenSecret?: string;
  /** Where the built `video-chat-room.js` lives. */
  distDir: string;
  /** Where the demo pages live; `null` serves none. */
  demoDir: string | null;
  /** More routes on the same origin, mounted before the 404 answer (the benchmarks' pages); not a CLI option. */
  extraRoutes?: express.Router;
  /** Presence streams send a comment this often so proxies keep them open. */
  keepAliveMs: number;

  // Large rooms (docs/large-rooms.md).
  /** Rooms up to this many people stay a mesh; larger ones are for the media server. */
  meshLimit: number;
  /** A Janus of the site owner's, for rooms above `meshLimit`. */
  mediaServer?: MediaServerOptions;
}

// Source runs from peer-server/src, the build from build/peer-server/src: both sit two levels below a root.
const projectRoot = fileURLToPath(new URL('../../', import.meta.url).href.replace(/build\/$/, ''));

export const defaultServerOptions: ServerOptions = {
  port: 9000,
  host: '0.0.0.0',
  basePath: '/',
  maxRoomSize: DEFAULT_MAX_PARTICIPANTS,
  allowedOrigins: '*',
  // Pages ping every PEER_PING_INTERVAL_MS. Ten missed pings mean the network is gone; fewer
  // would evict a page whose main thread was busy for a few seconds (a big file read, a heavy
  // host page). A closed or crashed tab is seen at once anyway, by its sockets closing.
  aliveTimeoutMs: PEER_PING_INTERVAL_MS * 10,
  concurrentLimit: 5000,
  // A real offer from Chromium with one audio and one video track (what a call
  // sends) is about 6 KB as a PeerJS message; 2 audio + 2 video with simulcast ~11 KB,
  // 4 + 4 tracks ~22 KB. 64 KiB leaves room for any call the element makes.
  signalingMaxPayloadBytes: 64 * 1024,
  signalingBudget: DEFAULT_SIGNALING_BUDGET,
  iceServers: [],
  stunUrls: [],
  turn: undefined,
  joinsPerMinute: 60,
  trustProxy: false,
  distDir: `${projectRoot}dist`,
  demoDir: `${projectRoot}demo`,
  keepAliveMs: 15_000,
  meshLimit: DEFAULT_MESH_LIMIT,
};

/** Throws a readable error for an option no server can run with. */
export function validateServerOptions(options: ServerOptions): void {
  const problems: string[] = [];
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
    problems.push(`port must be 0..65535, got ${options.port}`);
  }
  if (!/^\/([A-Za-z0-9._~-]+\/?)*$/.test(options.basePath)) {
    problems.push(`base path must look like /video, got "${options.basePath}"`);
  }
  if (!Number.isInteger(options.maxRoomSize) || options.maxRoomSize < 2 || options.maxRoomSize > 50) {
    problems.push(`max room size must be 2..50, got ${options.maxRoomSize}`);
  }
  if (!Number.isInteger(options.aliveTimeoutMs) || options.aliveTimeoutMs <= PEER_PING_INTERVAL_MS * 2) {
    problems.push(
      `alive timeout must exceed two ping intervals (${PEER_PING_INTERVAL_MS * 2} ms), got ${options.aliveTimeoutMs}`,
    );
  }
  if (options.turn) {
    if (options.turn.secret.length < 16) problems.push('TURN secret must be at least 16 characters');
    if (!Number.isInteger(options.turn.ttlSeconds) || options.turn.ttlSeconds < 60) {
      problems.push(`TURN credential TTL must be at least 60 s, got ${options.turn.ttlSeconds}`);
    }
    for (const url of options.turn.urls)
      if (!/^turns?:/.test(url)) problems.push(`TURN URL must start with turn: or turns:, got "${url}"`);
  }
  const isIceServer = (server: unknown) =>
    typeof server === 'object' &&
    server !== null &&
    [(server as IceServer).urls].flat().every((url) => typeof url === 'string' && /^(stuns?|turns?):/.test(url));
  if (!Array.isArray(options.iceServers) || !options.iceServers.every(isIceServer)) {
    problems.push('ice servers must be a JSON array of { "urls": "stun:…" | "turn:…", "username"?, "credential"? }');
  }
  for (const url of options.stunUrls) if (!/^stuns?:/.test(url)) problems.push(`STUN URL must start with stun:, got "${url}"`);
  if (!Number.isInteger(options.concurrentLimit) || options.concurrentLimit < 1) {
    problems.push(`max peers must be a positive whole number, got ${options.concurrentLimit}`);
  }
  if (!Number.isInteger(options.signalingMaxPayloadBytes) || options.signalingMaxPayloadBytes < 16 * 1024) {
    problems.push(`signaling message limit must be at least 16 KiB, got ${options.signalingMaxPayloadBytes}`);
  }
  if (options.tls && (!options.tls.cert || !options.tls.key)) problems.push('TLS needs both a certificate and a key');
  if (!Number.isInteger(options.joinsPerMinute) || options.joinsPerMinute < 1) {
    problems.push(`joins per minute must be a positive whole number, got ${options.joinsPerMinute}`);
  }
  if (options.roomTokenSecret !== undefined && options.roomTokenSecret.length < 32) {
    problems.push('room token secret must be at least 32 characters');
  }
  if (options.allowedOrigins !== '*') {
    for (const origin of options.allowedOrigins) {
      if (!/^https?:\/\/[^/]+$/.test(origin)) problems.push(`allowed origin must look like https://host[:port], got "${origin}"`);
    }
  }
  problems.push(...mediaServerProblems(options.meshLimit, options.mediaServer));
  if (problems.length) throw new Error(`Invalid server options:\n  ${problems.join('\n  ')}`);
}
