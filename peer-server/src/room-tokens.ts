import { errors, jwtVerify } from 'jose';

/** The longest a room token may last (`exp - iat`, or `exp - now` without `iat`): a day. */
export const MAX_ROOM_TOKEN_LIFETIME_S = 24 * 3600;

/** What a site's backend puts in a room token (JWT, HS256). */
export interface RoomTokenClaims {
  /** The one room this token admits to. */
  room: string;
  /** The name to show, chosen by the site (it overrides what the page says, and the member cannot change it). */
  name?: string;
  /** The room's cap, when the site sets one: the lower of this and the server's. */
  maxParticipants?: number;
  /** Who the token is for (`jti`, else `sub`): such a token seats one page at a time. */
  holder?: string;
  /** When the token expires, in seconds since the epoch. */
  exp: number;
}

export type RoomTokenCheck = { ok: true; claims: RoomTokenClaims } | { ok: false; reason: string };

/**
 * Checks a room token: signed with the shared secret (HS256 only), not
 * expired (`exp` required, and no more than a day away), for this room.
 * Verified by `jose`, never by hand.
 */
export async function checkRoomToken(token: unknown, secret: Uint8Array, roomId: string): Promise<RoomTokenCheck> {
  if (typeof token !== 'string' || token === '') return { ok: false, reason: 'this room needs a token' };
  try {
    const { payload } = await jwtVerify(token, secret, { algorithms: ['HS256'], requiredClaims: ['exp', 'room'] });
    if (payload.room !== roomId) return { ok: false, reason: 'the token is for another room' };
    const exp = payload.exp as number;
    const from = typeof payload.iat === 'number' ? payload.iat : Date.now() / 1000;
    if (exp - from > MAX_ROOM_TOKEN_LIFETIME_S) return { ok: false, reason: 'the token lasts longer than 24 hours' };
    const cap = payload.maxParticipants;
    if (cap !== undefined && (!Number.isInteger(cap) || (cap as number) < 2)) {
      return { ok: false, reason: 'its maxParticipants is not a whole number of at least 2' };
    }
    const holder =
      typeof payload.jti === 'string' ? `jti:${payload.jti}` : typeof payload.sub === 'string' ? `sub:${payload.sub}` : undefined;
    return {
      ok: true,
      claims: {
        room: roomId,
        name: typeof payload.name === 'string' ? payload.name : undefined,
        maxParticipants: cap as number | undefined,
        holder,
        exp,
      },
    };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { ok: false, reason: 'the token has expired' };
    if (error instanceof errors.JWSSignatureVerificationFailed)
      return { ok: false, reason: 'the token is not signed by this site' };
    return { ok: false, reason: 'the token is malformed or incomplete' };
  }
}

/**
 * Which page holds each token that names its visitor (`jti` or `sub`), kept
 * for the token's lifetime: while that page is a member of the token's room,
 * another page presenting the same token is refused, so one token seats one
 * visitor, not a whole room. The same page joining again (a rejoin after a
 * network loss) keeps its seat; once it has left, the token seats a page anew
 * (a reload).
 */
export class TokenSeats {
  readonly #seats = new Map<string, { roomId: string; peerId: string; exp: number }>();
  #prunedAt = 0;

  /**
   * Takes the seat of `claims.holder` for `peerId`; false when another page
   * holds it and, by `isMember`, is still in the room.
   */
  take(
    claims: RoomTokenClaims,
    peerId: string,
    isMember: (roomId: string, peerId: string) => boolean,
    nowS = Date.now() / 1000,
  ): boolean {
    if (!claims.holder) return true;
    this.#prune(nowS);
    const key = `${claims.room}\n${claims.holder}`;
    const seat = this.#seats.get(key);
    if (seat && seat.peerId !== peerId && isMember(seat.roomId, seat.peerId)) return false;
    this.#seats.set(key, { roomId: claims.room, peerId, exp: claims.exp });
    return true;
  }

  #prune(nowS: number): void {
    // Seats go with their tokens; there are no more of them than tokens a site minted in a day.
    if (nowS - this.#prunedAt < 60) return;
    this.#prunedAt = nowS;
    for (const [key, seat] of this.#seats) if (seat.exp <= nowS) this.#seats.delete(key);
  }
}
