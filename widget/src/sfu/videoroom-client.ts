// A small VideoRoom client written against Janus's documented WebSocket API.
// Not janus.js (the `janus-gateway` package): it expects webrtc-adapter, which
// rewrites the host page's RTCPeerConnection, getUserMedia and friends in
// place, for every other script on the page too; the element ships without
// adapter for that reason. This client is also far smaller, needs no eval and
// no workers (strict CSP), and does only what the element uses: one session,
// one publisher connection, one multistream subscriber connection.
import { JanusSession } from './janus-session.js';
import { changedLayers, chooseLayers, type Layer, type TileView } from './layer-choice.js';
import { VideoRoomPublisher } from './videoroom-publisher.js';
import { VideoRoomSubscriber } from './videoroom-subscriber.js';

/** What our server hands a member for the media server (peer-server MediaServerGrant). */
export interface MediaServerGrant {
  url: string;
  room: string;
  pin: string;
  token: string;
  expiresAt: number;
  feedId: string;
}

export interface VideoRoomClientOptions {
  /** ICE servers from our server (TURN) and, for relay-only privacy, `iceTransportPolicy: 'relay'`. */
  rtcConfiguration?: RTCConfiguration;
  /** A remote track arrived for `feedId` (audio and video, each once per subscription). */
  onTrack?: (feedId: string, track: MediaStreamTrack) => void;
  /** A feed stopped publishing or left the room. */
  onFeedGone?: (feedId: string) => void;
  /** The session with the media server was lost (Janus down, token removed, network). */
  onLost?: (reason: string) => void;
}

/**
 * This page in a VideoRoom: publishes its media, receives every other feed
 * over one connection as feeds come and go, and picks each feed's layer from
 * how its tile is shown.
 */
export class VideoRoomClient {
  #layers = new Map<string, Layer | null>();

  private constructor(
    private readonly session: JanusSession,
    readonly publisher: VideoRoomPublisher,
    readonly subscriber: VideoRoomSubscriber,
    options: VideoRoomClientOptions,
  ) {
    session.onLost = (reason) => options.onLost?.(reason);
    subscriber.onTrack = (feedId, track) => options.onTrack?.(feedId, track);
    publisher.onFeeds = (added, gone) => {
      if (added.length) void subscriber.subscribe(added.map((feed) => feed.feedId));
      if (gone.length) {
        void subscriber.unsubscribe(gone);
        for (const feedId of gone) {
          this.#layers.delete(feedId);
          options.onFeedGone?.(feedId);
        }
      }
    };
  }

  /** Opens a session with the member's token, joins the VideoRoom as its assigned feed and receives the feeds already there. */
  static async join(grant: MediaServerGrant, options: VideoRoomClientOptions = {}): Promise<VideoRoomClient> {
    const rtcConfiguration = options.rtcConfiguration ?? {};
    const session = await JanusSession.open(grant.url, grant.token);
    try {
      const { publisher, feeds } = await VideoRoomPublisher.join(session, grant, rtcConfiguration);
      const subscriber = new VideoRoomSubscriber(session, { ...grant, privateId: publisher.privateId }, rtcConfiguration);
      const client = new VideoRoomClient(session, publisher, subscriber, options);
      const publishing = feeds.filter((feed) => feed.hasMedia).map((feed) => feed.feedId);
      if (publishing.length) await subscriber.subscribe(publishing);
      return client;
    } catch (error) {
      session.close();
      throw error;
    }
  }

  /** Sends this page's camera and microphone (three layers where the browser can). */
  publish(stream: MediaStream, options?: { simulcast?: boolean }): Promise<void> {
    return this.publisher.publish(stream, options);
  }

  /** A renewed token from our server, for every request from now on. */
  renewToken(token: string): void {
    this.session.setToken(token);
  }

  /** Chooses each tile's layer from how it is shown; tells Janus only about the tiles whose layer changed. */
  async showTiles(tiles: readonly TileView[]): Promise<void> {
    const next = chooseLayers(tiles.filter((tile) => this.subscriber.feeds.includes(tile.feedId)));
    const changed = changedLayers(this.#layers, next);
    for (const [feedId, layer] of next) this.#layers.set(feedId, layer);
    if (changed.size) await this.subscriber.setLayers(changed);
  }

  /** Leaves the room: both connections hung up, the session destroyed. */
  async leave(): Promise<void> {
    await this.subscriber.close();
    await this.publisher.leave();
    this.session.close();
  }
}
