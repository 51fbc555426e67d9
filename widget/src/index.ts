import { VideoChatRoom } from './video-chat-room.js';

export { VideoChatRoom };
export { ERROR_CODES, RoomError, type ErrorCode } from './errors.js';
export type { ErrorDetail, JoinDetail, ParticipantDetail, VideoChatRoomEventMap } from './events.js';
export type { ConnectionStats } from './stats/connection-stats.js';
export type { IceServerReport, PreflightReport } from './network/ice-preflight.js';

/**
 * Registers `<video-chat-room>` unless something already did: a page may load
 * the script twice (two embeds, a single-page app re-running its bundle).
 */
export function defineVideoChatRoom(): void {
  if (!customElements.get('video-chat-room')) customElements.define('video-chat-room', VideoChatRoom);
}

defineVideoChatRoom();
