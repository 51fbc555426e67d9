import { subscribedStreams, type SubscribedStream } from './janus-messages.js';
import { JanusRequestError, type JanusSession, type PluginAnswer } from './janus-session.js';
import type { Layer } from './layer-choice.js';

const VIDEOROOM = 'janus.plugin.videoroom';
/** Janus sends a publisher at most one keyframe request a second. */
const KEYFRAME_REQUEST_INTERVAL_MS = 1000;

export interface SubscriberJoin {
  room: string;
  pin: string;
  /** The publisher's private id: the room requires it of subscriptions. */
  privateId: number;
}

/**
 * Every remote feed over one peer connection (VideoRoom multistream): the
 * first feeds join, later ones are added and removed with `update`, and each
 * time Janus sends a new offer that this page answers. Tracks reach
 * `onTrack` with the feed they belong to.
 */
export class VideoRoomSubscriber {
  readonly pc: RTCPeerConnection;
  onTrack: (feedId: string, track: MediaStreamTrack) => void = () => {};
  #handleId = 0;
  #joined = false;
  /** mid → stream, as Janus last listed them. */
  #streams = new Map<string, SubscribedStream>();
  /** Video mids Janus was told not to send. */
  #paused = new Set<string>();
  /** mid → the substream asked for, and the one Janus says it forwards. */
  #wanted = new Map<string, Layer>();
  #forwarded = new Map<string, number>();
  /** Renegotiations and requests one at a time, in order. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly session: JanusSession,
    private readonly join: SubscriberJoin,
    rtcConfiguration: RTCConfiguration,
  ) {
    this.pc = new RTCPeerConnection(rtcConfiguration);
    this.pc.addEventListener('track', (event) => {
      const feedId = event.transceiver.mid ? this.#streams.get(event.transceiver.mid)?.feedId : undefined;
      if (feedId) this.onTrack(feedId, event.track);
    });
  }

  /** The feeds this connection receives now. */
  get feeds(): string[] {
    return [...new Set([...this.#streams.values()].filter((s) => s.active).map((s) => s.feedId))];
  }

  /** Receives `feedIds` too (all their streams); the first call joins the room as a subscriber. */
  subscribe(feedIds: string[]): Promise<void> {
    return this.#serially(async () => {
      const wanted = feedIds.filter((feed) => !this.feeds.includes(feed)).map((feed) => ({ feed }));
      if (!wanted.length) return;
      if (!this.#joined) {
        this.#handleId = await this.session.attach(VIDEOROOM, (event) => void this.#serially(() => this.#onEvent(event)));
        const answer = await this.session.message(this.#handleId, {
          request: 'join',
          ptype: 'subscriber',
          room: this.join.room,
          pin: this.join.pin,
          private_id: this.join.privateId,
          streams: wanted,
        });
        this.#joined = true;
        await this.#onEvent(answer);
      } else {
        await this.#onEvent(await this.session.message(this.#handleId, { request: 'update', subscribe: wanted }));
      }
    });
  }

  /** Stops receiving `feedIds`. */
  unsubscribe(feedIds: string[]): Promise<void> {
    return this.#serially(async () => {
      const gone = feedIds.filter((feed) => this.feeds.includes(feed)).map((feed) => ({ feed }));
      if (!gone.length || !this.#joined) return;
      await this.#onEvent(await this.session.message(this.#handleId, { request: 'update', unsubscribe: gone }));
    });
  }

  /** Asks Janus for a layer per feed's video; `null` stops that video until a layer is chosen again. */
  setLayers(layers: ReadonlyMap<string, Layer | null>): Promise<void> {
    return this.#serially(async () => {
      const streams = [...this.#streams.values()]
        .filter((stream) => stream.type === 'video' && stream.active && layers.has(stream.feedId))
        .map((stream) => {
          const layer = layers.get(stream.feedId)!;
          if (layer === null) {
            this.#paused.add(stream.mid);
            this.#wanted.delete(stream.mid);
            return { mid: stream.mid, send: false };
          }
          const resume = this.#paused.delete(stream.mid) ? { send: true } : {};
          const up = layer > (this.#forwarded.get(stream.mid) ?? -1);
          this.#wanted.set(stream.mid, layer);
          if (up) this.#confirmSwitch(stream.mid, layer);
          return { mid: stream.mid, substream: layer, ...resume };
        });
      if (streams.length) await this.session.message(this.#handleId, { request: 'configure', streams });
    });
  }

  /**
   * Janus switches up on the next keyframe of the larger layer and asks the
   * publisher for one, but at most one request a second per publisher: an up
   * switch within a second of another switch waits for the encoder's own next
   * keyframe, which can be minutes away. Asking again once that second is over,
   * unless Janus reported the switch, gets the keyframe.
   */
  #confirmSwitch(mid: string, layer: Layer): void {
    window.setTimeout(() => {
      if (this.pc.connectionState === 'closed' || this.#wanted.get(mid) !== layer || this.#forwarded.get(mid) === layer) return;
      void this.#serially(() =>
        this.session.message(this.#handleId, { request: 'configure', streams: [{ mid, substream: layer }] }),
      ).catch(() => undefined);
    }, KEYFRAME_REQUEST_INTERVAL_MS + 100);
  }

  /** The video mid that carries `feedId`, for reading its stats. */
  videoMidOf(feedId: string): string | undefined {
    return [...this.#streams.values()].find((s) => s.feedId === feedId && s.type === 'video' && s.active)?.mid;
  }

  async close(): Promise<void> {
    this.pc.close();
    if (this.#joined) {
      await this.session.message(this.#handleId, { request: 'leave' }).catch(() => undefined);
      await this.session.detach(this.#handleId);
    }
  }

  /** Takes Janus's list of streams and answers its offer, when it sent one. */
  async #onEvent({ data, jsep }: PluginAnswer): Promise<void> {
    if (data.videoroom === 'attached' || data.videoroom === 'updated') {
      this.#streams = new Map(subscribedStreams(data).map((stream) => [stream.mid, stream]));
    }
    // Janus tells which substream it forwards on a mid once it switched.
    if (typeof data.mid === 'string' && typeof data.substream === 'number') this.#forwarded.set(data.mid, data.substream);
    if (!jsep) return;
    if (jsep.type !== 'offer') throw new JanusRequestError(0, 'VideoRoom: a subscriber got an SDP answer');
    await this.pc.setRemoteDescription(jsep);
    const answer = await this.pc.createAnswer();
    await this.pc.setLocalDescription(answer);
    await this.session.message(this.#handleId, { request: 'start' }, answer);
  }

  #serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
