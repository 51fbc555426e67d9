import { ReconnectPolicy } from './reconnect-policy.js';

/** A lost link to someone still in the room is re-made after this by the side with the smaller id. */
export const RECONNECT_DELAY_MS = 1_000;
/** The other side waits this long for that call, then calls itself. */
export const RECONNECT_FALLBACK_MS = 4_000;
/** Later attempts are spaced out: 6 s, 10 s, then every 17 s. */
const LINK_POLICY = new ReconnectPolicy({
  firstMs: RECONNECT_DELAY_MS,
  stepMs: RECONNECT_FALLBACK_MS,
  addMs: 2_000,
  maxMs: 17_000,
});

export interface LinkRecoveryHost {
  selfId(): string;
  /** Whether the member is still in the room (and we are joined). */
  stillHere(peerId: string): boolean;
  /** Calls the member afresh, media and data. */
  reconnect(peerId: string): void;
}

/**
 * Re-makes links that broke while both members are still in the room (their
 * page hung up on us, ICE failed, or the data connection fell silent). Only
 * one side calls, so the two calls do not cross: the one with the smaller id
 * calls soon; the other waits for that call, and calls itself if none comes.
 * Attempts repeat, further apart, until the link is back or the member leaves.
 */
export class LinkRecovery {
  readonly #pending = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly host: LinkRecoveryHost) {}

  lost(peerId: string): void {
    if (this.#pending.has(peerId) || !this.host.stillHere(peerId)) return;
    this.#schedule(peerId, 0);
  }

  /** The link is back (or the member left): no more attempts. */
  settled(peerId: string): void {
    clearTimeout(this.#pending.get(peerId));
    this.#pending.delete(peerId);
  }

  stop(): void {
    for (const peerId of [...this.#pending.keys()]) this.settled(peerId);
  }

  #schedule(peerId: string, attempt: number): void {
    const first = this.host.selfId() < peerId ? RECONNECT_DELAY_MS : RECONNECT_FALLBACK_MS;
    const timer = setTimeout(
      () => {
        if (!this.host.stillHere(peerId)) return this.settled(peerId);
        this.host.reconnect(peerId);
        this.#schedule(peerId, attempt + 1);
      },
      LINK_POLICY.delayMs(attempt, first),
    );
    this.#pending.set(peerId, timer);
  }
}
