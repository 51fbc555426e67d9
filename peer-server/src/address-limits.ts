import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { ipKeyGenerator, type ClientRateLimitInfo, type Store } from 'express-rate-limit';

/**
 * The key a client's limits are counted under: its IPv4 address, or the /64
 * of its IPv6 address. One household or office gets a whole /64 and can pick
 * any address in it, so counting single IPv6 addresses would let one client
 * count as millions.
 */
export function addressKey(ip: string | undefined): string {
  return ip ? ipKeyGenerator(ip, IPV6_SUBNET) : 'unknown';
}

/** The prefix length IPv6 clients are counted by (express-rate-limit's `ipv6Subnet`). */
export const IPV6_SUBNET = 64;

/**
 * The address of the client behind a raw request (a WebSocket upgrade, which
 * Express never sees): the socket's peer, or behind one trusted proxy the
 * last address that proxy appended to X-Forwarded-For, as Express's
 * `trust proxy` 1 reads it.
 */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string | undefined {
  if (trustProxy) {
    const forwarded = String(req.headers['x-forwarded-for'] ?? '')
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean)
      .at(-1);
    if (forwarded && isIP(forwarded)) return forwarded;
  }
  return req.socket.remoteAddress;
}

export interface AddressLimitOptions {
  /** Signaling sockets one address may hold open at once. */
  socketsPerAddress: number;
  /** Joins (over HTTP or the socket) and TURN credential renewals per address per minute. */
  joinsPerMinute: number;
  /** Bytes one address may have PeerServer hold for peers that are not connected, per window. */
  queuedBytesPerAddress: number;
  /** The window queued bytes are counted over: how long PeerServer keeps them. */
  queueWindowMs: number;
}

const MINUTE_MS = 60_000;

interface Window {
  start: number;
  count: number;
}

/**
 * Everything counted per client address, in one place so that every way in
 * (HTTP, the signaling socket, relayed frames) spends the same allowance:
 * open sockets, joins a minute (which are also the TURN credentials issued),
 * and bytes queued for absent peers.
 */
export class AddressLimits {
  readonly #sockets = new Map<string, number>();
  readonly #joins = new Map<string, Window>();
  readonly #queued = new Map<string, Window>();
  readonly #sweeper: NodeJS.Timeout;

  constructor(readonly options: AddressLimitOptions) {
    this.#sweeper = setInterval(() => this.#sweep(Date.now()), MINUTE_MS);
    this.#sweeper.unref();
  }

  /** Counts a socket opening; false (and not counted) when the address already holds its share. */
  openSocket(key: string): boolean {
    const open = this.#sockets.get(key) ?? 0;
    if (open >= this.options.socketsPerAddress) return false;
    this.#sockets.set(key, open + 1);
    return true;
  }

  closeSocket(key: string): void {
    const open = (this.#sockets.get(key) ?? 0) - 1;
    if (open > 0) this.#sockets.set(key, open);
    else this.#sockets.delete(key);
  }

  socketsOf(key: string): number {
    return this.#sockets.get(key) ?? 0;
  }

  /** Counts a join or credential request; the count so far this minute and when the minute ends. */
  hitJoin(key: string, now = Date.now()): { hits: number; resetAt: number } {
    const window = hit(this.#joins, key, now, MINUTE_MS, 1);
    return { hits: window.count, resetAt: window.start + MINUTE_MS };
  }

  /** Whether a join or credential request is within the address's allowance (and counts it). */
  allowJoin(key: string, now = Date.now()): boolean {
    return this.hitJoin(key, now).hits <= this.options.joinsPerMinute;
  }

  /** Counts bytes PeerServer would queue for an absent peer; false (not counted) when over the allowance. */
  allowQueued(key: string, bytes: number, now = Date.now()): boolean {
    const window = hit(this.#queued, key, now, this.options.queueWindowMs, 0);
    if (window.count + bytes > this.options.queuedBytesPerAddress) return false;
    window.count += bytes;
    return true;
  }

  /** express-rate-limit's store for the rooms API, counting in the same joins a minute. */
  joinStore(): Store {
    return new JoinStore(this);
  }

  stop(): void {
    clearInterval(this.#sweeper);
  }

  #sweep(now: number): void {
    for (const [key, window] of this.#joins) if (now - window.start >= MINUTE_MS) this.#joins.delete(key);
    for (const [key, window] of this.#queued) if (now - window.start >= this.options.queueWindowMs) this.#queued.delete(key);
  }
}

function hit(windows: Map<string, Window>, key: string, now: number, length: number, by: number): Window {
  let window = windows.get(key);
  if (!window || now - window.start >= length) windows.set(key, (window = { start: now, count: 0 }));
  window.count += by;
  return window;
}

class JoinStore implements Store {
  // Keys are counted here, in this process, never shared with another limiter.
  readonly localKeys = true;

  constructor(private readonly limits: AddressLimits) {}

  increment(key: string): ClientRateLimitInfo {
    const { hits, resetAt } = this.limits.hitJoin(key);
    return { totalHits: hits, resetTime: new Date(resetAt) };
  }

  decrement(): void {}

  resetKey(): void {}
}
