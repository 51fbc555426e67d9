import { newMessageId, type ChannelMessage, type RefusalReason } from './channel-messages.js';
import { sanitiseFileName } from './file-name.js';
import { RateLimit } from './rate-limit.js';
import { Sha256 } from './sha256.js';

/** Bytes read from the file at a time (then cut into frames). */
const READ_BYTES = 1 << 20;
/** Received bytes gathered before they are handed to a Blob, out of the JS heap. */
const BLOB_PART_BYTES = 1 << 20;
/** Progress is reported at most this often, and at the end. */
const PROGRESS_INTERVAL_MS = 100;
/** Transfers one peer may have coming in at once. */
const MAX_INCOMING_PER_PEER = 4;
/** Offers one peer may make at once (a folder of photos dropped together), then per second: more are refused. */
export const FILE_OFFER_BURST = 32;
const FILE_OFFERS_PER_SECOND = 4;
/** Finished, cancelled and failed transfers kept in view (and their download links); older ones go. */
export const FINISHED_TRANSFERS_KEPT = 50;
const MIME = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}$/i;

export type TransferStatus = 'sending' | 'receiving' | 'verifying' | 'done' | 'cancelled' | 'failed';

/** A file transfer as the element shows it and the page sees it in events. */
export interface TransferView {
  id: string;
  direction: 'send' | 'receive';
  /** The other side. */
  peerId: string;
  /** Safe to show: sanitised on arrival. */
  name: string;
  size: number;
  type: string;
  /** Bytes sent or received so far. */
  bytes: number;
  status: TransferStatus;
  reason?: RefusalReason;
  /** Hex SHA-256 of the content, once verified. */
  sha256?: string;
  /** Download link for a received file. */
  url?: string;
}

/** What the transfers need from the data connections. */
export interface FilePort {
  send(peerId: string, message: ChannelMessage): boolean;
  sendChunk(peerId: string, stream: number, bytes: Uint8Array): boolean;
  writable(peerId: string): Promise<boolean>;
  /** Resolves true once the link to the member is open, false if it does not open in time. */
  whenOpen(peerId: string): Promise<boolean>;
  maxChunkBytes(peerId: string): number;
}

export interface FileTransferEvents {
  /** Something to re-render. */
  change(): void;
  offer(view: TransferView): void;
  progress(view: TransferView): void;
  received(view: TransferView, file: File): void;
}

interface Outgoing {
  view: TransferView;
  file: Blob;
  stream: number;
  settle: (ok: boolean) => void;
}

interface Incoming {
  view: TransferView;
  stream: number;
  hash: Sha256;
  parts: Blob[];
  batch: Uint8Array[];
  batchBytes: number;
  lastProgress: number;
}

export class FileTransferError extends Error {
  constructor(readonly reason: RefusalReason | 'failed') {
    super(`file transfer ${reason}`);
    this.name = 'FileTransferError';
  }
}

/**
 * Files to and from the other members, in frames over the data connections:
 * never more than a window of bytes in flight per peer, hashed on both sides
 * as they pass, gathered on arrival into Blob parts so a large file does not
 * sit in the JS heap, and offered only once its SHA-256 matches.
 */
export class FileTransfers {
  #views: readonly TransferView[] = [];
  #nextStream = 1;
  readonly #outgoing = new Map<string, Outgoing>();
  /** By `${peerId} ${stream}`. */
  readonly #incoming = new Map<string, Incoming>();
  readonly #offerRates = new Map<string, RateLimit>();

  constructor(
    private readonly port: FilePort,
    private readonly events: FileTransferEvents,
    private readonly limits: { enabled: boolean; maxFileSize: number },
  ) {}

  get views(): readonly TransferView[] {
    return this.#views;
  }

  /** Sends `file` to each of `peerIds`; resolves once every one has it verified. */
  async send(file: Blob, name: string, peerIds: string[]): Promise<void> {
    const results = await Promise.allSettled(peerIds.map((peerId) => this.#sendTo(file, name, peerId)));
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
  }

  /** Stops a transfer in either direction and tells the other side. */
  cancel(id: string, reason: RefusalReason = 'cancelled'): boolean {
    const outgoing = this.#outgoing.get(id);
    if (outgoing) {
      this.port.send(outgoing.view.peerId, { t: 'file-cancel', id, reason });
      this.#endOutgoing(outgoing, 'cancelled', reason);
      return true;
    }
    const incoming = [...this.#incoming.values()].find((i) => i.view.id === id);
    if (!incoming) return false;
    this.port.send(incoming.view.peerId, { t: 'file-cancel', id, reason });
    this.#endIncoming(incoming, 'cancelled', reason);
    return true;
  }

  onMessage(peerId: string, message: ChannelMessage): void {
    switch (message.t) {
      case 'file-offer':
        return this.#onOffer(peerId, message);
      case 'file-end':
        return void this.#onEnd(peerId, message.id, message.sha256);
      case 'file-cancel': {
        const outgoing = this.#outgoing.get(message.id);
        if (outgoing?.view.peerId === peerId) return this.#endOutgoing(outgoing, 'cancelled', message.reason);
        const incoming = this.#findIncoming(peerId, message.id);
        if (incoming) this.#endIncoming(incoming, 'cancelled', message.reason);
        return;
      }
      case 'file-ack': {
        const outgoing = this.#outgoing.get(message.id);
        if (outgoing?.view.peerId !== peerId) return;
        return this.#endOutgoing(outgoing, message.ok ? 'done' : 'failed', message.ok ? undefined : 'corrupt');
      }
    }
  }

  onChunk(peerId: string, stream: number, bytes: Uint8Array): void {
    const incoming = this.#incoming.get(`${peerId} ${stream}`);
    if (!incoming) return;
    const view = incoming.view;
    if (view.bytes + bytes.byteLength > view.size) return void this.cancel(view.id, 'corrupt');
    incoming.hash.update(bytes);
    incoming.batch.push(bytes);
    incoming.batchBytes += bytes.byteLength;
    if (incoming.batchBytes >= BLOB_PART_BYTES) this.#flush(incoming);
    this.#setView(incoming, { bytes: view.bytes + bytes.byteLength });
    const now = performance.now();
    if (now - incoming.lastProgress >= PROGRESS_INTERVAL_MS) {
      incoming.lastProgress = now;
      this.events.progress(incoming.view);
      this.events.change();
    }
  }

  /** A member left: their transfers end. */
  peerGone(peerId: string): void {
    for (const outgoing of [...this.#outgoing.values()])
      if (outgoing.view.peerId === peerId) this.#endOutgoing(outgoing, 'failed', 'left');
    for (const incoming of [...this.#incoming.values()])
      if (incoming.view.peerId === peerId) this.#endIncoming(incoming, 'failed', 'left');
  }

  /** Ends everything and releases the download links. */
  dispose(): void {
    for (const outgoing of [...this.#outgoing.values()]) this.#endOutgoing(outgoing, 'cancelled', 'left');
    for (const incoming of [...this.#incoming.values()]) this.#endIncoming(incoming, 'cancelled', 'left');
    for (const view of this.#views) if (view.url) URL.revokeObjectURL(view.url);
    this.#views = [];
  }

  #sendTo(file: Blob, name: string, peerId: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const view: TransferView = {
        id: newMessageId(),
        direction: 'send',
        peerId,
        name: sanitiseFileName(name),
        size: file.size,
        type: MIME.test(file.type) ? file.type : 'application/octet-stream',
        bytes: 0,
        status: 'sending',
      };
      const outgoing: Outgoing = {
        view,
        file,
        stream: this.#nextStream++,
        settle: (ok) => (ok ? resolve() : reject(new FileTransferError(outgoing.view.reason ?? 'failed'))),
      };
      this.#outgoing.set(view.id, outgoing);
      this.#views = [...this.#views, view];
      this.events.change();
      void this.#pump(outgoing).catch((error) => {
        console.warn('[video-chat-room] file transfer failed', error);
        this.#endOutgoing(outgoing, 'failed');
      });
    });
  }

  async #pump(outgoing: Outgoing): Promise<void> {
    const { view, file, stream } = outgoing;
    const { peerId } = view;
    const live = () => this.#outgoing.get(view.id) === outgoing;
    // Just after a call connects its data connection may still be opening.
    if (!(await this.port.whenOpen(peerId))) return this.#endOutgoing(outgoing, 'failed', 'left');
    if (!live()) return;
    const offered = this.port.send(peerId, {
      t: 'file-offer',
      id: view.id,
      stream,
      name: view.name,
      size: view.size,
      mime: view.type,
    });
    if (!offered) return this.#endOutgoing(outgoing, 'failed', 'left');
    const hash = new Sha256();
    const frameBytes = this.port.maxChunkBytes(peerId);
    let lastProgress = performance.now();
    const read = (offset: number) =>
      offset < file.size ? file.slice(offset, offset + READ_BYTES).arrayBuffer() : Promise.resolve(new ArrayBuffer(0));
    let next = read(0);
    for (let offset = 0; offset < file.size; offset += READ_BYTES) {
      const slice = new Uint8Array(await next);
      // The next slice is read, and this one hashed, while its frames are on the wire.
      next = read(offset + READ_BYTES);
      next.catch(() => {});
      if (!live()) return;
      for (let at = 0; at < slice.byteLength; at += frameBytes) {
        if (!(await this.port.writable(peerId))) return this.#endOutgoing(outgoing, 'failed', 'left');
        if (!live()) return;
        this.port.sendChunk(peerId, stream, slice.subarray(at, at + frameBytes));
      }
      hash.update(slice);
      this.#setView(outgoing, { bytes: Math.min(file.size, offset + READ_BYTES) });
      if (performance.now() - lastProgress >= PROGRESS_INTERVAL_MS) {
        lastProgress = performance.now();
        this.events.progress(outgoing.view);
        this.events.change();
      }
    }
    if (!live()) return;
    this.port.send(peerId, { t: 'file-end', id: view.id, sha256: hash.hex() });
    this.#setView(outgoing, { status: 'verifying', sha256: hash.hex() });
    this.events.progress(outgoing.view);
    this.events.change();
  }

  #onOffer(peerId: string, offer: Extract<ChannelMessage, { t: 'file-offer' }>): void {
    const refuse = (reason: RefusalReason) => void this.port.send(peerId, { t: 'file-cancel', id: offer.id, reason });
    if (!this.limits.enabled) return refuse('disabled');
    let rate = this.#offerRates.get(peerId);
    if (!rate) this.#offerRates.set(peerId, (rate = new RateLimit(FILE_OFFERS_PER_SECOND, FILE_OFFER_BURST)));
    if (!rate.take()) return refuse('cancelled');
    if (offer.size > this.limits.maxFileSize) return refuse('too-large');
    const fromPeer = [...this.#incoming.values()].filter((i) => i.view.peerId === peerId);
    if (fromPeer.length >= MAX_INCOMING_PER_PEER || this.#incoming.has(`${peerId} ${offer.stream}`)) return refuse('cancelled');
    if (this.#views.some((v) => v.id === offer.id)) return refuse('cancelled');
    const view: TransferView = {
      id: offer.id,
      direction: 'receive',
      peerId,
      name: sanitiseFileName(offer.name),
      size: offer.size,
      type: MIME.test(offer.mime) ? offer.mime : 'application/octet-stream',
      bytes: 0,
      status: 'receiving',
    };
    const incoming: Incoming = {
      view,
      stream: offer.stream,
      hash: new Sha256(),
      parts: [],
      batch: [],
      batchBytes: 0,
      lastProgress: performance.now(),
    };
    this.#incoming.set(`${peerId} ${offer.stream}`, incoming);
    this.#views = [...this.#views, view];
    this.events.offer(view);
    this.events.change();
  }

  async #onEnd(peerId: string, id: string, sha256: string): Promise<void> {
    const incoming = this.#findIncoming(peerId, id);
    if (!incoming) return;
    this.#flush(incoming);
    const actual = incoming.hash.hex();
    if (incoming.view.bytes !== incoming.view.size || actual !== sha256) {
      this.port.send(peerId, { t: 'file-ack', id, ok: false });
      return this.#endIncoming(incoming, 'failed', 'corrupt');
    }
    // Never the sender's claimed type: opened from its URL, a text/html or SVG blob would run
    // script on the host page's origin. The claimed type stays in the view, as data.
    const file = new File(incoming.parts, incoming.view.name, { type: 'application/octet-stream' });
    this.#setView(incoming, { sha256: actual, url: URL.createObjectURL(file) });
    this.port.send(peerId, { t: 'file-ack', id, ok: true });
    this.#endIncoming(incoming, 'done');
    this.events.received(incoming.view, file);
  }

  #findIncoming(peerId: string, id: string): Incoming | undefined {
    return [...this.#incoming.values()].find((i) => i.view.peerId === peerId && i.view.id === id);
  }

  #flush(incoming: Incoming): void {
    if (!incoming.batch.length) return;
    incoming.parts.push(new Blob(incoming.batch as BlobPart[]));
    incoming.batch = [];
    incoming.batchBytes = 0;
  }

  #endOutgoing(outgoing: Outgoing, status: TransferStatus, reason?: RefusalReason): void {
    if (this.#outgoing.get(outgoing.view.id) !== outgoing) return;
    this.#outgoing.delete(outgoing.view.id);
    this.#setView(outgoing, { status, reason, bytes: status === 'done' ? outgoing.view.size : outgoing.view.bytes });
    this.#dropOldFinished();
    this.events.progress(outgoing.view);
    this.events.change();
    outgoing.settle(status === 'done');
  }

  #endIncoming(incoming: Incoming, status: TransferStatus, reason?: RefusalReason): void {
    const key = `${incoming.view.peerId} ${incoming.stream}`;
    if (this.#incoming.get(key) !== incoming) return;
    this.#incoming.delete(key);
    incoming.parts = [];
    incoming.batch = [];
    this.#setView(incoming, { status, reason });
    this.#dropOldFinished();
    this.events.progress(incoming.view);
    this.events.change();
  }

  /** Keeps the list bounded however many transfers a peer starts and cancels. */
  #dropOldFinished(): void {
    const finished = this.#views.filter((v) => !this.#isActive(v));
    if (finished.length <= FINISHED_TRANSFERS_KEPT) return;
    const gone = new Set(finished.slice(0, finished.length - FINISHED_TRANSFERS_KEPT));
    for (const view of gone) if (view.url) URL.revokeObjectURL(view.url);
    this.#views = this.#views.filter((v) => !gone.has(v));
  }

  #isActive(view: TransferView): boolean {
    return this.#outgoing.get(view.id)?.view === view || [...this.#incoming.values()].some((i) => i.view === view);
  }

  #setView(transfer: Outgoing | Incoming, patch: Partial<TransferView>): void {
    const before = transfer.view;
    const after = { ...before, ...patch };
    transfer.view = after;
    this.#views = this.#views.map((v) => (v === before ? after : v));
  }
}
