import { fileURLToPath } from 'node:url';
import { DEFAULT_MAX_PARTICIPANTS, PEER_PING_INTERVAL_MS, type IceServer } from '../../protocol/room-protocol.js';

/** Everything `createServer` can be told; `cli.ts` fills it from flags and env. */
export interface ServerOptions {
  /** TCP port; 0 picks a free one. */
  port: number;
  host: string;
  /** Most people in one room; a page may ask for fewer, never more. */
  maxRoomSize: number;
  /** Origins whose pages may join rooms; `'*'` allows every site (the default). */
  allowedOrigins: '*' | string[];
  /** A PeerJS socket silent for this long is dropped, and with it its memberships. */
  aliveTimeoutMs: number;
  /** Most PeerJS sockets open at once. */
  concurrentLimit: number;
  /** STUN/TURN servers handed to members (TURN credentials come with the coturn work). */
  iceServers: IceServer[];
  /** Where the built `video-chat-room.js` lives. */
  distDir: string;
  /** Where the demo pages live; `null` serves none. */
  demoDir: string | null;
  /** Presence streams send a comment this often so proxies keep them open. */
  keepAliveMs: number;
}

// Source runs from peer-server/src, the build from build/peer-server/src: both sit two levels below a root.
const projectRoot = fileURLToPath(new URL('../../', import.meta.url).href.replace(/build\/$/, ''));

export const defaultServerOptions: ServerOptions = {
  port: 9000,
  host: '0.0.0.0',
  maxRoomSize: DEFAULT_MAX_PARTICIPANTS,
  allowedOrigins: '*',
  // Pages ping every PEER_PING_INTERVAL_MS; four missed pings mean the network is gone.
  aliveTimeoutMs: PEER_PING_INTERVAL_MS * 4,
  concurrentLimit: 5000,
  iceServers: [],
  distDir: `${projectRoot}dist`,
  demoDir: `${projectRoot}demo`,
  keepAliveMs: 15_000,
};

/** Throws a readable error for an option no server can run with. */
export function validateServerOptions(options: ServerOptions): void {
  const problems: string[] = [];
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
    problems.push(`port must be 0..65535, got ${options.port}`);
  }
  if (!Number.isInteger(options.maxRoomSize) || options.maxRoomSize < 2 || options.maxRoomSize > 50) {
    problems.push(`max room size must be 2..50, got ${options.maxRoomSize}`);
  }
  if (!Number.isInteger(options.aliveTimeoutMs) || options.aliveTimeoutMs <= PEER_PING_INTERVAL_MS * 2) {
    problems.push(
      `alive timeout must exceed two ping intervals (${PEER_PING_INTERVAL_MS * 2} ms), got ${options.aliveTimeoutMs}`,
    );
  }
  if (options.allowedOrigins !== '*') {
    for (const origin of options.allowedOrigins) {
      if (!/^https?:\/\/[^/]+$/.test(origin)) problems.push(`allowed origin must look like https://host[:port], got "${origin}"`);
    }
  }
  if (problems.length) throw new Error(`Invalid server options:\n  ${problems.join('\n  ')}`);
}
