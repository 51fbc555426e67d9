import { announcedFeeds, departedFeed, type AnnouncedFeed } from './janus-messages.js';
import { JanusRequestError, type JanusSession, type PluginAnswer } from './janus-session.js';

const VIDEOROOM = 'janus.plugin.videoroom';

/**
 * Three layers, largest first (Janus reads the first rid as the top
 * substream, as its own janus.js sends them). Bitrates are the usual
 * ladder for 720p, 360p and 180p VP8.
 */
const SIMULCAST_ENCODINGS: RTCRtpEncodingParameters[] = [
  { rid: 'h', maxBitrate: 1_200_000 },
  { rid: 'm', maxBitrate: 450_000, scaleResolutionDownBy: 2 },
  { rid: 'l', maxBitrate: 150_000, scaleResolutionDownBy: 4 },
];

export interface PublisherJoin {
  room: string;
  pin: string;
  /** The feed id our server assigned to this member. */
  feedId: string;
}

/**
 * This page in a VideoRoom as a publisher: joins (learning the feeds already
 * there), sends its camera and microphone over one peer connection with
 * simulcast where the browser takes it, and reports feeds that come and go.
 */
export class VideoRoomPublisher {
  readonly pc: RTCPeerConnection;
  /** Janus's private id for this participant: subscriptions in the room need it. */
  readonly privateId: number;
  /** Feeds that came (with media) or went, after the join. */
  onFeeds: (added: AnnouncedFeed[], gone: string[]) => void = () => {};
  #videoSender: RTCRtpSender | undefined;
  #simulcast = false;

  private constructor(
    private readonly session: JanusSession,
    private readonly handleId: number,
    privateId: number,
    rtcConfiguration: RTCConfiguration,
  ) {
    this.privateId = privateId;
    this.pc = new RTCPeerConnection(rtcConfiguration);
    this.pc.addEventListener('icecandidate', (event) => session.trickle(handleId, event.candidate));
  }

  /** Joins `room` as a publisher; resolves with the publisher and the feeds already publishing. */
  static async join(
    session: JanusSession,
    join: PublisherJoin,
    rtcConfiguration: RTCConfiguration,
  ): Promise<{ publisher: VideoRoomPublisher; feeds: AnnouncedFeed[] }> {
    // Events on the handle reach the publisher once it exists (the join answer itself lists the feeds before).
    const route: { to?: VideoRoomPublisher } = {};
    const handleId = await session.attach(VIDEOROOM, (event) => {
      if (route.to) route.to.#onEvent(event);
    });
    const { data } = await session.message(handleId, {
      request: 'join',
      ptype: 'publisher',
      room: join.room,
      pin: join.pin,
      id: join.feedId,
    });
    const privateId = data.private_id;
    if (data.videoroom !== 'joined' || typeof privateId !== 'number') {
      throw new JanusRequestError(0, 'VideoRoom: unexpected answer to join');
    }
    const publisher = new VideoRoomPublisher(session, handleId, privateId, rtcConfiguration);
    route.to = publisher;
    return { publisher, feeds: announcedFeeds(data) };
  }

  /** Whether the video is sent as three layers (the browser took the encodings). */
  get simulcast(): boolean {
    return this.#simulcast;
  }

  /** Sends `stream`'s first audio and video track; resolves once Janus answered the offer. */
  async publish(stream: MediaStream, { simulcast = true } = {}): Promise<void> {
    const [audio] = stream.getAudioTracks();
    const [video] = stream.getVideoTracks();
    if (audio) this.pc.addTransceiver(audio, { direction: 'sendonly', streams: [stream] });
    if (video) {
      let transceiver: RTCRtpTransceiver | undefined;
      if (simulcast) {
        try {
          transceiver = this.pc.addTransceiver(video, {
            direction: 'sendonly',
            streams: [stream],
            sendEncodings: SIMULCAST_ENCODINGS.map((encoding) => ({ ...encoding })),
          });
          this.#simulcast = transceiver.sender.getParameters().encodings.length > 1;
        } catch {
          // A browser without simulcast sends one layer; every tile then gets that one.
        }
      }
      transceiver ??= this.pc.addTransceiver(video, { direction: 'sendonly', streams: [stream] });
      this.#videoSender = transceiver.sender;
    }
    const offer = await this.pc.createOffer();
    await this.pc.setLocalDescription(offer);
    const { jsep } = await this.session.message(this.handleId, { request: 'configure', audio: !!audio, video: !!video }, offer);
    if (jsep?.type !== 'answer') throw new JanusRequestError(0, 'VideoRoom: no SDP answer to our offer');
    await this.pc.setRemoteDescription(jsep);
  }

  /** Swaps the camera for a screen (or back) without renegotiating: every layer follows the new track. */
  async replaceVideoTrack(track: MediaStreamTrack | null): Promise<void> {
    await this.#videoSender?.replaceTrack(track);
  }

  /** Stops sending (the subscribers' streams of this feed go inactive) but stays in the room. */
  async unpublish(): Promise<void> {
    await this.session.message(this.handleId, { request: 'unpublish' }).catch(() => undefined);
    this.pc.close();
  }

  /** Leaves the room and hangs up. */
  async leave(): Promise<void> {
    await this.session.message(this.handleId, { request: 'leave' }).catch(() => undefined);
    this.pc.close();
    await this.session.detach(this.handleId);
  }

  #onEvent({ data }: PluginAnswer): void {
    const added = announcedFeeds(data).filter((feed) => feed.hasMedia);
    const gone = departedFeed(data);
    if (added.length || gone) this.onFeeds(added, gone ? [gone] : []);
  }
}
