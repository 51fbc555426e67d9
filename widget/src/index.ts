import { VERSION } from './version.js';
import { VideoChatRoom } from './video-chat-room.js';

export { VideoChatRoom };
export { ERROR_CODES, RoomError, type ErrorCode } from './errors.js';
export type { ErrorDetail, JoinDetail, ParticipantDetail, VideoChatRoomEventMap } from './events.js';
export type { ConnectionStats } from './stats/connection-stats.js';
export type { IceServerReport, PreflightReport } from './network/ice-preflight.js';

export { VERSION };

declare global {
  interface HTMLElementTagNameMap {
    'video-chat-room': VideoChatRoom;
  }
}

/**
 * Registers `<video-chat-room>` unless something already did: a page may load
 * the script twice (a script tag and an npm import, two embeds). The same
 * version twice is fine; another version already registered stays in charge,
 * and the console says so once.
 */
export function defineVideoChatRoom(): void {
  const existing = customElements.get('video-chat-room') as { version?: string } | undefined;
  if (!existing) {
    customElements.define('video-chat-room', VideoChatRoom);
    return;
  }
  if (existing !== VideoChatRoom && existing.version !== VERSION) {
    console.warn(
      `[video-chat-room] ${VERSION} loaded, but ${existing.version ?? 'another version'} is already registered and stays in use. Load one copy of the script.`,
    );
  }
}

defineVideoChatRoom();
