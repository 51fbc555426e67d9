import { createHmac } from 'node:crypto';
import type { IceServer } from '../../protocol/room-protocol.js';

export interface TurnOptions {
  /** coturn's `static-auth-secret`; never leaves the server. */
  secret: string;
  /** TURN URLs handed out with credentials, e.g. `turn:turn.example.com:3478?transport=udp`. */
  urls: string[];
  /** How long a credential is valid, in seconds. */
  ttlSeconds: number;
}

/**
 * TURN REST API credentials as coturn's `use-auth-secret` checks them:
 * username `<expiry-unix-seconds>:<peer-id>`, password
 * `base64(HMAC-SHA1(secret, username))`. Tying the username to the peer id
 * shows in coturn's logs whose allocation is whose.
 */
export function issueTurnCredentials(turn: TurnOptions, peerId: string, nowMs = Date.now()): IceServer {
  const expiry = Math.floor(nowMs / 1000) + turn.ttlSeconds;
  const username = `${expiry}:${peerId}`;
  const credential = createHmac('sha1', turn.secret).update(username).digest('base64');
  return { urls: turn.urls, username, credential };
}

/** The list a member gets: plain STUN servers, then TURN with fresh credentials. */
export function iceServersFor(
  peerId: string,
  stunUrls: string[],
  turn: TurnOptions | undefined,
  nowMs = Date.now(),
): IceServer[] {
  const servers: IceServer[] = stunUrls.length ? [{ urls: stunUrls }] : [];
  if (turn?.urls.length) servers.push(issueTurnCredentials(turn, peerId, nowMs));
  return servers;
}
