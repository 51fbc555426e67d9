/**
 * What two members' pages say to each other over their data connection.
 * Text messages are JSON; file bytes travel as binary frames behind a 4-byte
 * stream number. Everything that arrives is checked here before use: a peer
 * is another person's page, and may be anyone's code.
 */

import { MAX_CHAT_LENGTH } from '../../../protocol/room-protocol.js';

export { MAX_CHAT_LENGTH };
/** Longest JSON message accepted from a peer, in characters (a chat message at most, escaped). */
export const MAX_TEXT_FRAME = 16_384;
/** Bytes before the file data in a binary frame. */
export const CHUNK_HEADER_BYTES = 4;

export type RefusalReason = 'cancelled' | 'too-large' | 'disabled' | 'corrupt' | 'left';

export type ChannelMessage =
  /** The sender's microphone, camera and screen share, sent on open and on every change. */
  | { t: 'state'; audio: boolean; video: boolean; screen: boolean }
  | { t: 'chat'; id: string; text: string; sentAt: number }
  /** A file on its way: its bytes follow as binary frames tagged with `stream`. */
  | { t: 'file-offer'; id: string; stream: number; name: string; size: number; mime: string }
  /** All bytes sent; the receiver checks them against `sha256` before offering the file. */
  | { t: 'file-end'; id: string; sha256: string }
  /** Either side gives up on a transfer. */
  | { t: 'file-cancel'; id: string; reason: RefusalReason }
  /** The receiver has the whole file and its hash matched (`ok`) or not. */
  | { t: 'file-ack'; id: string; ok: boolean }
  /** Keeps the link known to be alive when nothing else is said. */
  | { t: 'ping' };

export type ChannelMessageType = ChannelMessage['t'];

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const REASONS: readonly RefusalReason[] = ['cancelled', 'too-large', 'disabled', 'corrupt', 'left'];

type Fields = Record<string, unknown>;
const isId = (v: unknown): v is string => typeof v === 'string' && ID.test(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

const validators: { [K in ChannelMessageType]: (m: Fields) => boolean } = {
  state: (m) => typeof m.audio === 'boolean' && typeof m.video === 'boolean' && typeof m.screen === 'boolean',
  chat: (m) =>
    isId(m.id) && typeof m.text === 'string' && m.text.length > 0 && m.text.length <= MAX_CHAT_LENGTH && isCount(m.sentAt),
  'file-offer': (m) =>
    isId(m.id) &&
    isCount(m.stream) &&
    m.stream <= 0xffffffff &&
    typeof m.name === 'string' &&
    m.name.length <= 1024 &&
    isCount(m.size) &&
    typeof m.mime === 'string' &&
    m.mime.length <= 255,
  'file-end': (m) => isId(m.id) && typeof m.sha256 === 'string' && SHA256_HEX.test(m.sha256),
  'file-cancel': (m) => isId(m.id) && REASONS.includes(m.reason as RefusalReason),
  'file-ack': (m) => isId(m.id) && typeof m.ok === 'boolean',
  ping: () => true,
};

/** The message in a text frame, or a reason it was dropped. */
export function parseChannelMessage(frame: string): { message: ChannelMessage } | { dropped: string } {
  if (frame.length > MAX_TEXT_FRAME) return { dropped: `text frame of ${frame.length} characters` };
  let value: unknown;
  try {
    value = JSON.parse(frame);
  } catch {
    return { dropped: 'not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { dropped: 'not an object' };
  const fields = value as Fields;
  const type = fields.t;
  if (typeof type !== 'string' || !Object.hasOwn(validators, type))
    return { dropped: `unknown type ${String(type).slice(0, 32)}` };
  if (!validators[type as ChannelMessageType](fields)) return { dropped: `malformed ${type}` };
  return { message: fields as ChannelMessage };
}

/** A binary frame: stream number, then file bytes. */
export function encodeChunk(stream: number, bytes: Uint8Array): ArrayBuffer {
  const frame = new Uint8Array(CHUNK_HEADER_BYTES + bytes.byteLength);
  new DataView(frame.buffer).setUint32(0, stream);
  frame.set(bytes, CHUNK_HEADER_BYTES);
  return frame.buffer;
}

export function decodeChunk(frame: ArrayBuffer): { stream: number; bytes: Uint8Array } | undefined {
  if (frame.byteLength <= CHUNK_HEADER_BYTES) return undefined;
  return { stream: new DataView(frame).getUint32(0), bytes: new Uint8Array(frame, CHUNK_HEADER_BYTES) };
}

/** A random id for a message or a transfer. */
export function newMessageId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return [...bytes].map((b) => b.toString(36).padStart(2, '0')).join('');
}
