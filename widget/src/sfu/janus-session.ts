import { parseJanusMessage, type JanusJsep, type JanusMessage } from './janus-messages.js';

/** Janus drops a session that is silent for 60 s (sfu/janus.jcfg); a keepalive every 25 s leaves room for one lost. */
const KEEPALIVE_MS = 25_000;
const REQUEST_TIMEOUT_MS = 10_000;

/** A Janus request that failed: Janus's own code (403 unauthorized, 458 no session…) or 0 for the connection. */
export class JanusRequestError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'JanusRequestError';
  }
}

/** What a plugin answered: its data, and an SDP when it sent one. */
export interface PluginAnswer {
  data: Record<string, unknown>;
  jsep?: JanusJsep;
}

type PluginEventListener = (answer: PluginAnswer) => void;

/**
 * One Janus session over one WebSocket (the documented Janus API, protocol
 * `janus-protocol`): requests matched to answers by transaction, a keepalive
 * while open, plugin events routed to the handle they are for. Every request
 * carries the member's token; `setToken` takes a renewed one.
 */
export class JanusSession {
  readonly #socket: WebSocket;
  readonly #pending = new Map<
    string,
    { resolve(m: JanusMessage): void; reject(e: Error): void; timer: number; endsAtAck: boolean }
  >();
  readonly #handles = new Map<number, PluginEventListener>();
  #token: string;
  #sessionId = 0;
  #keepalive: number | undefined;
  #closed = false;
  /** Called once when the socket closes or Janus drops the session, unless `close()` did it. */
  onLost: (reason: string) => void = () => {};

  private constructor(socket: WebSocket, token: string) {
    this.#socket = socket;
    this.#token = token;
    socket.addEventListener('message', (event) => this.#receive(event.data));
    socket.addEventListener('close', () => this.#lose('the connection to the media server closed'));
  }

  /** Opens the socket and creates a session; rejects with a `JanusRequestError` (403 for a bad token). */
  static async open(url: string, token: string): Promise<JanusSession> {
    const socket = new WebSocket(url, 'janus-protocol');
    await new Promise<void>((resolve, reject) => {
      socket.addEventListener('open', () => resolve(), { once: true });
      socket.addEventListener('error', () => reject(new JanusRequestError(0, `cannot reach the media server at ${url}`)), {
        once: true,
      });
    });
    const session = new JanusSession(socket, token);
    try {
      const created = await session.#request({ janus: 'create' });
      const id = created.data?.id;
      if (typeof id !== 'number') throw new JanusRequestError(0, 'Janus created a session without an id');
      session.#sessionId = id;
    } catch (error) {
      session.close();
      throw error;
    }
    session.#keepalive = window.setInterval(() => {
      session.#request({ janus: 'keepalive' }, true).catch((error: Error) => session.#lose(`keepalive failed: ${error.message}`));
    }, KEEPALIVE_MS);
    return session;
  }

  setToken(token: string): void {
    this.#token = token;
  }

  /** Attaches a handle to `plugin`; its asynchronous events go to `onEvent`. */
  async attach(plugin: string, onEvent: PluginEventListener): Promise<number> {
    const answer = await this.#request({ janus: 'attach', plugin });
    const id = answer.data?.id;
    if (typeof id !== 'number') throw new JanusRequestError(0, 'Janus attached a handle without an id');
    this.#handles.set(id, onEvent);
    return id;
  }

  /**
   * Sends a plugin message on a handle and resolves with the plugin's answer
   * (synchronous ones at once, asynchronous ones after Janus's ack, by transaction).
   * A plugin error (`error_code` in its data) rejects.
   */
  async message(handleId: number, body: Record<string, unknown>, jsep?: RTCSessionDescriptionInit): Promise<PluginAnswer> {
    const answer = await this.#request({ janus: 'message', handle_id: handleId, body, ...(jsep ? { jsep } : {}) });
    if (!answer.plugindata) throw new JanusRequestError(0, `Janus answered "${answer.janus}" without plugin data`);
    const { data } = answer.plugindata;
    if (typeof data.error_code === 'number') {
      throw new JanusRequestError(data.error_code, `VideoRoom: ${String(data.error ?? data.error_code)}`);
    }
    return { data, ...(answer.jsep ? { jsep: answer.jsep } : {}) };
  }

  /** Sends one of our ICE candidates (or the end of them, for `null`) to a handle. */
  trickle(handleId: number, candidate: RTCIceCandidate | null): void {
    const payload = candidate
      ? { candidate: candidate.candidate, sdpMid: candidate.sdpMid, sdpMLineIndex: candidate.sdpMLineIndex }
      : { completed: true };
    this.#request({ janus: 'trickle', handle_id: handleId, candidate: payload }, true).catch(() => {
      // A candidate Janus did not take changes nothing the others cannot carry.
    });
  }

  async detach(handleId: number): Promise<void> {
    this.#handles.delete(handleId);
    await this.#request({ janus: 'detach', handle_id: handleId }).catch(() => undefined);
  }

  /** Destroys the session (Janus hangs up its handles) and closes the socket. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#keepalive);
    if (this.#sessionId && this.#socket.readyState === WebSocket.OPEN) {
      this.#socket.send(
        JSON.stringify({ janus: 'destroy', session_id: this.#sessionId, transaction: 'bye', token: this.#token }),
      );
    }
    this.#socket.close();
    for (const { reject, timer } of this.#pending.values()) {
      clearTimeout(timer);
      reject(new JanusRequestError(0, 'the media server session was closed'));
    }
    this.#pending.clear();
  }

  /** Sends a request; `endsAtAck` for keepalive and trickle, which Janus answers with an ack alone. */
  #request(request: Record<string, unknown>, endsAtAck = false): Promise<JanusMessage> {
    if (this.#closed || this.#socket.readyState !== WebSocket.OPEN) {
      return Promise.reject(new JanusRequestError(0, 'the media server session is closed'));
    }
    const transaction = crypto.randomUUID();
    const sessionPart = this.#sessionId ? { session_id: this.#sessionId } : {};
    return new Promise((resolve, reject) => {
      const timer = window.setTimeout(() => {
        this.#pending.delete(transaction);
        reject(new JanusRequestError(0, `the media server did not answer "${String(request.janus)}"`));
      }, REQUEST_TIMEOUT_MS);
      this.#pending.set(transaction, { resolve, reject, timer, endsAtAck });
      this.#socket.send(JSON.stringify({ ...request, ...sessionPart, transaction, token: this.#token }));
    });
  }

  #receive(text: unknown): void {
    const message = parseJanusMessage(text);
    if ('invalid' in message) {
      console.warn(`[video-chat-room] dropped a message from the media server: ${message.invalid}`);
      return;
    }
    const pending = message.transaction ? this.#pending.get(message.transaction) : undefined;
    if (message.janus === 'ack') {
      // An ack ends a keepalive or trickle; a plugin message waits for its event.
      if (pending?.endsAtAck) this.#settle(message.transaction!, message);
      return;
    }
    if (pending && (message.janus === 'success' || message.janus === 'error' || message.janus === 'event')) {
      this.#settle(message.transaction!, message);
      return;
    }
    if (message.janus === 'event' && message.sender !== undefined && message.plugindata) {
      this.#handles.get(message.sender)?.({ data: message.plugindata.data, ...(message.jsep ? { jsep: message.jsep } : {}) });
      return;
    }
    if (message.janus === 'timeout') this.#lose('the media server ended the session (timeout)');
    // webrtcup, media, slowlink, hangup: the peer connections tell us the same first-hand.
  }

  #settle(transaction: string, message: JanusMessage): void {
    const pending = this.#pending.get(transaction)!;
    this.#pending.delete(transaction);
    clearTimeout(pending.timer);
    if (message.janus === 'error') {
      pending.reject(new JanusRequestError(message.error?.code ?? 0, `Janus: ${message.error?.reason ?? 'error'}`));
    } else pending.resolve(message);
  }

  #lose(reason: string): void {
    if (this.#closed) return;
    this.close();
    this.onLost(reason);
  }
}
