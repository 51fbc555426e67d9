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
 * A WebSocket class for the signaling server (ws's `WebSocket` option) that
 * spends each incoming message against two token buckets (bytes and messages)
 * before anyone hears it, and closes a socket that overspends (1008, policy
 * violation); nothing it sends after that reaches PeerServer. The balance
 * lives in the socket itself: a server holds thousands of idle sockets, and a
 * listener and state object per socket would cost each of them more.
 */
export function budgetedWebSocket(budget: SignalingBudgetOptions, onExceeded: () => void): typeof WebSocket {
  return class BudgetedWebSocket extends WebSocket {
    #bytes = budget.burstBytes;
    #messages = budget.burstMessages;
    #last = Date.now();
    #overspent = false;

    override emit(event: string | symbol, ...args: unknown[]): boolean {
      if (event === 'message' && !this.#spend(args[0] as Buffer | ArrayBuffer | Buffer[])) return false;
      return super.emit(event, ...args);
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
        onExceeded();
        this.close(1008, 'signaling budget exceeded');
        // Stop reading, and cut the socket if it does not close in time.
        this.pause();
        setTimeout(terminate, 1000, this).unref();
      }
      return false;
    }
  };
}

function terminate(socket: WebSocket): void {
  socket.terminate();
}
