/** How long a connection from someone the server has not yet announced may wait for the announcement. */
export const UNANNOUNCED_GRACE_MS = 5_000;

interface Closable {
  close(): void;
}

/**
 * Calls and data connections that outran the server's announcement of their
 * caller: held briefly, handed over once the caller is announced, closed if
 * that never happens.
 */
export class UnannouncedConnections<C extends Closable> {
  readonly #held = new Map<string, { connections: C[]; timer: ReturnType<typeof setTimeout> }>();

  hold(peerId: string, connection: C): void {
    let entry = this.#held.get(peerId);
    if (!entry) {
      const timer = setTimeout(() => {
        for (const c of this.#held.get(peerId)?.connections ?? []) c.close();
        this.#held.delete(peerId);
      }, UNANNOUNCED_GRACE_MS);
      this.#held.set(peerId, (entry = { connections: [], timer }));
    }
    entry.connections.push(connection);
  }

  /** The connections held for a member just announced, now theirs to handle. */
  release(peerId: string): C[] {
    const entry = this.#held.get(peerId);
    if (!entry) return [];
    clearTimeout(entry.timer);
    this.#held.delete(peerId);
    return entry.connections;
  }

  closeAll(): void {
    for (const peerId of [...this.#held.keys()]) for (const c of this.release(peerId)) c.close();
  }
}
