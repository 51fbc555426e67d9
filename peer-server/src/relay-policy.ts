/** The PeerJS message types PeerServer relays from one peer to another. */
const RELAYED = new Set(['OFFER', 'ANSWER', 'CANDIDATE', 'LEAVE', 'EXPIRE']);

/** Offers one peer may send another per minute: a call and its data connection, and a few rejoins. */
export const OFFERS_PER_CALLER_PER_MINUTE = 10;
/**
 * Offers one peer may receive per minute from everyone together: a full room
 * of 50 joining at once makes about 100, and a browser refuses to build more
 * than a few hundred RTCPeerConnections.
 */
export const OFFERS_PER_CALLEE_PER_MINUTE = 200;
/** How long after its last offer a caller still hears its callee's answers and candidates, room or not. */
export const CALL_REPLY_WINDOW_MS = 60_000;
const MINUTE_MS = 60_000;
/** Bytes one sender may have PeerServer hold for peers that are not connected, per queue window. */
export const QUEUED_BYTES_PER_SENDER = 64 * 1024;

export type RelayVerdict = 'relay' | 'not-relayed' | 'stranger' | 'offer-limit' | 'queue-full';

export interface RelayPolicyOptions {
  /** Whether two peers are members of one room. */
  shareARoom: (a: string, b: string) => boolean;
  /** Whether a peer's socket is connected now (else PeerServer queues what is sent to it). */
  isConnected: (peerId: string) => boolean;
  /** Spends an address's allowance of queued bytes; false when it is spent. */
  allowQueued: (addressKey: string, bytes: number, now: number) => boolean;
  /** How long PeerServer keeps messages for a peer that is not connected. */
  queueWindowMs: number;
}

interface CallerRecord {
  windowStart: number;
  offers: number;
  lastOfferAt: number;
}

/** One callee's offers: from everyone this minute, and from each caller. */
interface CalleeRecord {
  windowStart: number;
  offers: number;
  callers: Map<string, CallerRecord>;
}

/**
 * Whether a signaling frame may be relayed, the one place that decides it.
 * PeerServer relays between any two ids; here a frame goes only between
 * members of one room, or from a callee back to a peer that offered it a call
 * (its answer and candidates still reach the caller while one of them
 * rejoins). Offers are counted per caller and callee and per callee, and what would wait in
 * PeerServer's queue for an absent peer is bounded per sender and per address.
 */
export class RelayPolicy {
  /** For each callee, who offered it calls and when. */
  readonly #callees = new Map<string, CalleeRecord>();
  readonly #queued = new Map<string, { windowStart: number; bytes: number }>();

  constructor(private readonly options: RelayPolicyOptions) {}

  /**
   * The verdict on one frame from `from` (a peer id), `bytes` long, sent from
   * `addressKey`. Frames of other types (heartbeats, rooms messages) are
   * `not-relayed`: nothing here concerns them.
   */
  decide(from: string, addressKey: string, message: unknown, bytes: number, now = Date.now()): RelayVerdict {
    if (typeof message !== 'object' || message === null) return 'not-relayed';
    const { type, dst } = message as { type?: unknown; dst?: unknown };
    if (typeof type !== 'string' || !RELAYED.has(type)) return 'not-relayed';
    // Without a destination PeerServer relays nothing; a LEAVE would make it forget the sender's id
    // while its socket stays open, and let another socket claim that id.
    if (typeof dst !== 'string') return 'stranger';
    // A reply is an answer, candidates or a hang-up: a callee outside the room makes no new calls.
    const isReply = type !== 'OFFER' && this.#isReplyToCaller(from, dst, now);
    if (!isReply && !this.options.shareARoom(from, dst)) return 'stranger';
    if (type === 'OFFER' && !this.#countOffer(from, dst, now)) return 'offer-limit';
    if (!this.options.isConnected(dst) && !this.#allowQueued(from, addressKey, bytes, now)) return 'queue-full';
    return 'relay';
  }

  /** Forgets a peer whose socket is gone. */
  forget(peerId: string): void {
    this.#callees.delete(peerId);
    this.#queued.delete(peerId);
  }

  #isReplyToCaller(from: string, to: string, now: number): boolean {
    const record = this.#callees.get(from)?.callers.get(to);
    return record !== undefined && now - record.lastOfferAt < CALL_REPLY_WINDOW_MS;
  }

  #countOffer(caller: string, callee: string, now: number): boolean {
    let entry = this.#callees.get(callee);
    if (!entry) this.#callees.set(callee, (entry = { windowStart: now, offers: 0, callers: new Map() }));
    const { callers } = entry;
    // Records of callers long gone quiet go as new offers come (a callee's list stays as long as its room).
    for (const [id, record] of callers) if (now - record.lastOfferAt >= CALL_REPLY_WINDOW_MS) callers.delete(id);
    let record = callers.get(caller);
    if (!record) callers.set(caller, (record = { windowStart: now, offers: 0, lastOfferAt: now }));
    for (const window of [entry, record]) {
      if (now - window.windowStart < MINUTE_MS) continue;
      window.windowStart = now;
      window.offers = 0;
    }
    if (record.offers >= OFFERS_PER_CALLER_PER_MINUTE || entry.offers >= OFFERS_PER_CALLEE_PER_MINUTE) return false;
    record.offers++;
    entry.offers++;
    record.lastOfferAt = now;
    return true;
  }

  #allowQueued(from: string, addressKey: string, bytes: number, now: number): boolean {
    let sender = this.#queued.get(from);
    if (!sender || now - sender.windowStart >= this.options.queueWindowMs) {
      this.#queued.set(from, (sender = { windowStart: now, bytes: 0 }));
    }
    if (sender.bytes + bytes > QUEUED_BYTES_PER_SENDER) return false;
    if (!this.options.allowQueued(addressKey, bytes, now)) return false;
    sender.bytes += bytes;
    return true;
  }
}
