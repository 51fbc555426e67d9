import { EventStreamParser } from '../../../protocol/event-stream-parser.js';
import { parsePresenceEvent, type JoinRequest, type PresenceEvent } from '../../../protocol/room-protocol.js';
import { isErrorCode, RoomError } from '../errors.js';
import { en } from '../i18n/en.js';

/**
 * One membership of a room on our server: the join request and the presence
 * stream that answers it (see `protocol/room-protocol.ts`). Closing it leaves
 * the room.
 */
export class PresenceConnection {
  readonly #abort: AbortController;
  /** Resolves when the server ends the stream or the network drops it; never rejects. */
  readonly closed: Promise<void>;

  private constructor(abort: AbortController, body: ReadableStream<Uint8Array>, onEvent: (event: PresenceEvent) => void) {
    this.#abort = abort;
    this.closed = pump(body, onEvent, abort.signal);
  }

  /**
   * Sends the join. Resolves once the server accepted it (events then flow to
   * `onEvent`, `welcome` first); rejects with a {@link RoomError} carrying the
   * server's code when refused, or `server-unreachable`.
   */
  static async open(
    url: URL,
    request: JoinRequest,
    onEvent: (event: PresenceEvent) => void,
    fetchImpl: typeof fetch = fetch,
  ): Promise<PresenceConnection> {
    let response: Response;
    const abort = new AbortController();
    try {
      response = await fetchImpl(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(request),
        signal: abort.signal,
        // Credentials are never needed: membership is proven by the PeerJS token.
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch {
      throw new RoomError('server-unreachable', en.errors['server-unreachable']);
    }
    if (!response.ok || !response.body) throw await refusal(response);
    return new PresenceConnection(abort, response.body, onEvent);
  }

  close(): void {
    this.#abort.abort();
  }
}

async function pump(
  body: ReadableStream<Uint8Array>,
  onEvent: (event: PresenceEvent) => void,
  signal: AbortSignal,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parser = new EventStreamParser();
  signal.addEventListener('abort', () => void reader.cancel().catch(() => {}));
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done || signal.aborted) return;
      for (const raw of parser.push(decoder.decode(value, { stream: true }))) {
        const event = parsePresenceEvent(raw.event, raw.data);
        if (event) onEvent(event);
        else console.warn('[video-chat-room] dropped a malformed presence event', raw.event);
      }
    }
  } catch {
    // The network dropped the stream or it was malformed beyond repair: either way it is closed.
  }
}

async function refusal(response: Response): Promise<RoomError> {
  let code: unknown;
  let message: string | undefined;
  try {
    const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
    code = body.error?.code;
    if (typeof body.error?.message === 'string') message = body.error.message;
  } catch {
    // Not our server, or a proxy's error page.
  }
  if (isErrorCode(code)) return new RoomError(code, en.errors[code]);
  return new RoomError(
    'server-unreachable',
    `${en.errors['server-unreachable']} (HTTP ${response.status}${message ? `: ${message}` : ''})`,
  );
}
