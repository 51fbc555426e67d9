import {
  normaliseDisplayName,
  type IceServer,
  type JoinErrorCode,
  type Member,
  type WelcomeEvent,
} from '../../protocol/room-protocol.js';
import type { ServerMetrics } from './metrics.js';
import { checkRoomToken, type RoomTokenClaims, type TokenSeats } from './room-tokens.js';
import type { MemberSink, Rooms } from './rooms.js';

export interface AdmissionOptions {
  rooms: Rooms;
  /** The ICE servers (with fresh TURN credentials) for one member. */
  iceServersFor: (peerId: string) => IceServer[];
  metrics: ServerMetrics;
  /**
   * Counts a join over the signaling socket against its address's joins a
   * minute (the rooms API counts its requests in the same place); false when
   * over. Each join hands out TURN credentials, so this also bounds those.
   */
  allowJoin: (addressKey: string) => boolean;
  /** Joining needs a room token signed with this, when set. */
  roomTokenSecret?: Uint8Array;
  /** Which page holds each token that names its visitor. */
  tokenSeats: TokenSeats;
}

export interface AdmissionRequest {
  roomId: string;
  /** A PeerJS id the caller has proven to own. */
  peerId: string;
  displayName: unknown;
  roomToken: unknown;
}

/** Why a rename is refused when the site's token set the name. */
export const NAME_FIXED = "This room's token set your name: it cannot be changed here.";

export type Refusal = { status: number; code: JoinErrorCode; message: string };

/**
 * Whether a proven peer may join a room, and if so the join itself: the same
 * rules whichever way the request came (the HTTP event stream or the PeerJS
 * socket). `stillThere` is asked once the token check is done: a page that
 * went away meanwhile is not added. Resolves with the welcome, a refusal, or
 * undefined for a page gone.
 *
 * A room's cap is the server's, or lower where the site's token says so; what
 * a page asks for does not count (a first joiner could squat a room, and a
 * join asking for 2 would tell an outsider whether 2 are in). A refusal for a
 * full room says only that it is full.
 */
export async function admit(
  options: AdmissionOptions,
  request: AdmissionRequest,
  sink: MemberSink,
  stillThere: () => boolean,
): Promise<{ welcome: WelcomeEvent } | { refusal: Refusal } | undefined> {
  const { roomId, peerId } = request;
  let displayName = request.displayName;
  let claims: RoomTokenClaims | undefined;
  if (options.roomTokenSecret) {
    const check = await checkRoomToken(request.roomToken, options.roomTokenSecret, roomId);
    if (!check.ok) return refused(options, 401, 'token-rejected', `Room token rejected: ${check.reason}.`);
    claims = check.claims;
    displayName = claims.name ?? displayName;
  }
  if (!stillThere()) return undefined;
  // Taken and joined in one synchronous step, so two pages with one token cannot both pass.
  if (claims && !options.tokenSeats.take(claims, peerId, (room, peer) => options.rooms.isMember(room, peer))) {
    return refused(options, 401, 'token-rejected', 'Room token rejected: it is in use by another page in this room.');
  }
  const self: Member = { id: peerId, displayName: normaliseDisplayName(displayName) };
  const result = options.rooms.join(roomId, self, sink, {
    cap: claims?.maxParticipants,
    nameFixed: claims?.name !== undefined,
  });
  if (!result.ok) return refused(options, 409, 'room-full', 'This room is full.');
  options.metrics.joins.inc();
  return {
    welcome: { self, members: result.members, maxParticipants: result.cap, iceServers: options.iceServersFor(peerId) },
  };
}

function refused(options: AdmissionOptions, status: number, code: JoinErrorCode, message: string): { refusal: Refusal } {
  options.metrics.joinRefusals.inc({ code });
  return { refusal: { status, code, message } };
}
