import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';

/**
 * A page's view of Janus, as bare as it gets: one WebSocket speaking the Janus
 * API, one request at a time, answers matched by transaction.
 */
export class RawJanusClient {
  #ws!: WebSocket;
  #waiting = new Map<string, (message: Record<string, any>) => void>();
  /** Plugin events that arrived without a transaction of ours (hangups, kicks). */
  readonly events: Record<string, any>[] = [];

  async open(url: string): Promise<this> {
    this.#ws = new WebSocket(url, 'janus-protocol');
    await new Promise((resolve, reject) => this.#ws.once('open', resolve).once('error', reject));
    this.#ws.on('message', (data) => {
      const message = JSON.parse(String(data));
      // Asynchronous plugin answers come as an 'ack' first, then an 'event' with the same transaction.
      if (message.janus === 'ack') return;
      const resolve = message.transaction && this.#waiting.get(message.transaction);
      if (resolve) {
        this.#waiting.delete(message.transaction);
        resolve(message);
      } else this.events.push(message);
    });
    return this;
  }

  request(body: Record<string, unknown>): Promise<Record<string, any>> {
    const transaction = randomUUID();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Janus did not answer ${JSON.stringify(body)}`)), 5000);
      this.#waiting.set(transaction, (message) => {
        clearTimeout(timer);
        resolve(message);
      });
      this.#ws.send(JSON.stringify({ ...body, transaction }));
    });
  }

  /** create → attach the VideoRoom: the session and handle ids, or Janus's error answer. */
  async attachVideoRoom(token: string | undefined): Promise<{ session?: number; handle?: number; error?: any }> {
    const created = await this.request({ janus: 'create', ...(token === undefined ? {} : { token }) });
    if (created.janus !== 'success') return { error: created.error };
    const session = created.data.id as number;
    const attached = await this.request({ janus: 'attach', session_id: session, plugin: 'janus.plugin.videoroom', token });
    if (attached.janus !== 'success') return { session, error: attached.error };
    return { session, handle: attached.data.id as number };
  }

  /** A VideoRoom request on a handle; resolves with the plugin's answer data or the core's error. */
  async videoRoom(session: number, handle: number, token: string, body: Record<string, unknown>): Promise<Record<string, any>> {
    const answer = await this.request({ janus: 'message', session_id: session, handle_id: handle, token, body });
    return answer.plugindata?.data ?? { coreError: answer.error };
  }

  close(): void {
    this.#ws.close();
  }
}
