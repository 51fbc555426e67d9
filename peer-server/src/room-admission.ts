import {
  normaliseDisplayName,
  type IceServer,
  type JoinErrorCode,
  type Member,
  type WelcomeEvent,
} from '../../protocol/room-protocol.js';
import type { ServerMetrics } from './metrics.js';
import { checkRoomToken } from './room-tokens.js';
import type { MemberSink, Rooms } from './rooms.js';

export interface AdmissionOptions {
  rooms: Rooms;
  /** The ICE servers (with fresh TURN credentials) for one member. */
  iceServersFor: (peerId: string) => IceServer[];
  metrics: ServerMetrics;
  /** Joining needs a room token signed with this, when set. */
  roomTokenSecret?: Uint8Array;
}

export interface AdmissionRequest {
  roomId: string;
  /** A PeerJS id the caller has proven to own. */
  peerId: string;
  displayName: unknown;
  maxParticipants: unknown;
  roomToken: unknown;
}

export type Refusal = { status: number; code: JoinErrorCode; message: string };

/**
 * Whether a proven peer may join a room, and if so the join itself: the same
 * rules whichever way the request came (the HTTP event stream or the PeerJS
 * socket). `stillThere` is asked once the token check is done: a page that
 * went away meanwhile is not added. Resolves with the welcome, a refusal, or
 * undefined for a page gone.
 */
export async function admit(
  options: AdmissionOptions,
  request: AdmissionRequest,
  sink: MemberSink,
  stillThere: () => boolean,
): Promise<{ welcome: WelcomeEvent } | { refusal: Refusal } | undefined> {
  const { roomId, peerId, maxParticipants } = request;
  if (maxParticipants !== undefined && typeof maxParticipants !== 'number') {
    return refused(options, 400, 'invalid-request', 'maxParticipants must be a number.');
  }
  let displayName = request.displayName;
  if (options.roomTokenSecret) {
    const check = await checkRoomToken(request.roomToken, options.roomTokenSecret, roomId);
    if (!check.ok) return refused(options, 401, 'token-rejected', `Room token rejected: ${check.reason}.`);
    displayName = check.claims.name ?? displayName;
  }
  if (!stillThere()) return undefined;
  const self: Member = { id: peerId, displayName: normaliseDisplayName(displayName) };
  const result = options.rooms.join(roomId, self, sink, maxParticipants);
  if (!result.ok) return refused(options, 409, 'room-full', `This room is full (${result.cap} people).`);
  options.metrics.joins.inc();
  return {
    welcome: { self, members: result.members, maxParticipants: result.cap, iceServers: options.iceServersFor(peerId) },
  };
}

function refused(options: AdmissionOptions, status: number, code: JoinErrorCode, message: string): { refusal: Refusal } {
  options.metrics.joinRefusals.inc({ code });
  return { refusal: { status, code, message } };
}
