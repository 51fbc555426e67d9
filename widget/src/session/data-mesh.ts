import type { DataConnection, Peer } from 'peerjs';
import { decodeChunk, encodeChunk, parseChannelMessage, type ChannelMessage } from '../channels/channel-messages.js';

export interface DataMeshEvents {
  open(peerId: string): void;
  message(peerId: string, message: ChannelMessage): void;
  chunk(peerId: string, stream: number, bytes: Uint8Array): void;
  /** The link closed, or fell silent for longer than {@link SILENCE_LIMIT_MS}. */
  lost(peerId: string): void;
}

/** What a data connection carries so the answering side can tell which room it belongs to. */
interface DataMetadata {
  room: string;
}

/** How often an idle link says something, so the other side knows it is alive. */
export const PING_INTERVAL_MS = 1500;
/** A link that has said nothing for this long is taken as lost. */
export const SILENCE_LIMIT_MS = 5000;
/** A connection that has not opened after this long is taken as lost. */
export const OPEN_LIMIT_MS = 15_000;
/** Sending waits while more than this many bytes are queued on a channel. */
export const HIGH_WATER_BYTES = 1 << 20;
/** …and resumes once the queue is down to this. */
export const LOW_WATER_BYTES = 256 * 1024;

interface Link {
  connection: DataConnection;
  lastHeard: number;
  /** We opened it (rather than the other side). */
  outgoing: boolean;
}

/**
 * One PeerJS data connection to every other member, opened with the call:
 * chat, state and file bytes travel here. Frames are sent on the underlying
 * RTCDataChannel directly so that file transfers can wait on
 * `bufferedAmountLowThreshold` instead of PeerJS's unbounded buffer.
 */
export class DataMesh {
  readonly #links = new Map<string, Link>();
  /** Who waits for a link to open, by member. */
  readonly #openWaiters = new Map<string, Set<(open: boolean) => void>>();
  /** Frames for members whose link is not open yet, sent once it opens. */
  readonly #pending = new Map<string, string[]>();
  readonly #heartbeat: ReturnType<typeof setInterval>;
  #lastBeat: number;

  constructor(
    private readonly peer: Peer,
    private readonly room: string,
    private readonly events: DataMeshEvents,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.#lastBeat = now();
    this.#heartbeat = setInterval(() => this.#beat(), PING_INTERVAL_MS);
  }

  connect(peerId: string): void {
    const metadata: DataMetadata = { room: this.room };
    const connection = this.peer.connect(peerId, { serialization: 'raw', reliable: true, metadata });
    if (connection) this.#track(connection, true);
  }

  /** Whether our own connection to `peerId` is still waiting to open. */
  isConnecting(peerId: string): boolean {
    const link = this.#links.get(peerId);
    return !!link && link.outgoing && !link.connection.open;
  }

  /** Whether an incoming data connection says it belongs to this room. */
  isForThisRoom(connection: DataConnection): boolean {
    return (connection.metadata as Partial<DataMetadata> | undefined)?.room === this.room;
  }

  accept(connection: DataConnection): void {
    this.#track(connection, false);
  }

  isOpen(peerId: string): boolean {
    return this.#channel(peerId) !== undefined;
  }

  /** Sends to one member; false when there is no open link to them. */
  send(peerId: string, message: ChannelMessage): boolean {
    return this.#sendFrame(peerId, JSON.stringify(message));
  }

  broadcast(message: ChannelMessage): void {
    const frame = JSON.stringify(message);
    for (const peerId of this.#links.keys()) this.#sendFrame(peerId, frame);
  }

  /**
   * Sends to each of `peerIds`: at once where the link is open, else once it
   * opens (a link follows its call by a moment, and may be reconnecting). The
   * newest `keep` wait per member (they arrive at once: no more than the
   * receiver takes in a burst); they go when the member leaves.
   */
  deliver(peerIds: Iterable<string>, message: ChannelMessage, keep: number): void {
    const frame = JSON.stringify(message);
    for (const peerId of peerIds) {
      if (this.#sendFrame(peerId, frame)) continue;
      const pending = this.#pending.get(peerId) ?? [];
      pending.push(frame);
      this.#pending.set(peerId, pending.slice(-keep));
    }
  }

  sendChunk(peerId: string, stream: number, bytes: Uint8Array): boolean {
    return this.#sendFrame(peerId, encodeChunk(stream, bytes));
  }

  /** Largest file slice that fits one frame to this member. */
  maxChunkBytes(peerId: string): number {
    const limit = this.#links.get(peerId)?.connection.peerConnection?.sctp?.maxMessageSize ?? 0;
    // 64 KiB moves faster than the classic 16 KiB and every current browser takes it.
    return Math.max(16 * 1024, Math.min(64 * 1024, (limit || 65_536) - 64));
  }

  /**
   * Resolves true once the link to `peerId` is open (at once if it is), false
   * if it has not opened within `timeoutMs`: right after a call connects, its
   * data connection is still on its way.
   */
  whenOpen(peerId: string, timeoutMs = OPEN_LIMIT_MS): Promise<boolean> {
    if (this.isOpen(peerId)) return Promise.resolve(true);
    return new Promise((resolve) => {
      let waiters = this.#openWaiters.get(peerId);
      if (!waiters) this.#openWaiters.set(peerId, (waiters = new Set()));
      const done = (open: boolean) => {
        clearTimeout(timer);
        waiters.delete(done);
        resolve(open);
      };
      const timer = setTimeout(() => done(false), timeoutMs);
      waiters.add(done);
    });
  }

  #settleWaiters(peerId: string, open: boolean): void {
    for (const done of [...(this.#openWaiters.get(peerId) ?? [])]) done(open);
  }

  /** Resolves once the member's queue has room (at once if it has); false if the link went away. */
  writable(peerId: string): Promise<boolean> {
    const channel = this.#channel(peerId);
    if (!channel) return Promise.resolve(false);
    if (channel.bufferedAmount <= HIGH_WATER_BYTES) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        channel.removeEventListener('bufferedamountlow', onLow);
        channel.removeEventListener('close', onClose);
        resolve(ok);
      };
      const onLow = () => done(true);
      const onClose = () => done(false);
      channel.bufferedAmountLowThreshold = LOW_WATER_BYTES;
      channel.addEventListener('bufferedamountlow', onLow);
      channel.addEventListener('close', onClose);
    });
  }

  close(peerId: string): void {
    const link = this.#links.get(peerId);
    this.#links.delete(peerId);
    this.#pending.delete(peerId);
    link?.connection.close();
  }

  closeAll(): void {
    clearInterval(this.#heartbeat);
    for (const peerId of [...this.#openWaiters.keys()]) this.#settleWaiters(peerId, false);
    for (const peerId of [...this.#links.keys()]) this.close(peerId);
    this.#pending.clear();
  }

  /** The link to `peerId` opened: say so, then send what waited for it. */
  #opened(peerId: string): void {
    this.events.open(peerId);
    this.#settleWaiters(peerId, true);
    const pending = this.#pending.get(peerId) ?? [];
    this.#pending.delete(peerId);
    for (const frame of pending) this.#sendFrame(peerId, frame);
  }

  #channel(peerId: string): RTCDataChannel | undefined {
    const connection = this.#links.get(peerId)?.connection;
    const channel = connection?.open ? connection.dataChannel : undefined;
    return channel?.readyState === 'open' ? channel : undefined;
  }

  #sendFrame(peerId: string, frame: string | ArrayBuffer): boolean {
    const channel = this.#channel(peerId);
    if (!channel) return false;
    try {
      channel.send(frame as ArrayBuffer);
      return true;
    } catch (error) {
      console.warn('[video-chat-room] could not send to', peerId, error);
      return false;
    }
  }

  #track(connection: DataConnection, outgoing: boolean): void {
    const peerId = connection.peer;
    const previous = this.#links.get(peerId);
    const link: Link = { connection, lastHeard: this.now(), outgoing };
    this.#links.set(peerId, link);
    if (previous && previous.connection !== connection) previous.connection.close();
    const isCurrent = () => this.#links.get(peerId) === link;
    connection.on('open', () => {
      if (!isCurrent()) return;
      link.lastHeard = this.now();
      this.#opened(peerId);
    });
    connection.on('data', (data) => {
      if (!isCurrent()) return;
      link.lastHeard = this.now();
      this.#receive(peerId, data);
    });
    connection.on('close', () => {
      if (!isCurrent()) return;
      this.#links.delete(peerId);
      this.events.lost(peerId);
    });
    connection.on('error', (error) => console.warn('[video-chat-room] data connection to', peerId, error.type));
    // Held while chat and files loaded, it may have opened already.
    if (connection.open) {
      queueMicrotask(() => {
        if (!isCurrent()) return;
        this.#opened(peerId);
      });
    }
  }

  #receive(peerId: string, data: unknown): void {
    if (typeof data === 'string') {
      const parsed = parseChannelMessage(data);
      if ('dropped' in parsed) return console.warn('[video-chat-room] dropped a message from', peerId, parsed.dropped);
      if (parsed.message.t !== 'ping') this.events.message(peerId, parsed.message);
      return;
    }
    const chunk = data instanceof ArrayBuffer ? decodeChunk(data) : undefined;
    if (!chunk) return console.warn('[video-chat-room] dropped a binary frame from', peerId);
    this.events.chunk(peerId, chunk.stream, chunk.bytes);
  }

  #beat(): void {
    const now = this.now();
    // This page was busy (a long task, a throttled tab): what others said is still queued, unread.
    const stalled = now - this.#lastBeat > 2 * PING_INTERVAL_MS;
    this.#lastBeat = now;
    if (stalled) for (const link of this.#links.values()) link.lastHeard = now;
    for (const [peerId, link] of [...this.#links]) {
      const limit = link.connection.open ? SILENCE_LIMIT_MS : OPEN_LIMIT_MS;
      if (now - link.lastHeard > limit) {
        this.#links.delete(peerId);
        link.connection.close();
        this.events.lost(peerId);
        continue;
      }
      if (link.connection.open) this.#sendFrame(peerId, '{"t":"ping"}');
    }
  }
}
