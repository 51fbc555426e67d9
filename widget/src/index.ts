import { VideoChatRoom } from './video-chat-room.js';

export { VideoChatRoom };
export { ERROR_CODES, RoomError, type ErrorCode } from './errors.js';
export type { ErrorDetail, JoinDetail, ParticipantDetail, VideoChatRoomEventMap } from './events.js';
export type { ConnectionStats } from './stats/connection-stats.js';

// A page may load the script twice (two embeds, a SPA re-running its bundle): define once.
if (!customElements.get('video-chat-room')) customElements.define('video-chat-room', VideoChatRoom);
