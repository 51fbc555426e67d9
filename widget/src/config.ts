import {
  DEFAULT_MAX_PARTICIPANTS,
  PEER_KEY,
  PEER_PATH,
  ROOM_NAME_MAX_LENGTH,
  isValidRoomName,
  normaliseDisplayName,
  type IceServer,
} from '../../protocol/room-protocol.js';
import { RoomError } from './errors.js';
import { DEFAULT_MAX_BITRATE_KBPS, MAX_MAX_BITRATE_KBPS, MIN_MAX_BITRATE_KBPS } from './media/uplink-limits.js';
import { en } from './i18n/en.js';

/** The call's attributes, property name → attribute name, declared once: the element observes these, the configuration reads them. */
export const CALL_ATTR = {
  room: 'room',
  server: 'server',
  displayName: 'display-name',
  audio: 'audio',
  video: 'video',
  maxParticipants: 'max-participants',
  autojoin: 'autojoin',
  iceTransport: 'ice-transport',
  iceServers: 'ice-servers',
  screenshare: 'screenshare',
  token: 'token',
  chat: 'chat',
  files: 'files',
  maxFileSize: 'max-file-size',
  prejoin: 'prejoin',
  maxBitrate: 'max-bitrate',
} as const;

/** Every attribute of the element: the call's, and (not configuration of the call) its language and colours. */
export const ATTR = { ...CALL_ATTR, lang: 'lang', theme: 'theme' } as const;

/** Largest file accepted by default: 1 GB. */
export const DEFAULT_MAX_FILE_SIZE = 1_000_000_000;

/** The element's attributes as they arrive: strings or absent. */
export type RoomAttributes = { [K in keyof typeof CALL_ATTR]?: string | null };

/**
 * An attribute's text from its property: absent stays absent, a boolean is
 * "on" or "off", a number is written out (pages may set properties, not
 * only attributes).
 */
export function attributeText(value: string | number | boolean | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  return String(value);
}

/** The call's attributes read from an element's properties, and whether it joins by itself. */
export function readCallProperties(
  host: { [K in keyof typeof CALL_ATTR]?: string | number | boolean | null },
  defaultServer: string,
): { result: ConfigResult; autojoin: boolean } {
  const keys = Object.keys(CALL_ATTR) as (keyof typeof CALL_ATTR)[];
  const attributes: RoomAttributes = Object.fromEntries(keys.map((key) => [key, attributeText(host[key])]));
  return {
    result: parseConfig(attributes, defaultServer),
    autojoin: attributes.autojoin !== 'off' && attributes.autojoin !== 'false',
  };
}

/** A checked configuration a session can run with. */
export interface RoomConfig {
  room: string;
  server: URL;
  displayName: string;
  audio: boolean;
  video: boolean;
  maxParticipants: number;
  autojoin: boolean;
  /** `relay`: every connection goes through TURN, so no one learns anyone's IP address. */
  iceTransport: 'all' | 'relay';
  /** The page's own STUN/TURN list, used instead of the server's. */
  iceServers?: IceServer[];
  /** Whether people may share their screen. */
  screenshare: boolean;
  /** The room token from the site's backend, for servers that require one. */
  token?: string;
  /** Whether the chat panel and `sendMessage()` are on. */
  chat: boolean;
  /** Whether files may be sent and received. */
  files: boolean;
  /** Largest file sent or accepted, in bytes. */
  maxFileSize: number;
  /** Show the preview, device pickers and name field before joining. */
  prejoin: boolean;
  /** Total video uplink in kbit/s, shared among the peers this page sends to. */
  maxBitrate: number;
}

export type ConfigResult = { ok: true; config: RoomConfig } | { ok: false; error: RoomError };

/**
 * Turns attributes into a {@link RoomConfig}, or the first problem found as a
 * {@link RoomError} a site owner can act on. `defaultServer` is the origin the
 * script was loaded from.
 */
export function parseConfig(attributes: RoomAttributes, defaultServer: string): ConfigResult {
  const room: string = attributes.room?.trim() ?? '';
  if (!isValidRoomName(room)) {
    const given: string = room;
    const why =
      given === '' ? 'is missing' : given.length > ROOM_NAME_MAX_LENGTH ? 'is too long' : 'has characters it cannot use';
    return fail('invalid-room', `${en.errors['invalid-room']} (room ${why})`);
  }
  const server = parseServer(attributes.server?.trim() || defaultServer);
  if (!server) return fail('invalid-server', `${en.errors['invalid-server']} (got "${attributes.server}")`);

  const audio = parseSwitch(ATTR.audio, attributes.audio);
  if (audio instanceof RoomError) return { ok: false, error: audio };
  const video = parseSwitch(ATTR.video, attributes.video);
  if (video instanceof RoomError) return { ok: false, error: video };
  const autojoin = parseSwitch(ATTR.autojoin, attributes.autojoin);
  if (autojoin instanceof RoomError) return { ok: false, error: autojoin };

  let maxParticipants = DEFAULT_MAX_PARTICIPANTS;
  if (attributes.maxParticipants != null && attributes.maxParticipants.trim() !== '') {
    const n = Number(attributes.maxParticipants);
    if (!Number.isInteger(n) || n < 2 || n > 50) {
      return fail(
        'invalid-attribute',
        `max-participants must be a whole number from 2 to 50 (got "${attributes.maxParticipants}").`,
      );
    }
    maxParticipants = n;
  }
  const screenshare = parseSwitch(ATTR.screenshare, attributes.screenshare);
  if (screenshare instanceof RoomError) return { ok: false, error: screenshare };
  const iceTransport = (attributes.iceTransport ?? 'all').trim().toLowerCase() || 'all';
  if (iceTransport !== 'all' && iceTransport !== 'relay') {
    return fail('invalid-attribute', `ice-transport must be "all" or "relay" (got "${attributes.iceTransport}").`);
  }
  const iceServers = parseIceServers(attributes.iceServers);
  if (iceServers instanceof RoomError) return { ok: false, error: iceServers };
  const chat = parseSwitch(ATTR.chat, attributes.chat);
  if (chat instanceof RoomError) return { ok: false, error: chat };
  const files = parseSwitch(ATTR.files, attributes.files);
  if (files instanceof RoomError) return { ok: false, error: files };
  const maxFileSize = parseByteSize(attributes.maxFileSize);
  if (maxFileSize instanceof RoomError) return { ok: false, error: maxFileSize };
  const prejoin = parseSwitch(ATTR.prejoin, attributes.prejoin);
  if (prejoin instanceof RoomError) return { ok: false, error: prejoin };
  const maxBitrate = parseMaxBitrate(attributes.maxBitrate);
  if (maxBitrate instanceof RoomError) return { ok: false, error: maxBitrate };
  return {
    ok: true,
    config: {
      chat,
      files,
      maxFileSize,
      prejoin,
      iceTransport,
      iceServers,
      screenshare,
      room,
      server,
      displayName: normaliseDisplayName(attributes.displayName),
      audio,
      video,
      maxParticipants,
      autojoin,
      token: attributes.token?.trim() || undefined,
      maxBitrate,
    },
  };
}

/** Where PeerJS finds our PeerServer, given the server's base URL. */
export function peerServerLocation(server: URL): { host: string; port: number; secure: boolean; path: string; key: string } {
  const secure = server.protocol === 'https:';
  return {
    host: server.hostname,
    port: server.port ? Number(server.port) : secure ? 443 : 80,
    secure,
    path: `${server.pathname.replace(/\/$/, '')}${PEER_PATH}`,
    key: PEER_KEY,
  };
}

/** A rooms API URL: `join` to be in `room`; as its member, `credentials` to renew TURN credentials, `profile` to rename. */
export function roomsApiUrl(server: URL, room: string, action: 'join' | 'credentials' | 'profile'): URL {
  return new URL(`${server.pathname.replace(/\/$/, '')}/api/rooms/${encodeURIComponent(room)}/${action}`, server);
}

/** `ice-servers`: a JSON array of RTCIceServer objects with stun:, turn: or turns: URLs. */
function parseIceServers(value: string | null | undefined): IceServer[] | undefined | RoomError {
  if (value == null || value.trim() === '') return undefined;
  const problem = (why: string) => new RoomError('invalid-attribute', `ice-servers ${why}.`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return problem('is not valid JSON');
  }
  if (!Array.isArray(parsed)) return problem('must be a JSON array of { "urls": …, "username"?, "credential"? }');
  const servers: IceServer[] = [];
  for (const entry of parsed as unknown[]) {
    if (typeof entry !== 'object' || entry === null) return problem('must contain only objects');
    const { urls, username, credential } = entry as Record<string, unknown>;
    const list = typeof urls === 'string' ? [urls] : urls;
    if (
      !Array.isArray(list) ||
      list.length === 0 ||
      !list.every((u) => typeof u === 'string' && /^(stun|stuns|turn|turns):/.test(u))
    ) {
      return problem('"urls" must be stun:, turn: or turns: URLs');
    }
    if (
      (username !== undefined && typeof username !== 'string') ||
      (credential !== undefined && typeof credential !== 'string')
    ) {
      return problem('"username" and "credential" must be strings');
    }
    servers.push({
      urls: list as string[],
      ...(username !== undefined && { username }),
      ...(credential !== undefined && { credential }),
    });
  }
  return servers;
}

const BYTE_UNITS: Record<string, number> = { '': 1, b: 1, kb: 1e3, mb: 1e6, gb: 1e9 };

/** `max-file-size`: bytes, or a number with a kB, MB or GB suffix (powers of 1000). */
function parseByteSize(value: string | null | undefined): number | RoomError {
  if (value == null || value.trim() === '') return DEFAULT_MAX_FILE_SIZE;
  const match = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(value.trim());
  const bytes = match ? Math.floor(Number(match[1]) * BYTE_UNITS[(match[2] ?? '').toLowerCase()]) : NaN;
  if (!(bytes >= 1 && bytes <= 10 * 1e9)) {
    return new RoomError('invalid-attribute', `max-file-size must be a size such as 50MB, from 1 byte to 10GB (got "${value}").`);
  }
  return bytes;
}

/** `max-bitrate`: kbit/s of video uplink in all, a whole number within sane bounds. */
function parseMaxBitrate(value: string | null | undefined): number | RoomError {
  if (value == null || value.trim() === '') return DEFAULT_MAX_BITRATE_KBPS;
  const n = Number(value);
  if (!Number.isInteger(n) || n < MIN_MAX_BITRATE_KBPS || n > MAX_MAX_BITRATE_KBPS) {
    return new RoomError(
      'invalid-attribute',
      `max-bitrate must be a whole number of kbit/s from ${MIN_MAX_BITRATE_KBPS} to ${MAX_MAX_BITRATE_KBPS} (got "${value}").`,
    );
  }
  return n;
}

function parseServer(value: string): URL | undefined {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    if (url.search || url.hash || url.username || url.password) return undefined;
    return url;
  } catch {
    return undefined;
  }
}

/** `audio`, `video`, `autojoin`, `screenshare`, `chat`, `files`, `prejoin`: absent, empty, "on" or "true" mean on; "off" or "false" mean off. */
function parseSwitch(name: string, value: string | null | undefined): boolean | RoomError {
  if (value == null) return true;
  const v = value.trim().toLowerCase();
  if (v === '' || v === 'on' || v === 'true') return true;
  if (v === 'off' || v === 'false') return false;
  return new RoomError('invalid-attribute', `${name} must be "on" or "off" (got "${value}").`);
}

function fail(code: 'invalid-room' | 'invalid-server' | 'invalid-attribute', message: string): ConfigResult {
  return { ok: false, error: new RoomError(code, message) };
}
