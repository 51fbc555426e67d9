import type { DataConnection, MediaConnection, Peer } from 'peerjs';
import { LinkRecovery } from './link-recovery.js';
import type { LinkState, MediaPath, MediaPathEvents } from './media-path.js';
import { OfferGate } from './offer-gate.js';
import { PeerMesh } from './peer-mesh.js';
import type { RoomChannels } from './room-channels.js';

/** A connection still not up after this long is reported as failed (ICE itself can take 30 s to give up). */
const CONNECT_TIMEOUT_MS = 15_000;
/**
 * A call's data connection (chat, files, media state) is opened this long
 * after the call connects: opened at once, its negotiation slows the first
 * picture (docs/performance.md). Chat said meanwhile waits for it
 * (DataMesh.deliver).
 */
const DATA_AFTER_CALL_MS = 500;

/** What the links need from the session. */
export interface PeerLinksHost {
  selfId(): string;
  /** The link state shown for `peerId`, or undefined when they are not (or no longer) a member. */
  linkOf(peerId: string): LinkState | undefined;
  /** Whether we are joined and `peerId` is still in the room. */
  stillHere(peerId: string): boolean;
  /** Chat, files and media state, if loaded. */
  channels(): RoomChannels | undefined;
  /** The same, loaded on first need; undefined once the visit ended. */
  ensureChannels(): Promise<RoomChannels | undefined>;
}

/**
 * The mesh: the {@link MediaPath} that links this page to each member
 * directly. Per member it holds the call ({@link PeerMesh}), the data
 * connection that follows it once it is up, the timeout of a call that never
 * connects, the rule for calls that cross, offers that outran the server's
 * announcement of their caller ({@link OfferGate}), and the re-making of links that
 * break ({@link LinkRecovery}); {@link drop} clears all of it.
 */
export class PeerLinks implements MediaPath {
  readonly #mesh: PeerMesh;
  readonly #connectTimers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Members we called whose data connection we open once the call connects. */
  readonly #dataAfterCall = new Set<string>();
  /** Data connections planned to follow calls that just connected. */
  readonly #dataTimers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Offers from callers not yet announced, held before PeerJS sees them. */
  readonly #offerGate: OfferGate;
  readonly #recovery: LinkRecovery;

  constructor(
    peer: Peer,
    room: string,
    private readonly host: PeerLinksHost,
    private readonly events: MediaPathEvents,
  ) {
    this.#offerGate = new OfferGate(peer, (peerId) => host.linkOf(peerId) !== undefined);
    this.#mesh = new PeerMesh(peer, room, {
      stream: (peerId, stream) => events.stream(peerId, stream),
      state: (peerId, link) => this.#onLinkState(peerId, link),
    });
    this.#recovery = new LinkRecovery({
      selfId: () => host.selfId(),
      stillHere: (peerId) => host.stillHere(peerId),
      reconnect: (peerId) => this.#connectTo(peerId),
    });
  }

  get uplinkKbps(): number {
    return this.#mesh.uplinkKbps;
  }

  set uplinkKbps(kbps: number) {
    this.#mesh.uplinkKbps = kbps;
  }

  join(peerIds: readonly string[]): void {
    for (const peerId of peerIds) {
      // After a rejoin: a call that kept going, with its data connection up (or still to follow), stays.
      const dataUp = this.host.channels()?.mesh.isOpen(peerId) || this.#dataPlanned(peerId);
      if (this.host.linkOf(peerId) === 'connected' && dataUp) continue;
      this.#connectTo(peerId);
    }
  }

  expect(peerId: string): void {
    // Newcomers call those already there: theirs is on its way.
    this.#mesh.expectCall();
    this.#offerGate.release(peerId);
  }

  drop(peerId: string): void {
    clearTimeout(this.#connectTimers.get(peerId));
    this.#connectTimers.delete(peerId);
    clearTimeout(this.#dataTimers.get(peerId));
    this.#dataTimers.delete(peerId);
    this.#dataAfterCall.delete(peerId);
    this.#recovery.settled(peerId);
    this.#mesh.hangUp(peerId);
    this.host.channels()?.drop(peerId);
  }

  placed(peerIds: readonly string[], timeoutMs: number): Promise<void> {
    return this.#mesh.offersSet(peerIds, timeoutMs);
  }

  recover(peerIds: readonly string[]): void {
    for (const peerId of peerIds) this.#recovery.lost(peerId);
  }

  publish(stream: MediaStream): void {
    this.#mesh.publish(stream);
  }

  replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): void {
    this.#mesh.replaceTrack(kind, track);
  }

  sendAudio(track: MediaStreamTrack | null): void {
    this.#mesh.sendAudio(track);
  }

  connectionTo(peerId: string): RTCPeerConnection | undefined {
    return this.#mesh.connectionTo(peerId);
  }

  /** A call or data connection from another page (its offer let through by the gate): accepted from members of this room. */
  incoming(connection: MediaConnection | DataConnection): void {
    if (connection.type === 'media') return this.#vet(connection);
    // A data connection may come before chat and files have loaded: hold it until they have.
    void this.host.ensureChannels().then((channels) => (channels ? this.#vet(connection) : connection.close()));
  }

  /** The data connection to `peerId` closed or fell silent. */
  dataLost(peerId: string): void {
    // An old link that went silent while a fresh call's own data connection is still to
    // come: that one replaces it, so the fresh call is not made again.
    if (this.#dataPlanned(peerId)) return;
    this.#recovery.lost(peerId);
  }

  /** The data connection to `peerId` is open. */
  dataOpened(peerId: string): void {
    if (this.host.linkOf(peerId) === 'connected') this.#recovery.settled(peerId);
  }

  close(): void {
    for (const timer of [...this.#connectTimers.values(), ...this.#dataTimers.values()]) clearTimeout(timer);
    this.#connectTimers.clear();
    this.#dataTimers.clear();
    this.#recovery.stop();
    this.#dataAfterCall.clear();
    this.#offerGate.close();
    this.#mesh.closeAll();
  }

  #vet(connection: MediaConnection | DataConnection): void {
    const forThisRoom =
      connection.type === 'media'
        ? this.#mesh.isForThisRoom(connection as MediaConnection)
        : this.host.channels()?.isForThisRoom(connection as DataConnection);
    if (!forThisRoom) {
      console.warn('[video-chat-room] refused a connection for another room');
      return connection.close();
    }
    // The offer gate lets through only members' offers; a data connection held for chat's code may outlive its caller.
    if (this.host.linkOf(connection.peer) !== undefined) return this.#accept(connection);
    connection.close();
  }

  #accept(connection: MediaConnection | DataConnection): void {
    const peerId = connection.peer;
    const isMedia = connection.type === 'media';
    // Both sides called at once: keep the call of the side with the smaller id.
    const ours = isMedia ? this.#mesh.isRinging(peerId) : this.host.channels()?.mesh.isConnecting(peerId);
    if (ours && this.host.selfId() < peerId) return connection.close();
    this.#recovery.settled(peerId);
    if (isMedia) this.#mesh.answer(connection as MediaConnection);
    else this.host.channels()?.accept(connection as DataConnection);
  }

  /** Whether a data connection is still to follow a call to `peerId` (the call connecting, or just connected). */
  #dataPlanned(peerId: string): boolean {
    return this.#dataAfterCall.has(peerId) || this.#dataTimers.has(peerId);
  }

  /** A data connection planned to follow a call is not opened after all (the call went down or is made again). */
  #cancelDataAfterCall(peerId: string): void {
    clearTimeout(this.#dataTimers.get(peerId));
    if (this.#dataTimers.delete(peerId)) this.#dataAfterCall.add(peerId);
  }

  /** Calls a member, with media and (once the call is up) a data connection. */
  #connectTo(peerId: string): void {
    this.#cancelDataAfterCall(peerId);
    // A fresh call supersedes a planned one (recovery plans its next try after this).
    this.#recovery.settled(peerId);
    this.#mesh.recall(peerId);
    // The data connection follows once the call is up: set up together, the two slow the first picture.
    this.#dataAfterCall.add(peerId);
  }

  #onLinkState(peerId: string, link: LinkState): void {
    if (this.host.linkOf(peerId) === undefined) return;
    clearTimeout(this.#connectTimers.get(peerId));
    this.#connectTimers.delete(peerId);
    // A data connection planned for a call that went down waits for the next call instead.
    if (link !== 'connected') this.#cancelDataAfterCall(peerId);
    if (link === 'connecting') {
      this.#connectTimers.set(
        peerId,
        setTimeout(() => this.#onLinkState(peerId, 'failed'), CONNECT_TIMEOUT_MS),
      );
    }
    this.events.link(peerId, link);
    if (link === 'connected' && this.#dataAfterCall.delete(peerId)) {
      this.#dataTimers.set(
        peerId,
        setTimeout(() => {
          this.#dataTimers.delete(peerId);
          void this.host.ensureChannels().then((channels) => channels?.connect(peerId));
        }, DATA_AFTER_CALL_MS),
      );
    }
    if (link === 'connected' && this.host.channels()?.mesh.isOpen(peerId)) this.#recovery.settled(peerId);
    if (link === 'failed' || link === 'closed') this.#recovery.lost(peerId);
  }
}
