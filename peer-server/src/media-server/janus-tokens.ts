import { randomBytes } from 'node:crypto';
import type { JanusConnection } from './janus-connection.js';

const VIDEOROOM = 'janus.plugin.videoroom';

export interface JanusToken {
  /** What the page sends as `token` in every Janus request. */
  token: string;
  /** Unix milliseconds after which our server removes it from Janus. */
  expiresAt: number;
}

/** `<expiry unix seconds>.<random>`: any server of ours can tell an expired token by its name alone. */
const expiryOf = (token: string) => Number(/^(\d+)\./.exec(token)?.[1] ?? NaN) * 1000;

/**
 * Per-member Janus tokens (Janus `token_auth` in stored-token mode), added and
 * removed through the Admin API. A token opens the VideoRoom plugin only.
 * Janus keeps stored tokens until they are removed, so expiry is ours: each
 * token is removed when its member leaves or its time is up, and a sweep
 * removes expired ones any server of ours left behind (a crash, a restart).
 */
export class JanusTokens {
  #sweeper: NodeJS.Timeout | undefined;

  constructor(
    private readonly admin: JanusConnection,
    private readonly ttlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Adds a new token to Janus; rejects with a `MediaServerError` when Janus cannot be told. */
  async issue(): Promise<JanusToken> {
    const expirySeconds = Math.floor(this.now() / 1000) + this.ttlSeconds;
    const expiresAt = expirySeconds * 1000;
    const token = `${expirySeconds}.${randomBytes(24).toString('base64url')}`;
    await this.admin.request({ janus: 'add_token', token, plugins: [VIDEOROOM] }, 'adding a Janus token');
    this.#startSweeping();
    return { token, expiresAt };
  }

  /** Removes a token: Janus refuses every later request that carries it. */
  async revoke(token: string): Promise<void> {
    try {
      await this.admin.request({ janus: 'remove_token', token }, 'removing a Janus token');
    } catch (error) {
      // Already gone (swept, or Janus restarted and forgot it): what we wanted. Janus says 490.
      if (!/\b490 /.test((error as Error).message)) throw error;
    }
  }

  /** Removes every expired token of ours from Janus; resolves with how many. */
  async sweep(): Promise<number> {
    const answer = await this.admin.request({ janus: 'list_tokens' }, 'listing Janus tokens');
    const tokens = ((answer.data as { tokens?: { token: string }[] } | undefined)?.tokens ?? []).map((t) => t.token);
    const expired = tokens.filter((token) => expiryOf(token) <= this.now());
    for (const token of expired) await this.revoke(token);
    return expired.length;
  }

  #startSweeping(): void {
    if (this.#sweeper) return;
    const every = Math.min(60_000, (this.ttlSeconds * 1000) / 4);
    this.#sweeper = setInterval(() => void this.sweep().catch(() => undefined), every);
    this.#sweeper.unref();
  }

  close(): void {
    clearInterval(this.#sweeper);
    this.#sweeper = undefined;
  }
}
