import type { ErrorCode } from './errors.js';

/** Public events of `<video-chat-room>`: names and details, in one place. */
export interface ParticipantDetail {
  /** The participant's PeerJS id, stable for the length of their visit. */
  id: string;
  displayName: string;
}

export interface ErrorDetail {
  code: ErrorCode;
  message: string;
  /** False for problems the call carries on through. */
  fatal: boolean;
}

export interface JoinDetail {
  room: string;
  self: ParticipantDetail;
}

export interface ChatMessageDetail {
  id: string;
  from: ParticipantDetail;
  /** Plain text (the element never renders it as HTML; neither should a page). */
  text: string;
  /** The sender's clock, milliseconds since 1970. */
  sentAt: number;
  /** Sent from this page. */
  local: boolean;
}

export interface FileOfferDetail {
  /** The transfer's id, for `cancelFile()`. */
  id: string;
  from: ParticipantDetail;
  /** Sanitised: no path, no hidden characters. */
  name: string;
  size: number;
  type: string;
}

export interface FileProgressDetail {
  id: string;
  direction: 'send' | 'receive';
  /** The other side of the transfer. */
  peerId: string;
  name: string;
  bytes: number;
  size: number;
  status: 'sending' | 'receiving' | 'verifying' | 'done' | 'cancelled' | 'failed';
}

export interface FileReceivedDetail extends FileOfferDetail {
  /** Hex SHA-256 of the content, checked against the sender's. */
  sha256: string;
  file: File;
  /** An object URL for the file, valid while the element is in the call. */
  url: string;
}

export interface ConnectionQualityDetail {
  /** The participant's id. */
  id: string;
  quality: 'good' | 'fair' | 'poor';
  /** Seconds, when known. */
  roundTripTime?: number;
  /** Share of packets lost in the last second, 0 to 1. */
  packetLoss: number;
}

export interface VideoChatRoomEventMap {
  join: CustomEvent<JoinDetail>;
  leave: CustomEvent<{ room: string }>;
  'participant-join': CustomEvent<ParticipantDetail>;
  'participant-leave': CustomEvent<ParticipantDetail>;
  error: CustomEvent<ErrorDetail>;
  'screenshare-start': CustomEvent<Record<string, never>>;
  'screenshare-stop': CustomEvent<Record<string, never>>;
  'chat-message': CustomEvent<ChatMessageDetail>;
  'file-offer': CustomEvent<FileOfferDetail>;
  'file-progress': CustomEvent<FileProgressDetail>;
  'file-received': CustomEvent<FileReceivedDetail>;
  'connection-quality': CustomEvent<ConnectionQualityDetail>;
  'active-speaker': CustomEvent<{ id: string | null }>;
}

export type VideoChatRoomEventName = keyof VideoChatRoomEventMap;

/**
 * Dispatches a public event from `target`: bubbling and composed, except
 * `error`, which stays on the element as the platform's own `error` events do.
 * A bubbling `error` would reach `window`, where error trackers and test
 * frameworks take it for an uncaught script error.
 */
export function emit<K extends VideoChatRoomEventName>(
  target: EventTarget,
  name: K,
  detail: VideoChatRoomEventMap[K]['detail'],
): void {
  const bubbles = name !== 'error';
  target.dispatchEvent(new CustomEvent(name, { detail, bubbles, composed: bubbles }));
}
