import type WebSocket from 'ws';

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
 * Watches each signaling socket's incoming messages with two token buckets
 * (bytes and messages) and closes a socket that overspends (1008, policy
 * violation). Must see a socket before PeerServer does, so that it is listening
 * first.
 */
export function watchSignalingBudget(socket: WebSocket, budget: SignalingBudgetOptions, onExceeded: () => void): void {
  let bytes = budget.burstBytes;
  let messages = budget.burstMessages;
  let last = Date.now();
  socket.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
    const now = Date.now();
    const elapsed = (now - last) / 1000;
    last = now;
    bytes = Math.min(budget.burstBytes, bytes + elapsed * budget.bytesPerSecond);
    messages = Math.min(budget.burstMessages, messages + elapsed * budget.messagesPerSecond);
    bytes -= Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data.byteLength;
    messages -= 1;
    if ((bytes >= 0 && messages >= 0) || socket.readyState !== socket.OPEN) return;
    onExceeded();
    socket.close(1008, 'signaling budget exceeded');
    // Stop reading: whatever else it sent is not handed to PeerServer.
    socket.pause();
    setTimeout(() => socket.terminate(), 1000).unref();
  });
}
