/**
 * The rooms protocol between `<video-chat-room>` and our server, shared by both
 * sides so the rules a page checks before sending are the rules the server
 * enforces on receipt.
 *
 * Joining is one request: `POST {server}/api/rooms/{room}/join` with a JSON
 * {@link JoinRequest}. A refused join answers with an HTTP error status and a
 * JSON {@link ErrorBody}. An accepted join answers `200` with a
 * `text/event-stream` body that stays open for as long as the member is in the
 * room: first a `welcome` event, then `join` and `leave` events for other
 * members. Closing the request (leave, tab closed) ends the membership; so does
 * the member's PeerJS socket closing or missing its heartbeats.
 */

/** Room names: what fits in a URL path segment and a log line unescaped. */
export const ROOM_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
export const ROOM_NAME_MAX_LENGTH = 64;
/**
 * PeerJS ids the server accepts, on the signaling socket and in the rooms API:
 * what a page makes with `crypto.randomUUID()`, and nothing that could carry
 * markup into a member list or bloat a TURN username.
 */
export const PEER_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const DISPLAY_NAME_MAX_LENGTH = 64;
export const DEFAULT_MAX_PARTICIPANTS = 6;
/** Longest chat message, in characters (chat travels peer to peer; the server never sees it). */
export const MAX_CHAT_LENGTH = 2000;
/** Where the PeerServer is mounted on our server. */
export const PEER_PATH = '/peerjs';
export const PEER_KEY = 'peerjs';
/** How often a page pings the PeerServer; the server's alive timeout must exceed it. */
export const PEER_PING_INTERVAL_MS = 1000;
/** Largest join request body the server reads. */
export const JOIN_BODY_MAX_BYTES = 2048;

export interface JoinRequest {
  /** The PeerJS id the page is connected with. */
  peerId: string;
  /** The token the page opened its PeerJS socket with: proves it owns `peerId`. */
  token: string;
  displayName: string;
  /**
   * Ignored: a room's cap is the server's, or a room token's `maxParticipants`
   * claim. Older pages still send it.
   */
  maxParticipants?: number;
  /** A room token from the site's backend, when the server requires one. */
  roomToken?: string;
}

export interface Member {
  id: string;
  displayName: string;
}

export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

export interface WelcomeEvent {
  self: Member;
  /** Everyone already in the room; the newcomer calls each of them. */
  members: Member[];
  maxParticipants: number;
  iceServers: IceServer[];
}

export type PresenceEvent =
  | { type: 'welcome'; data: WelcomeEvent }
  | { type: 'join'; data: Member }
  /** A member changed its display name. */
  | { type: 'update'; data: Member }
  | { type: 'leave'; data: { id: string } }
  /** The server is shutting down: calls in progress keep their media. */
  | { type: 'shutdown'; data: Record<string, never> };

/** Codes the server answers a refused join with. */
export type JoinErrorCode =
  | 'invalid-room'
  | 'invalid-request'
  | 'peer-unverified'
  | 'room-full'
  | 'origin-not-allowed'
  | 'token-rejected'
  | 'not-a-member'
  /** A rename refused: the site's room token set this member's name. */
  | 'name-fixed'
  | 'rate-limited'
  | 'payload-too-large';

/**
 * `POST {server}/api/rooms/{room}/profile` with this body changes a member's
 * display name; the others get an `update` event. Answers 204.
 */
export interface ProfileRequest {
  peerId: string;
  token: string;
  displayName: string;
}

/**
 * `POST {server}/api/rooms/{room}/credentials` with this body renews a
 * member's TURN credentials; the answer is a {@link CredentialsResponse}.
 */
export interface CredentialsRequest {
  peerId: string;
  token: string;
}

export interface CredentialsResponse {
  iceServers: IceServer[];
}

export interface ErrorBody {
  error: { code: JoinErrorCode; message: string };
}

/**
 * The same rooms protocol over the page's PeerJS socket, which the element
 * uses: one connection per member instead of a socket plus a long-lived HTTP
 * request (lighter on the server, and clear of the browser's six HTTP/1.1
 * connections per host). The socket's own id and token are the proof of
 * identity, so messages carry neither. PeerServer relays none of these types;
 * a server that does not know them ignores them.
 *
 * - page → server `ROOM-JOIN` {@link SocketJoinPayload}: join (or move to) a room;
 *   answered by a `ROOM-EVENT` with the `welcome`, or a `ROOM-ERROR`.
 * - page → server `ROOM-LEAVE` `{ room }`; `ROOM-PROFILE` `{ room, displayName }`.
 * - server → page `ROOM-EVENT` {@link SocketEventPayload}: welcome, join, update, leave, shutdown.
 * - server → page `ROOM-ERROR` {@link SocketErrorPayload}.
 */
export const ROOM_SOCKET = {
  join: 'ROOM-JOIN',
  leave: 'ROOM-LEAVE',
  profile: 'ROOM-PROFILE',
  event: 'ROOM-EVENT',
  error: 'ROOM-ERROR',
} as const;

export interface SocketJoinPayload {
  room: string;
  displayName: string;
  /** Ignored, as in {@link JoinRequest}. */
  maxParticipants?: number;
  roomToken?: string;
}

export type SocketEventPayload = PresenceEvent & { room: string };

export interface SocketErrorPayload {
  room: string;
  code: JoinErrorCode;
  message: string;
}

export function isValidRoomName(room: unknown): room is string {
  return typeof room === 'string' && ROOM_NAME_PATTERN.test(room);
}

/**
 * A display name as others will see it: control characters removed, whitespace
 * collapsed, cut to {@link DISPLAY_NAME_MAX_LENGTH} code points. Rendering stays
 * text-only on every side; this only keeps names readable.
 */
export function normaliseDisplayName(name: unknown): string {
  if (typeof name !== 'string') return '';
  const cleaned = name
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
  return Array.from(cleaned).slice(0, DISPLAY_NAME_MAX_LENGTH).join('');
}

/** Validates a presence event that arrived from the network. */
export function parsePresenceEvent(type: string, json: string): PresenceEvent | undefined {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (type === 'welcome' && isWelcome(data)) return { type, data };
  if ((type === 'join' || type === 'update') && isMember(data)) return { type, data };
  if (type === 'shutdown') return { type, data: {} };
  if (type === 'leave' && isObject(data) && typeof data.id === 'string') {
    return { type, data: { id: data.id } };
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isMember(value: unknown): value is Member {
  return isObject(value) && typeof value.id === 'string' && typeof value.displayName === 'string';
}

function isWelcome(value: unknown): value is WelcomeEvent {
  return (
    isObject(value) &&
    isMember(value.self) &&
    Array.isArray(value.members) &&
    value.members.every(isMember) &&
    typeof value.maxParticipants === 'number' &&
    Array.isArray(value.iceServers)
  );
}
