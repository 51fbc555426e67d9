import type { CredentialsRequest, CredentialsResponse, IceServer } from '../../../protocol/room-protocol.js';

/** Requests a room member makes to our server once joined (see `protocol/room-protocol.ts`). */
async function postAsMember(url: URL, body: unknown, fetchImpl: typeof fetch): Promise<Response> {
  const response = await fetchImpl(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    credentials: 'omit',
    cache: 'no-store',
  });
  if (!response.ok) throw new Error(`${url.pathname} refused: HTTP ${response.status}`);
  return response;
}

/** Asks our server for fresh TURN credentials as a member of the room at `url`. */
export async function renewIceServers(
  url: URL,
  request: CredentialsRequest,
  fetchImpl: typeof fetch = fetch,
): Promise<IceServer[]> {
  const response = await postAsMember(url, request, fetchImpl);
  const body = (await response.json()) as Partial<CredentialsResponse>;
  if (!Array.isArray(body.iceServers)) throw new Error('credentials: malformed answer');
  return body.iceServers;
}

/**
 * When to renew: at 80% of the shortest remaining lifetime among the TURN
 * credentials (their username starts with the expiry in Unix seconds), and
 * never sooner than 30 s. Undefined when nothing expires.
 */
export function renewalDelayMs(iceServers: IceServer[], nowMs = Date.now()): number | undefined {
  const expiries = iceServers
    .map((s) => /^(\d+):/.exec(s.username ?? '')?.[1])
    .filter((e): e is string => e !== undefined)
    .map((e) => Number(e) * 1000);
  if (!expiries.length) return undefined;
  return Math.max(30_000, (Math.min(...expiries) - nowMs) * 0.8);
}
