import { errors, jwtVerify } from 'jose';

/** What a site's backend puts in a room token (JWT, HS256). */
export interface RoomTokenClaims {
  /** The one room this token admits to. */
  room: string;
  /** The name to show, chosen by the site (it overrides what the page says). */
  name?: string;
}

export type RoomTokenCheck = { ok: true; claims: RoomTokenClaims } | { ok: false; reason: string };

/**
 * Checks a room token: signed with the shared secret (HS256 only), not
 * expired (`exp` required), for this room. Verified by `jose`, never by hand.
 */
export async function checkRoomToken(token: unknown, secret: Uint8Array, roomId: string): Promise<RoomTokenCheck> {
  if (typeof token !== 'string' || token === '') return { ok: false, reason: 'this room needs a token' };
  try {
    const { payload } = await jwtVerify(token, secret, { algorithms: ['HS256'], requiredClaims: ['exp', 'room'] });
    if (payload.room !== roomId) return { ok: false, reason: 'the token is for another room' };
    const name = typeof payload.name === 'string' ? payload.name : undefined;
    return { ok: true, claims: { room: roomId, name } };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { ok: false, reason: 'the token has expired' };
    if (error instanceof errors.JWSSignatureVerificationFailed)
      return { ok: false, reason: 'the token is not signed by this site' };
    return { ok: false, reason: 'the token is malformed or incomplete' };
  }
}
