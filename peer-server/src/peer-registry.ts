import { timingSafeEqual } from 'node:crypto';
import type { EventEmitter } from 'node:events';

/** The part of PeerServer's client object we rely on. */
interface PeerServerClient {
  getId(): string;
  getToken(): string;
}

/**
 * The PeerJS clients connected to our PeerServer right now, learned from its
 * `connection` and `disconnect` events. A page proves it owns a PeerJS id by
 * presenting the token it opened that id's socket with.
 */
export class PeerRegistry {
  readonly #clients = new Map<string, PeerServerClient>();
  readonly #onDisconnect: (peerId: string) => void;

  constructor(peerServer: EventEmitter, onDisconnect: (peerId: string) => void) {
    this.#onDisconnect = onDisconnect;
    peerServer.on('connection', (client: PeerServerClient) => {
      this.#clients.set(client.getId(), client);
    });
    peerServer.on('disconnect', (client: PeerServerClient) => {
      const id = client.getId();
      // A reconnect registers a new client object under the same id before the
      // old one is reported gone; only the current one counts.
      if (this.#clients.get(id) !== client) return;
      this.#clients.delete(id);
      this.#onDisconnect(id);
    });
  }

  /** Whether `token` is the token of the connected peer `peerId`. */
  owns(peerId: string, token: string): boolean {
    const client = this.#clients.get(peerId);
    if (!client) return false;
    const expected = Buffer.from(client.getToken());
    const given = Buffer.from(token);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  /** Whether a peer with this id is connected. */
  has(peerId: string): boolean {
    return this.#clients.has(peerId);
  }

  get size(): number {
    return this.#clients.size;
  }
}
