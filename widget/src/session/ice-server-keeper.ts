import type { Peer } from 'peerjs';
import type { IceServer } from '../../../protocol/room-protocol.js';

/**
 * The STUN/TURN list a visit's calls use: given to PeerJS for every new
 * connection, and, when it carries expiring TURN credentials, renewed before
 * they expire so calls made late in a long visit still get through.
 */
export class IceServerKeeper {
  #servers: IceServer[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor(
    private readonly peer: Peer,
    /** Fetches a fresh list from the server (our member's credentials request). */
    private readonly renew: () => Promise<IceServer[]>,
  ) {}

  get servers(): IceServer[] {
    return this.#servers;
  }

  /** Uses `servers` from now on; with `renewing`, keeps their credentials fresh. */
  use(servers: IceServer[], renewing: boolean): void {
    if (this.#stopped) return;
    this.#servers = servers;
    this.peer.options.config = { ...this.peer.options.config, iceServers: servers };
    clearTimeout(this.#timer);
    if (renewing) this.#schedule();
  }

  /** For good: a renewal still in flight is dropped when it lands. */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  #schedule(): void {
    const delay = renewalDelayMs(this.#servers);
    if (delay === undefined) return;
    this.#timer = setTimeout(async () => {
      try {
        this.use(await this.renew(), true);
      } catch (error) {
        console.warn('[video-chat-room] TURN credential renewal failed; retrying', error);
        if (!this.#stopped) this.#schedule();
      }
    }, delay);
  }
}

/**
 * When to renew: at 80% of the shortest remaining lifetime among the TURN
 * credentials (their username starts with the expiry in Unix seconds), and
 * never sooner than 30 s. Undefined when nothing expires.
 */
export function renewalDelayMs(iceServers: IceServer[], nowMs = Date.now()): number | undefined {
  const expiries = iceServers
    .map((s) => /^(\d+):/.exec(s.username ?? '')?.[1])
    .filter((e): e is string => e !== undefined)
    .map((e) => Number(e) * 1000);
  if (!expiries.length) return undefined;
  return Math.max(30_000, (Math.min(...expiries) - nowMs) * 0.8);
}
