import type { MediaConnection, Peer } from 'peerjs';
import { DEFAULT_MAX_BITRATE_KBPS } from '../media/uplink-limits.js';
import { watchGathering } from './gathering-watch.js';
import type { LinkState } from './media-path.js';

export type { LinkState };

export interface PeerMeshEvents {
  /** A remote stream to show for `peerId` (reported once per stream, not per track). */
  stream(peerId: string, stream: MediaStream): void;
  state(peerId: string, state: LinkState): void;
}

/** What a call carries so the callee can tell which room it belongs to. */
interface CallMetadata {
  room: string;
}

/** The uplink budget's code: a chunk of its own, as a page alone in its room never needs it. */
const loadUplinkBudget = () => import('../media/uplink-budget.js');

// Lets a caller without camera or microphone still receive the callee's media.
const RECEIVE_BOTH = { offerToReceiveAudio: true, offerToReceiveVideo: true };

/**
 * The media connections of this page to every other member of its room: one
 * PeerJS `MediaConnection` per remote peer. Who is in the room is not decided
 * here but by the session, from the server's presence events; what else a
 * member's link needs (its data connection, timeouts, recovery) is
 * {@link PeerLinks}'s.
 */
export class PeerMesh {
  readonly #calls = new Map<string, MediaConnection>();
  /** Our own calls that have not connected yet. */
  readonly #ringing = new WeakSet<MediaConnection>();
  /** Budget changes are applied one after the other: a sender takes one setParameters at a time. */
  #budgetApplied = Promise.resolve();
  /** Total video uplink (kbit/s) shared by every connection's video sender; read at each link change. */
  uplinkKbps = DEFAULT_MAX_BITRATE_KBPS;
  /**
   * Whether calls send the microphone. A muted one sends nothing at all rather
   * than silence: no audio encoded, sent, decoded and played out on either side
   * (a fifth of two cores, measured during a file transfer). Calls made while
   * muted start that way.
   */
  #sendingAudio = true;
  /** What every call sends: the camera and microphone (see {@link publish}). */
  #localStream = new MediaStream();

  constructor(
    private readonly peer: Peer,
    private readonly room: string,
    private readonly events: PeerMeshEvents,
  ) {}

  /** Sends `stream` on the calls made and answered from now on (a stream's tracks change in place, by {@link replaceTrack}). */
  publish(stream: MediaStream): void {
    this.#localStream = stream;
  }

  /**
   * Someone joined, so their call is coming: the budget's code loads now
   * rather than as the call arrives, when fetching and compiling it would
   * slow the call's negotiation on a busy machine.
   */
  expectCall(): void {
    void loadUplinkBudget().catch(() => {});
  }

  /** Calls a member who was in the room before us. */
  call(peerId: string): void {
    this.#place(peerId, true);
  }

  /** `retryIfStuck`: a call that gathers no candidate is placed again at once (once). */
  #place(peerId: string, retryIfStuck: boolean): void {
    if (this.#calls.has(peerId)) return;
    const metadata: CallMetadata = { room: this.room };
    const call = this.peer.call(peerId, this.#localStream, { metadata, constraints: RECEIVE_BOTH } as never);
    if (!call) {
      this.events.state(peerId, 'failed');
      return;
    }
    this.#ringing.add(call);
    this.#track(call);
    this.#applyUplinkBudget();
    if (!retryIfStuck || !call.peerConnection) return;
    const stopWatching = watchGathering(call.peerConnection, () => {
      if (this.#calls.get(peerId) !== call || !this.#ringing.has(call)) return;
      console.warn('[video-chat-room] a call gathered no ICE candidate; calling again');
      this.hangUp(peerId);
      this.#place(peerId, false);
    });
    call.on('close', stopWatching);
  }

  /**
   * Resolves once each of our calls to `peerIds` has set its offer (PeerJS
   * sends it next), or after `timeoutMs` at the latest (a call closed
   * meanwhile fires nothing, so it holds this until then).
   */
  offersSet(peerIds: readonly string[], timeoutMs: number): Promise<void> {
    const offers = peerIds.map((peerId) => {
      const connection = this.#calls.get(peerId)?.peerConnection;
      if (!connection || connection.signalingState !== 'stable') return Promise.resolve();
      return new Promise<void>((resolve) => connection.addEventListener('signalingstatechange', () => resolve(), { once: true }));
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    return Promise.race([Promise.all(offers), late]).then(() => clearTimeout(timer));
  }

  /** Calls `peerId` afresh, hanging up whatever call there was. */
  recall(peerId: string): void {
    this.hangUp(peerId);
    this.call(peerId);
  }

  /** Whether our own call to `peerId` is still waiting to connect. */
  isRinging(peerId: string): boolean {
    const call = this.#calls.get(peerId);
    return !!call && this.#ringing.has(call);
  }

  /** Whether an incoming call says it belongs to this room. */
  isForThisRoom(call: MediaConnection): boolean {
    const metadata = call.metadata as Partial<CallMetadata> | undefined;
    return metadata?.room === this.room;
  }

  /** Answers a call from a member the session has vetted. */
  answer(call: MediaConnection): void {
    this.#calls.get(call.peer)?.close();
    call.answer(this.#localStream);
    this.#track(call);
    this.#applyUplinkBudget();
  }

  hangUp(peerId: string): void {
    const call = this.#calls.get(peerId);
    if (!call) return;
    this.#calls.delete(peerId);
    call.close();
    // Fewer connections now share the uplink.
    this.#applyUplinkBudget();
  }

  closeAll(): void {
    for (const peerId of [...this.#calls.keys()]) this.hangUp(peerId);
  }

  /** Mutes (null) or unmutes (the microphone's track) every call's audio, without renegotiating. */
  sendAudio(track: MediaStreamTrack | null): void {
    this.#sendingAudio = track !== null;
    this.replaceTrack('audio', track);
  }

  /**
   * Sends `track` as the audio or video of every connection, without
   * renegotiating. While muted, a new microphone is not sent: it waits for
   * {@link sendAudio}.
   */
  replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): void {
    if (kind === 'audio' && !this.#sendingAudio) track = null;
    const replaced = this.#senders(kind).map((sender) =>
      sender.replaceTrack(track).catch((error) => console.warn(`[video-chat-room] could not switch ${kind}`, error)),
    );
    // A screen keeps its resolution where a camera may be scaled down: work the shares out again.
    if (kind === 'video') void Promise.all(replaced).then(() => this.#applyUplinkBudget());
  }

  #senders(kind: 'audio' | 'video'): RTCRtpSender[] {
    return [...this.#calls.values()].flatMap(
      (call) => call.peerConnection?.getTransceivers().find((t) => t.receiver.track.kind === kind)?.sender ?? [],
    );
  }

  /**
   * Shares the uplink budget among the connections there are now: as each call
   * starts (so its encoder starts with its share, not reconfigured as the first
   * picture goes out), as each comes up and as each ends.
   */
  #applyUplinkBudget(): void {
    // Loaded by expectCall when someone joins, or here as our first call starts.
    this.#budgetApplied = this.#budgetApplied.then(async () => {
      const { applyUplinkBudget } = await loadUplinkBudget();
      await applyUplinkBudget(this.#senders('video'), this.uplinkKbps);
    });
  }

  /** The RTCPeerConnection to `peerId`, for statistics. */
  connectionTo(peerId: string): RTCPeerConnection | undefined {
    return this.#calls.get(peerId)?.peerConnection;
  }

  #track(call: MediaConnection): void {
    const peerId = call.peer;
    this.#calls.set(peerId, call);
    if (!this.#sendingAudio) {
      const microphone = call.peerConnection?.getSenders().find((sender) => sender.track?.kind === 'audio');
      void microphone?.replaceTrack(null).catch(() => {});
    }
    this.events.state(peerId, 'connecting');
    let shown: MediaStream | undefined;
    // PeerJS fires `stream` once per remote track with the same stream: report it once.
    call.on('stream', (stream) => {
      if (this.#calls.get(peerId) !== call || stream === shown) return;
      shown = stream;
      this.events.stream(peerId, stream);
    });
    call.on('iceStateChanged', (state) => {
      if (this.#calls.get(peerId) !== call) return;
      if (state === 'connected' || state === 'completed') {
        this.#ringing.delete(call);
        this.events.state(peerId, 'connected');
        this.#applyUplinkBudget();
      } else if (state === 'failed') this.events.state(peerId, 'failed');
    });
    call.on('close', () => {
      if (this.#calls.get(peerId) !== call) return;
      this.#calls.delete(peerId);
      this.events.state(peerId, 'closed');
      this.#applyUplinkBudget();
    });
    call.on('error', () => {
      if (this.#calls.get(peerId) === call) this.events.state(peerId, 'failed');
    });
  }
}
