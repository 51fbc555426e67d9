/**
 * How long to wait before each try to get something back that was lost: the
 * room on the server (rejoining) or a link to a member (link recovery). The
 * one place that decides backoff; every caller counts its own tries.
 */
export class ReconnectPolicy {
  constructor(
    private readonly steps: {
      /** Before the first try. */
      firstMs: number;
      /** Try n (from 1) waits `stepMs · 2^(n-1) + addMs`… */
      stepMs: number;
      addMs?: number;
      /** …and never longer than this. */
      maxMs: number;
    },
  ) {}

  /** The wait before try `attempt` (0 is the first; `firstMs` overrides the policy's own first wait). */
  delayMs(attempt: number, firstMs = this.steps.firstMs): number {
    if (attempt === 0) return firstMs;
    const { stepMs, addMs = 0, maxMs } = this.steps;
    return Math.min(maxMs, stepMs * 2 ** (attempt - 1) + addMs);
  }
}

/** Rejoining the room after losing the server: 1, 2, 4, 8, then every 10 s (the network coming back cuts a wait short). */
export const REJOIN_POLICY = new ReconnectPolicy({ firstMs: 1_000, stepMs: 2_000, maxMs: 10_000 });
