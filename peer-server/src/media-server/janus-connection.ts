import Janode, { type JanodeConnection } from 'janode';
import { asMediaServerError } from './media-server-error.js';

// janode logs every request at 'info' and every failed connection; our errors say the same once.
Janode.Logger.setLevel('none');

/**
 * One WebSocket to Janus (its Janus API, or its Admin API when `admin`),
 * opened on first use and opened again after it drops. A Janus that does not
 * answer fails the call at once with `media-server-unreachable`: janode's own
 * retries (five, ten seconds apart) would hold a join for nearly a minute.
 */
export class JanusConnection {
  #opening: Promise<JanodeConnection> | undefined;

  constructor(
    private readonly url: string,
    private readonly secret: string,
    private readonly admin: boolean,
  ) {}

  /** The open connection, or a `MediaServerError`. */
  get(): Promise<JanodeConnection> {
    this.#opening ??= Janode.connect({
      address: { url: this.url, apisecret: this.secret },
      is_admin: this.admin,
      max_retries: 0,
      retry_time_secs: 1,
      ws_options: { handshakeTimeout: 3000 },
    }).then(
      (connection) => {
        const forget = () => {
          this.#opening = undefined;
        };
        connection.once(Janode.EVENT.CONNECTION_CLOSED, forget);
        connection.once(Janode.EVENT.CONNECTION_ERROR, forget);
        return connection;
      },
      (error: unknown) => {
        this.#opening = undefined;
        throw asMediaServerError(error, `connecting to ${this.admin ? 'the Janus Admin API' : 'Janus'} at ${this.url}`);
      },
    );
    return this.#opening;
  }

  /** Sends one request on the connection; failures come back as `MediaServerError`. */
  async request(request: Record<string, unknown>, what: string): Promise<Record<string, unknown>> {
    const connection = await this.get();
    try {
      return await connection.sendRequest(request);
    } catch (error) {
      throw asMediaServerError(error, what);
    }
  }

  async close(): Promise<void> {
    const opening = this.#opening;
    this.#opening = undefined;
    const connection = await opening?.catch(() => undefined);
    await connection?.close().catch(() => undefined);
  }
}
