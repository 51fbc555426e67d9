import { WebSocket } from 'ws';

/** How much one signaling socket may send: a burst, then a steady rate. */
export interface SignalingBudgetOptions {
  burstBytes: number;
  bytesPerSecond: number;
  burstMessages: number;
  messagesPerSecond: number;
}

/**
 * A real page sends little: an offer of about 6 KB and a few dozen candidates
 * per call, a heartbeat a second. Joining a full room of 6 is five calls at
 * once, about 60 KB. PeerServer keeps messages for peers that are not
 * connected for several seconds, so without a budget one socket could make the
 * server hold hundreds of MB (measured: 160 MB from one socket in 3 s).
 */
export const DEFAULT_SIGNALING_BUDGET: SignalingBudgetOptions = {
  burstBytes: 1024 * 1024,
  bytesPerSecond: 128 * 1024,
  burstMessages: 1000,
  messagesPerSecond: 100,
};

/**
 * A destination that reads this slowly falls this far behind before it is cut:
 * a page that stops reading while others keep sending would otherwise make the
 * server hold everything sent to it (measured: 160 MB more in 20 s with 40
 * senders inside their budgets). A real page never has more than a few
 * offers' worth waiting.
 */
export const MAX_BUFFERED_BYTES = 1024 * 1024;

export interface SignalingSocketOptions {
  budget: SignalingBudgetOptions;
  /** Called when a socket is closed for overspending. */
  onOverspent: () => void;
  /** Called when a socket is cut for not reading what it is sent. */
  onBackedUp: () => void;
  /**
   * Decides whether a message within the budget goes on to PeerServer (the
   * relay rules); a message it refuses is dropped.
   */
  screen: (socket: SignalingSocket, data: Buffer) => boolean;
}

/** What the rest of the server knows about a signaling socket. */
export interface SignalingSocket extends WebSocket {
  /** The PeerJS id it was opened with, once admitted. */
  peerId: string | undefined;
  /** The token it was opened with. */
  peerToken: string | undefined;
  /** Its client's address key (see `address-limits.ts`). */
  addressKey: string;
  /** When it last sent a message (a page heartbeats every second). */
  readonly lastHeardAt: number;
}

/**
 * A WebSocket class for the signaling server (ws's `WebSocket` option) that
 * spends each incoming message against two token buckets (bytes and messages)
 * before anyone hears it, and closes a socket that overspends (1008, policy
 * violation); nothing it sends after that reaches PeerServer. A message within
 * the budget is then screened (`options.screen`). Sending to a socket that has
 * more than {@link MAX_BUFFERED_BYTES} waiting cuts it. The balance lives in
 * the socket itself: a server holds thousands of idle sockets, and a listener
 * and state object per socket would cost each of them more.
 */
export function budgetedWebSocket(options: SignalingSocketOptions): typeof WebSocket {
  const { budget } = options;
  return class BudgetedWebSocket extends WebSocket implements SignalingSocket {
    peerId: string | undefined;
    peerToken: string | undefined;
    addressKey = 'unknown';
    #bytes = budget.burstBytes;
    #messages = budget.burstMessages;
    #last = Date.now();
    #overspent = false;

    get lastHeardAt(): number {
      return this.#last;
    }

    override emit(event: string | symbol, ...args: unknown[]): boolean {
      if (event === 'message') {
        const data = args[0] as Buffer | ArrayBuffer | Buffer[];
        if (!this.#spend(data)) return false;
        if (!options.screen(this, asBuffer(data))) return false;
      }
      return super.emit(event, ...args);
    }

    override send(data: unknown, ...rest: unknown[]): void {
      (super.send as (...args: unknown[]) => void)(data, ...rest);
      if (this.bufferedAmount > MAX_BUFFERED_BYTES && this.readyState === this.OPEN) {
        options.onBackedUp();
        // A close frame would wait behind everything already queued: cut it.
        this.terminate();
      }
    }

    /** Whether this message is within the budget (and so may be handed on). */
    #spend(data: Buffer | ArrayBuffer | Buffer[]): boolean {
      if (this.#overspent) return false;
      const now = Date.now();
      const elapsed = (now - this.#last) / 1000;
      this.#last = now;
      this.#bytes = Math.min(budget.burstBytes, this.#bytes + elapsed * budget.bytesPerSecond);
      this.#messages = Math.min(budget.burstMessages, this.#messages + elapsed * budget.messagesPerSecond);
      this.#bytes -= Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data.byteLength;
      this.#messages -= 1;
      if (this.#bytes >= 0 && this.#messages >= 0) return true;
      this.#overspent = true;
      if (this.readyState === this.OPEN) {
        options.onOverspent();
        this.close(1008, 'signaling budget exceeded');
        // Stop reading, and cut the socket if it does not close in time.
        this.pause();
        setTimeout(terminate, 1000, this).unref();
      }
      return false;
    }
  };
}

function asBuffer(data: Buffer | ArrayBuffer | Buffer[]): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.isBuffer(data) ? data : Buffer.from(data);
}

function terminate(socket: WebSocket): void {
  socket.terminate();
}
