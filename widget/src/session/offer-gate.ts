import type { Peer } from 'peerjs';

/** How long an offer from someone the server has not yet announced may wait for the announcement. */
export const UNANNOUNCED_GRACE_MS = 5_000;
/** Callers whose offers may wait at once; offers from more are dropped. */
export const MAX_UNANNOUNCED_CALLERS = 8;
/** Offers one unannounced caller may have waiting (a call and its data connection, once more after a retry). */
export const MAX_OFFERS_PER_CALLER = 4;

interface ServerMessage {
  type?: unknown;
  src?: unknown;
}

/** The one PeerJS internal the gate needs: the handler the signaling socket feeds every server message to. */
interface PeerWithHandler {
  _handleMessage(message: ServerMessage): void;
}

/**
 * Holds offers from callers the server has not announced as members of the
 * room, before PeerJS sees them. PeerJS builds an RTCPeerConnection for a
 * data offer the moment it arrives, so an offer that is merely closed later
 * has already cost one; a page flooded with offers would run out of them
 * (Chromium refuses more after a few hundred). A call can honestly outrun its
 * caller's announcement, so such offers wait briefly, in a bounded queue, and
 * reach PeerJS once the caller is announced; otherwise they are dropped, and
 * nothing was built for them.
 */
export class OfferGate {
  readonly #handle: (message: ServerMessage) => void;
  readonly #held = new Map<string, { offers: ServerMessage[]; timer: ReturnType<typeof setTimeout> }>();
  #dropped = 0;

  constructor(peer: Peer, isMember: (peerId: string) => boolean) {
    const target = peer as unknown as PeerWithHandler;
    this.#handle = target._handleMessage.bind(target);
    target._handleMessage = (message) => {
      if (message?.type !== 'OFFER' || typeof message.src !== 'string' || isMember(message.src)) this.#handle(message);
      else this.#hold(message.src, message);
    };
  }

  /** Hands the offers held for a caller just announced to PeerJS, in the order they came. */
  release(peerId: string): void {
    const entry = this.#held.get(peerId);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.#held.delete(peerId);
    for (const offer of entry.offers) this.#handle(offer);
  }

  close(): void {
    for (const { timer } of this.#held.values()) clearTimeout(timer);
    this.#held.clear();
  }

  #hold(peerId: string, offer: ServerMessage): void {
    let entry = this.#held.get(peerId);
    if (!entry) {
      if (this.#held.size >= MAX_UNANNOUNCED_CALLERS) return this.#drop(peerId);
      const timer = setTimeout(() => this.#held.delete(peerId), UNANNOUNCED_GRACE_MS);
      this.#held.set(peerId, (entry = { offers: [], timer }));
    }
    if (entry.offers.length >= MAX_OFFERS_PER_CALLER) return this.#drop(peerId);
    entry.offers.push(offer);
  }

  /** Logged once: a flood of offers must not become a flood of console lines. */
  #drop(peerId: string): void {
    if (this.#dropped++ === 0)
      console.warn(`[video-chat-room] dropping offers from ${peerId.slice(0, 40)} and others not announced as members`);
  }
}
