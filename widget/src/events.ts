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

export interface VideoChatRoomEventMap {
  join: CustomEvent<JoinDetail>;
  leave: CustomEvent<{ room: string }>;
  'participant-join': CustomEvent<ParticipantDetail>;
  'participant-leave': CustomEvent<ParticipantDetail>;
  error: CustomEvent<ErrorDetail>;
  'screenshare-start': CustomEvent<Record<string, never>>;
  'screenshare-stop': CustomEvent<Record<string, never>>;
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
