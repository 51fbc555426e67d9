import type { Member } from '../../../protocol/room-protocol.js';
import type { RoomError } from '../errors.js';
import type { VideoChatRoomEventMap } from '../events.js';
import type { ChatMessage } from '../channels/chat.js';
import type { TransferView } from '../channels/file-transfer.js';
import type { Quality } from '../stats/call-quality.js';
import type { LinkState } from './media-path.js';

export type SessionStatus = 'idle' | 'joining' | 'joined' | 'left' | 'error';

export interface Participant {
  id: string;
  displayName: string;
  /** Their camera and microphone, once the connection carries it. */
  stream?: MediaStream;
  link: LinkState;
  /** What they say they send, once their data connection is open. */
  media?: RemoteMedia;
  /** From the connection's statistics, once read. */
  quality?: Quality;
}

/** A participant's own word on their microphone, camera and screen share. */
export interface RemoteMedia {
  audio: boolean;
  video: boolean;
  screen: boolean;
}

/** Everything the element renders, as one immutable snapshot. */
export interface SessionState {
  status: SessionStatus;
  /** Why the session is in `error`. */
  error?: RoomError;
  /** Problems the call goes on through (no camera, lost the server…), newest last. */
  notices: RoomError[];
  self?: Member;
  participants: Participant[];
  localStream?: MediaStream;
  hasMicrophone: boolean;
  hasCamera: boolean;
  microphoneOn: boolean;
  cameraOn: boolean;
  /** The outgoing video is the screen, not the camera. */
  screenSharing: boolean;
  /**
   * Joined, and the join's own calls are still being placed (their offers not
   * yet out): the element shows the call's stage once they are, as building it
   * meanwhile would hold the offers up.
   */
  placingCalls: boolean;
  /** Lost the server; calls go on while the session rejoins. */
  reconnecting: boolean;
  /** What was said since this page joined. */
  chat: readonly ChatMessage[];
  /** File transfers in both directions, oldest first. */
  transfers: readonly TransferView[];
  /** The participant talking now (the loudest, held briefly), if anyone is. */
  activeSpeaker?: string;
}

/** A session before it joins. */
export const INITIAL_STATE: SessionState = Object.freeze({
  status: 'idle',
  notices: [],
  participants: [],
  hasMicrophone: false,
  hasCamera: false,
  microphoneOn: false,
  cameraOn: false,
  screenSharing: false,
  placingCalls: false,
  reconnecting: false,
  chat: [],
  transfers: [],
});

/** Events a session dispatches: the element's public ones, which it re-emits, and `change`. */
export type RoomSessionEventMap = VideoChatRoomEventMap & { change: Event };
