import type { CredentialsRequest, CredentialsResponse, IceServer } from '../../../protocol/room-protocol.js';

/**
 * Requests a room member makes to our server once joined (see
 * `protocol/room-protocol.ts`): a chunk of its own, loaded when credentials
 * are first renewed.
 */
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

export { renewalDelayMs } from './ice-server-keeper.js';
