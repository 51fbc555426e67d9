import type { DataConnection, MediaConnection, Peer, PeerError } from 'peerjs';
import {
  normaliseDisplayName,
  type IceServer,
  type Member,
  type PresenceEvent,
  type WelcomeEvent,
} from '../../../protocol/room-protocol.js';
import { roomsApiUrl, type RoomConfig } from '../config.js';
import { RoomError } from '../errors.js';
import { en } from '../i18n/en.js';
import { LocalMedia, type SelectedDevices } from '../media/local-media.js';
import type { ScreenShare } from '../media/screen-share.js';
import type { ConnectionStats } from '../stats/connection-stats.js';
import type { QualityReading } from '../stats/call-quality.js';
import { IceServerKeeper } from './ice-server-keeper.js';
import { renewIceServers } from './member-api.js';
import { PeerMesh, type LinkState } from './peer-mesh.js';
import { SocketPresence } from './socket-presence.js';
import { LinkRecovery } from './link-recovery.js';
import type { RoomChannels } from './room-channels.js';
import type { ChatRefusal } from '../channels/chat.js';
import { OfferGate } from './offer-gate.js';
import { browserEnvironment, type SessionEnvironment } from './session-environment.js';
import { INITIAL_STATE, type Participant, type RoomSessionEventMap, type SessionState } from './session-state.js';
import { openPeer, randomToken, reopenPeer } from './signaling.js';

/** A connection still not up after this long is reported as failed (ICE itself can take 30 s to give up). */
const CONNECT_TIMEOUT_MS = 15_000;
/** After rejoining, how long others have to rejoin too before a silent one is taken as gone. */
const REJOIN_GRACE_MS = 10_000;
/**
 * Quality cues (their code and their getStats polling) start this long after
 * joining others, and chat and files load by then at the latest (else as the
 * first call comes up): the first pictures come first.
 */
const LATER_MS = 2_000;
/**
 * A call's data connection (chat, files, media state) is opened this long
 * after the call connects: opened at once, its negotiation slows the first
 * picture (about 5 % on two cores, bench/compare-builds.mjs). Chat said
 * meanwhile waits for it (DataMesh.deliver).
 */
const DATA_AFTER_CALL_MS = 500;
/** The longest the join's stage waits for its calls' offers to go out. */
const OFFERS_WAIT_MS = 500;
/** How long an answer to a person's action (message too long, file too large) stays on screen. */
const NOTICE_SHOWN_MS = 8_000;

const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/**
 * One person's visit to one room: local media, the PeerJS connection to our
 * server, room membership and the mesh of calls to the other members. Knows
 * nothing of rendering: state goes out as `change` events, intent comes in as
 * method calls.
 */
export class RoomSession extends EventTarget {
  #state: SessionState = INITIAL_STATE;
  #attempt = 0;
  #media: LocalMedia | undefined;
  #peer: Peer | undefined;
  #mesh: PeerMesh | undefined;
  #channels: RoomChannels | undefined;
  /** Chat and files load as their own chunk once in the call; this is that load. */
  #channelsLoading: Promise<RoomChannels | undefined> | undefined;
  #presence: SocketPresence | undefined;
  #screenShare: ScreenShare | undefined;
  #ice: IceServerKeeper | undefined;
  /** Members the server has shown since we rejoined it. */
  #seenSincePresenceLoss: Set<string> | undefined;
  readonly #connectTimers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Data connections planned to follow calls that just connected. */
  readonly #dataTimers = new Map<string, ReturnType<typeof setTimeout>>();
  /** The timer that starts the quality watch (and loads chat and files, if not yet) once the first pictures are in. */
  #laterTimer: ReturnType<typeof setTimeout> | undefined;
  /** Quality and speaking cues, loaded as their own chunk once in the call. */
  #qualityWatch: { start(): void; stop(): void } | undefined;
  /** The relay check's code, loading from the start of a relay-only join. */
  #relayCheck: Promise<typeof import('../network/ice-preflight.js') | undefined> | undefined;
  /** Cuts short the wait between two attempts to rejoin. */
  #wake: (() => void) | undefined;
  /** The device went offline during the call; cleared when it is back. */
  #wentOffline = false;
  readonly #onOnline = () => {
    this.#update({ notices: this.#state.notices.filter((n) => n.code !== 'network-offline') });
    // A socket that lived through the outage does not know whether it is dead
    // (the server lets it go after its alive timeout, and the page hears of
    // that only when TCP next retries, up to seconds later): a fresh one rejoins now.
    if (this.#wentOffline && this.#state.status === 'joined' && this.#peer && !this.#peer.disconnected) this.#peer.disconnect();
    this.#wentOffline = false;
    this.#wake?.();
    for (const p of this.#state.participants) if (p.link !== 'connected') this.#recovery.lost(p.id);
  };
  readonly #onOffline = () => {
    this.#wentOffline = true;
    this.#notice(new RoomError('network-offline', en.errors['network-offline'], false));
  };
  #offerGate?: OfferGate;
  /** Members we called whose data connection we open once the call connects. */
  readonly #dataAfterCall = new Set<string>();
  /** Re-connections scheduled to members whose link was lost, with the attempt count. */
  readonly #recovery = new LinkRecovery({
    selfId: () => this.#selfId,
    stillHere: (peerId) => this.#state.status === 'joined' && this.#state.participants.some((p) => p.id === peerId),
    reconnect: (peerId) => this.#connectTo(peerId),
  });

  constructor(
    readonly config: RoomConfig,
    private readonly env: SessionEnvironment = browserEnvironment(),
  ) {
    super();
  }

  get state(): SessionState {
    return this.#state;
  }

  /**
   * Joins the room. Resolves when joined or failed; the state says which.
   * `prepared` is the camera and microphone from the prejoin preview, used as they are.
   */
  async join(prepared?: { media: LocalMedia; problem?: RoomError }): Promise<void> {
    if (this.#state.status === 'joining' || this.#state.status === 'joined') return prepared?.media.stop();
    const attempt = ++this.#attempt;
    const current = () => attempt === this.#attempt;
    this.#update({ status: 'joining', error: undefined, notices: [], participants: [], self: undefined });
    try {
      if (!this.env.isSecureContext) throw new RoomError('insecure-context', en.errors['insecure-context']);
      if (!this.env.hasWebRTC) throw new RoomError('webrtc-unsupported', en.errors['webrtc-unsupported']);
      const { server } = this.config;
      if (
        new URL(this.env.pageUrl).protocol === 'https:' &&
        server.protocol === 'http:' &&
        !LOOPBACK_HOST.test(server.hostname)
      ) {
        throw new RoomError('mixed-content', en.errors['mixed-content']);
      }

      // The camera and the server at once: neither waits for the other. The camera
      // is asked first, as it takes the longer.
      const media = (this.#media = prepared?.media ?? new LocalMedia(this.env.getUserMedia));
      media.onDeviceLost = (kind) => this.#onDeviceLost(media, kind);
      // In an iframe without allow="camera; microphone" asking would only fail: say why up front.
      const framedWithoutDevices = !this.env.allowsFeature('camera') && !this.env.allowsFeature('microphone');
      const mediaStarting: Promise<RoomError | undefined> = framedWithoutDevices
        ? Promise.resolve(new RoomError('iframe-permissions', en.errors['iframe-permissions'], false))
        : prepared
          ? Promise.resolve(prepared.problem)
          : media.start({ audio: this.config.audio, video: this.config.video });
      const token = randomToken();
      // A relay-only call checks its TURN server as it starts: that code loads meanwhile.
      this.#relayCheck =
        this.config.iceTransport === 'relay' ? import('../network/ice-preflight.js').catch(() => undefined) : undefined;
      const peerOpening = openPeer(this.env, this.config, token);
      // Failures are met below, once the media are settled.
      peerOpening.catch(() => {});
      const dropPeer = () =>
        void peerOpening.then(
          (p) => p.destroy(),
          () => {},
        );

      const mediaProblem = await mediaStarting;
      if (!current()) {
        dropPeer();
        return media.stop();
      }
      this.#updateMedia();
      this.#update({ localStream: media.stream });
      if (mediaProblem) this.#notice(mediaProblem);

      const peer = await peerOpening;
      if (!current()) return void peer.destroy();
      this.#peer = peer;
      this.#offerGate = new OfferGate(peer, (peerId) => this.#state.participants.some((p) => p.id === peerId));
      this.#ice = new IceServerKeeper(peer, () =>
        renewIceServers(
          roomsApiUrl(this.config.server, this.config.room, 'credentials'),
          { peerId: peer.id, token },
          this.env.fetch,
        ),
      );
      this.#mesh = new PeerMesh(peer, this.config.room, media.stream, {
        stream: (peerId, stream) => this.#updateParticipant(peerId, { stream }),
        state: (peerId, link) => this.#onLinkState(peerId, link),
      });
      peer.on('call', (call) => this.#onIncoming(call));
      peer.on('connection', (connection) => {
        // A data connection may come before chat and files have loaded: hold it until they have.
        void this.#ensureChannels().then((channels) => (channels ? this.#onIncoming(connection) : connection.close()));
      });
      this.#mesh.uplinkKbps = this.config.maxBitrate;
      if (!media.isEnabled('audio')) this.#mesh.sendAudio(null);
      peer.on('error', (error) => this.#onPeerError(error));
      peer.on('disconnected', () => {
        if (this.#state.status === 'joined') this.#notice(new RoomError('signaling-lost', en.errors['signaling-lost'], false));
      });

      await this.#openPresence(peer, current);
    } catch (error) {
      if (!current()) return;
      this.#fail(error instanceof RoomError ? error : new RoomError('server-unreachable', en.errors['server-unreachable']));
    }
  }

  /** Joins the room on the server (again, after losing it); resolves once accepted. */
  async #openPresence(peer: Peer, current: () => boolean): Promise<void> {
    const presence = await SocketPresence.open(
      peer,
      {
        room: this.config.room,
        displayName: this.config.displayName,
        maxParticipants: this.config.maxParticipants,
        roomToken: this.config.token,
      },
      (event) => this.#onPresence(event, current),
    );
    if (!current()) return presence.close();
    this.#presence = presence;
    void presence.closed.then(() => {
      if (current() && this.#presence === presence && this.#state.status === 'joined') void this.#rejoin(current);
    });
  }

  /**
   * The server went away (restart, network blip) while calls go on peer to
   * peer: keep them, and rejoin the room with the same identity, retrying
   * with backoff, until it works or the visit ends.
   */
  async #rejoin(current: () => boolean): Promise<void> {
    this.#notice(new RoomError('signaling-lost', en.errors['signaling-lost'], false));
    this.#update({ reconnecting: true });
    for (let attempt = 0; ; attempt++) {
      // The network coming back ends the wait at once.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(1000 * 2 ** attempt, 10_000));
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = undefined;
      const peer = this.#peer;
      if (!current() || !peer) return;
      try {
        if (peer.disconnected) await reopenPeer(peer);
        await this.#openPresence(peer, current);
        return;
      } catch (error) {
        // A room that filled up or a token that expired meanwhile will not get better by retrying.
        if (error instanceof RoomError && error.code !== 'server-unreachable' && error.code !== 'peer-unverified') {
          return this.#fail(error);
        }
      }
    }
  }

  /** The STUN/TURN servers in use: the page's own, or the server's with current credentials. */
  get iceServers(): IceServer[] {
    return this.#ice?.servers ?? [];
  }

  /** Leaves the room and releases camera, microphone and connections. */
  leave(): void {
    const wasIn = this.#state.status === 'joined' || this.#state.status === 'joining';
    this.#attempt++;
    this.#teardown();
    if (!wasIn) return;
    this.#update({ status: 'left', participants: [], self: undefined });
    this.#dispatch('leave', { room: this.config.room });
  }

  /** Changes the name others see, without leaving the call. */
  async rename(displayName: string): Promise<void> {
    const name = normaliseDisplayName(displayName);
    this.config.displayName = name;
    const peer = this.#peer;
    const self = this.#state.self;
    if (this.#state.status !== 'joined' || !peer || !self) return;
    this.#update({ self: { ...self, displayName: name } });
    this.#presence?.rename(name);
  }

  /**
   * Shares the screen instead of the camera, or stops. Resolves with whether
   * sharing is on (false when the person cancels the browser's picker).
   */
  async setScreenShare(on: boolean): Promise<boolean> {
    const media = this.#media;
    const mesh = this.#mesh;
    if (this.#state.status !== 'joined' || !media || !mesh) return false;
    if (!on) {
      this.#screenShare?.stop();
      return false;
    }
    // Screen sharing is a chunk of its own, loaded the first time someone shares.
    const { ScreenShare } = await import('../media/screen-share.js');
    if (this.#media !== media) return false;
    this.#screenShare ??= new ScreenShare(
      media.stream,
      () => media.videoTrack,
      this.env.getDisplayMedia,
      (track) => mesh.replaceTrack('video', track),
      () => {
        this.#update({ screenSharing: false });
        this.#updateMedia();
        this.#dispatch('screenshare-stop', {});
      },
    );
    if (this.#screenShare.active) return true;
    try {
      await this.#screenShare.start();
    } catch (error) {
      // Cancelling the picker is a choice, not an error.
      if ((error as { name?: string }).name !== 'NotAllowedError') console.warn('[video-chat-room] screen share failed', error);
      return false;
    }
    this.#update({ screenSharing: true });
    this.#updateMedia();
    this.#dispatch('screenshare-start', {});
    return true;
  }

  /**
   * Sends a chat message to everyone; returns why not, or undefined when sent
   * (or empty). Right after joining, before chat has loaded, it is sent once
   * chat has; a refusal then comes as a notice and an `error` event.
   */
  sendMessage(text: string): RoomError | undefined {
    if (this.config.chat && this.#state.status === 'joined' && !this.#channels) {
      void this.#ensureChannels().then((channels) => channels && this.#refuseMessage(channels.sendChat(text)));
      return undefined;
    }
    return this.#refuseMessage(
      !this.config.chat
        ? 'chat-disabled'
        : this.#state.status !== 'joined' || !this.#channels
          ? 'not-joined'
          : this.#channels.sendChat(text),
    );
  }

  /** Says why a message was not sent, if it was not (nothing for an empty one). */
  #refuseMessage(refusal: ChatRefusal | 'chat-disabled' | 'not-joined' | undefined): RoomError | undefined {
    if (!refusal || refusal === 'empty') return undefined;
    const code = refusal === 'too-long' ? 'message-too-long' : refusal === 'rate-limited' ? 'message-rate-limited' : refusal;
    const error = new RoomError(code, en.errors[code], false);
    this.#notice(error, true);
    return error;
  }

  /** Sends a file to everyone, or to one member; resolves once each has it, checked. */
  async sendFile(file: Blob, peerId?: string): Promise<void> {
    const channels = this.#state.status === 'joined' ? await this.#ensureChannels() : undefined;
    if (!this.config.files) throw new RoomError('files-disabled', en.errors['files-disabled'], false);
    if (this.#state.status !== 'joined' || !channels) throw new RoomError('not-joined', en.errors['not-joined'], false);
    if (file.size > this.config.maxFileSize) {
      const error = new RoomError('file-too-large', en.errors['file-too-large'], false);
      this.#notice(error, true);
      throw error;
    }
    const recipients = peerId ? [peerId] : this.#state.participants.map((p) => p.id);
    if (peerId && !this.#state.participants.some((p) => p.id === peerId)) {
      throw new RoomError('not-joined', `${en.errors['not-joined']} (${peerId})`, false);
    }
    const name = 'name' in file && typeof file.name === 'string' ? file.name : 'file';
    try {
      await channels.sendFile(file, name, recipients);
    } catch (cause) {
      // Not `instanceof`: the transfer code is a chunk of its own, loaded once in the call.
      const reason = (cause as { name?: string }).name === 'FileTransferError' ? (cause as { reason: string }).reason : 'failed';
      const error = new RoomError('file-transfer-failed', `${en.errors['file-transfer-failed']} (${reason})`, false);
      if (reason !== 'cancelled') this.#notice(error, true);
      throw error;
    }
  }

  /** Stops a file transfer in either direction. */
  cancelFile(id: string): boolean {
    return this.#channels?.files.cancel(id) ?? false;
  }

  /** Uses another camera or microphone from now on, on every call, without renegotiating. */
  async useDevice(kind: 'audio' | 'video', deviceId: string): Promise<void> {
    const media = this.#media;
    if (!media || (kind === 'video' && this.#screenShare?.active)) return;
    const track = await media.switchDevice(kind, deviceId);
    if (track) this.#mesh?.replaceTrack(kind, track);
    this.#updateMedia();
  }

  /** The camera and microphone in use, by device id. */
  get devices(): SelectedDevices {
    return this.#media?.devices ?? {};
  }

  /** Mutes or unmutes: the microphone stays open (unmuting is instant), but a muted one is not sent. */
  setMicrophone(on: boolean): void {
    const media = this.#media;
    if (!media) return;
    media.setMicrophone(on);
    this.#mesh?.sendAudio(on ? (media.stream.getAudioTracks()[0] ?? null) : null);
    this.#updateMedia();
  }

  /**
   * Turns the camera off (it is stopped) or on (it is opened again): the state
   * shows the change at once; once the camera is open, every call sends it.
   * A camera that cannot be opened is a notice, and stays off.
   */
  setCamera(on: boolean): void {
    const media = this.#media;
    if (!media) return;
    const changed = media.setCamera(on);
    this.#updateMedia();
    void changed.then((problem) => {
      if (this.#media !== media) return;
      if (problem) this.#notice(problem, true);
      // While a screen is shared, the camera waits for the share to end.
      if (!this.#screenShare?.active) this.#mesh?.replaceTrack('video', media.videoTrack);
      this.#updateMedia();
    });
  }

  /** The camera or microphone stopped by itself: calls carry the blank (or no sound), and the person is told. */
  #onDeviceLost(media: LocalMedia, kind: 'audio' | 'video'): void {
    if (this.#media !== media) return;
    if (kind === 'audio') this.#mesh?.replaceTrack('audio', null);
    else if (!this.#screenShare?.active) this.#mesh?.replaceTrack('video', media.videoTrack);
    this.#updateMedia();
    const code = kind === 'audio' ? 'microphone-lost' : 'camera-lost';
    this.#notice(new RoomError(code, en.errors[code], false), true);
  }

  /** Statistics of the connection to each participant. */
  getConnectionStats(): Promise<ConnectionStats[]> {
    return this.#statsOf(this.#state.participants);
  }

  async #statsOf(participants: readonly Participant[]): Promise<ConnectionStats[]> {
    const mesh = this.#mesh;
    if (!mesh) return [];
    // Read on demand (the page's getConnectionStats, the quality cues once in a call): a chunk of its own.
    const { summariseStats } = await import('../stats/connection-stats.js');
    const reports = participants.map(async ({ id }) => {
      const connection = mesh.connectionTo(id);
      return connection
        ? summariseStats(id, await connection.getStats())
        : { peerId: id, audioBytesReceived: 0, videoFramesDecoded: 0, packetsReceived: 0, packetsLost: 0 };
    });
    return Promise.all(reports);
  }

  #onPresence(event: PresenceEvent, current: () => boolean): void {
    if (event.type === 'welcome') return void this.#onWelcome(event.data, current);
    if (event.type === 'join') {
      if (event.data.id === this.#state.self?.id) return;
      this.#seenSincePresenceLoss?.add(event.data.id);
      this.#addParticipant(event.data);
      // Newcomers call those already there: theirs is on its way.
      this.#mesh?.expectCall();
      this.#offerGate?.release(event.data.id);
      return;
    }
    if (event.type === 'update') return this.#updateParticipant(event.data.id, { displayName: event.data.displayName });
    if (event.type === 'shutdown') return this.#notice(new RoomError('signaling-lost', en.errors['signaling-lost'], false));
    this.#removeParticipant(event.data.id);
  }

  async #onWelcome(welcome: WelcomeEvent, current: () => boolean): Promise<void> {
    const ice = this.#ice;
    if (!ice) return;
    // The page's own list is used as it is; the server's carries credentials to renew.
    ice.use(this.config.iceServers ?? welcome.iceServers, !this.config.iceServers);
    if (this.#state.status === 'joined') return this.#onRejoined(welcome);
    for (const member of welcome.members) this.#addParticipant(member);
    const callees = welcome.members.map((m) => m.id);
    this.#update({ status: 'joined', self: welcome.self, placingCalls: callees.length > 0 });
    // Newcomers call everyone already there; those already there wait for calls.
    // (Only those in the welcome: anyone who joined since will call us.) The
    // calls go first: nothing else the join sets going (chunks, the relay
    // check, the page's own listeners) holds them up.
    for (const id of callees) this.#connectTo(id);
    // A task after the offers are set, so that PeerJS has sent them before the stage is built.
    void this.#mesh
      ?.offersSet(callees, OFFERS_WAIT_MS)
      .then(() => setTimeout(() => current() && this.#state.placingCalls && this.#update({ placingCalls: false })));
    // Chat and files load as the first call comes up, not while it negotiates
    // (about a twentieth of the time to the first picture on two cores); quality
    // cues once the first pictures are in. Both at once when there is nobody to call.
    this.#laterTimer = setTimeout(
      () => {
        void this.#ensureChannels();
        void this.#startQualityWatch();
      },
      callees.length ? LATER_MS : 0,
    );
    globalThis.addEventListener?.('online', this.#onOnline);
    globalThis.addEventListener?.('offline', this.#onOffline);
    this.#dispatch('join', { room: this.config.room, self: { ...welcome.self } });
    for (const { id, displayName } of this.#state.participants) this.#dispatch('participant-join', { id, displayName });
    this.#updateMedia();
    // Relay-only calls cannot connect without TURN: find out now, not after a long ICE timeout.
    const relayCheck = this.#relayCheck && (await this.#relayCheck);
    if (relayCheck && current()) {
      const relay = await relayCheck.relayWorks(this.#mesh?.connectionTo(callees[0]), ice.servers);
      if (!current() || relay.found) return;
      const code = relay.authFailed ? 'turn-auth-failed' : 'turn-unreachable';
      this.#fail(new RoomError(code, en.errors[code]));
    }
  }

  #fail(error: RoomError): void {
    this.#teardown();
    this.#update({ status: 'error', error });
    this.#dispatch('error', { code: error.code, message: error.message, fatal: true });
  }

  /**
   * Back in the room after losing the server. Calls that kept going stay; a
   * member without a live call is called; whoever does not reappear within
   * a grace period and has no live call is gone.
   */
  #onRejoined(welcome: WelcomeEvent): void {
    for (const member of welcome.members) {
      const known = this.#state.participants.find((p) => p.id === member.id);
      if (!known) this.#addParticipant(member);
      // Like a newcomer, the one who rejoins calls: the others may have dropped us meanwhile.
      // A call that just connected opens its data connection a moment later (DATA_AFTER_CALL_MS): live too.
      const dataUp = this.#channels?.mesh.isOpen(member.id) || this.#dataPlanned(member.id);
      const live = known && known.link === 'connected' && dataUp;
      if (!live) this.#connectTo(member.id);
    }
    this.#update({ reconnecting: false, notices: this.#state.notices.filter((n) => n.code !== 'signaling-lost') });
    const present = new Set(welcome.members.map((m) => m.id));
    this.#seenSincePresenceLoss = present;
    setTimeout(() => {
      if (this.#seenSincePresenceLoss !== present) return;
      for (const p of this.#state.participants) if (!present.has(p.id) && p.link !== 'connected') this.#removeParticipant(p.id);
    }, REJOIN_GRACE_MS);
  }

  /** A call or data connection from another page. */
  #onIncoming(connection: MediaConnection | DataConnection): void {
    const forThisRoom =
      connection.type === 'media'
        ? this.#mesh?.isForThisRoom(connection as MediaConnection)
        : this.#channels?.isForThisRoom(connection as DataConnection);
    if (!forThisRoom) {
      console.warn('[video-chat-room] refused a connection for another room');
      return connection.close();
    }
    // The offer gate lets through only members' offers; a data connection held for chat's code may outlive its caller.
    if (this.#state.participants.some((p) => p.id === connection.peer)) return this.#accept(connection);
    connection.close();
  }

  #accept(connection: MediaConnection | DataConnection): void {
    const peerId = connection.peer;
    const isMedia = connection.type === 'media';
    // Both sides called at once: keep the call of the side with the smaller id.
    const ours = isMedia ? this.#mesh?.isRinging(peerId) : this.#channels?.mesh.isConnecting(peerId);
    if (ours && this.#selfId < peerId) return connection.close();
    this.#recovery.settled(peerId);
    if (isMedia) this.#mesh?.answer(connection as MediaConnection);
    else this.#channels?.accept(connection as DataConnection);
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

  /** Calls a member, with media and a data connection. */
  #connectTo(peerId: string): void {
    this.#cancelDataAfterCall(peerId);
    // A fresh call supersedes a planned one (recovery plans its next try after this).
    this.#recovery.settled(peerId);
    this.#mesh?.recall(peerId);
    // The data connection follows once the call is up: set up together, the two slow the first picture.
    this.#dataAfterCall.add(peerId);
  }

  get #selfId(): string {
    return this.#state.self?.id ?? this.#peer?.id ?? '';
  }

  /** Quality and speaking cues: state only changes (and events only fire) when a cue does. */
  #onQuality(readings: QualityReading[], activeSpeaker: string | undefined): void {
    let participants = this.#state.participants;
    for (const reading of readings) {
      const before = participants.find((p) => p.id === reading.peerId);
      if (!before || before.quality === reading.quality) continue;
      participants = participants.map((p) => (p.id === reading.peerId ? { ...p, quality: reading.quality } : p));
      const { peerId: id, quality, roundTripTime, packetLoss } = reading;
      this.#dispatch('connection-quality', { id, quality, roundTripTime, packetLoss });
    }
    const speakerChanged = activeSpeaker !== this.#state.activeSpeaker;
    if (participants !== this.#state.participants || speakerChanged) this.#update({ participants, activeSpeaker });
    if (speakerChanged) this.#dispatch('active-speaker', { id: activeSpeaker ?? null });
  }

  async #startQualityWatch(): Promise<void> {
    const peer = this.#peer;
    let QualityWatch: typeof import('../stats/quality-watch.js').QualityWatch;
    try {
      ({ QualityWatch } = await import('../stats/quality-watch.js'));
    } catch (error) {
      // Offline just then, say: the cues are not worth a failed call; try again a little later.
      console.warn('[video-chat-room] quality cues could not load; trying again', error);
      if (this.#peer === peer) this.#laterTimer = setTimeout(() => void this.#startQualityWatch(), LATER_MS);
      return;
    }
    if (this.#peer !== peer || this.#state.status !== 'joined' || this.#qualityWatch) return;
    this.#qualityWatch = new QualityWatch(
      // Links still connecting say nothing of quality yet, and reading them slows their negotiation.
      () => this.#statsOf(this.#state.participants.filter((p) => p.link === 'connected')),
      (readings, activeSpeaker) => this.#onQuality(readings, activeSpeaker),
    );
    this.#qualityWatch.start();
  }

  /** Chat, files and media state for this visit, loaded on first need; undefined once the visit ended. */
  #ensureChannels(): Promise<RoomChannels | undefined> {
    const peer = this.#peer;
    if (this.#channels || !peer) return Promise.resolve(this.#channels);
    this.#channelsLoading ??= import('./room-channels.js').then(
      ({ RoomChannels }) => {
        if (this.#peer !== peer) return undefined;
        this.#channels = new RoomChannels(peer, this.config, {
          self: () => this.#state.self,
          member: (peerId) => this.#state.participants.find((p) => p.id === peerId),
          members: () => this.#state.participants.map((p) => p.id),
          remoteMedia: (peerId, remote) => this.#updateParticipant(peerId, { media: remote }),
          changed: () => this.#syncChannels(),
          lost: (peerId) => {
            // An old link that went silent while a fresh call's own data connection is still to
            // come: that one replaces it, so the fresh call is not made again.
            if (this.#dataPlanned(peerId)) return;
            this.#recovery.lost(peerId);
          },
          opened: (peerId) => {
            if (this.#state.participants.find((p) => p.id === peerId)?.link === 'connected') this.#recovery.settled(peerId);
          },
          dispatch: (name, detail) => this.#dispatch(name, detail),
        });
        this.#updateMedia();
        return this.#channels;
      },
      (error: unknown) => {
        console.warn('[video-chat-room] chat and files could not load', error);
        this.#channelsLoading = undefined;
        return undefined;
      },
    );
    return this.#channelsLoading;
  }

  #syncChannels(): void {
    const channels = this.#channels;
    if (channels) this.#update({ chat: channels.chat.messages, transfers: channels.files.views });
  }

  #onLinkState(peerId: string, link: LinkState): void {
    const before = this.#state.participants.find((p) => p.id === peerId);
    if (!before) return;
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
    this.#updateParticipant(peerId, link === 'closed' ? { link, stream: undefined } : { link });
    if (link === 'connected' && this.#dataAfterCall.delete(peerId)) {
      this.#dataTimers.set(
        peerId,
        setTimeout(() => {
          this.#dataTimers.delete(peerId);
          void this.#ensureChannels().then((channels) => channels?.connect(peerId));
        }, DATA_AFTER_CALL_MS),
      );
    }
    if (link === 'connected' && this.#channels?.mesh.isOpen(peerId)) this.#recovery.settled(peerId);
    if (link === 'failed' || link === 'closed') this.#recovery.lost(peerId);
    if (link === 'failed' && before.link !== 'failed') {
      this.#notice(
        new RoomError('connection-failed', `${en.errors['connection-failed']} (${before.displayName || en.guest})`, false),
      );
    }
  }

  #onPeerError(error: PeerError<string>): void {
    // A callee that vanished between the server's word and our call: presence will remove it.
    if (error.type === 'peer-unavailable') return;
    if (this.#state.status !== 'joined') return;
    this.#notice(new RoomError('signaling-lost', en.errors['signaling-lost'], false));
  }

  /** Participants who arrive before we are joined are announced together with our own `join`. */
  #addParticipant(member: Member): void {
    if (this.#state.participants.some((p) => p.id === member.id)) return;
    this.#update({ participants: [...this.#state.participants, { ...member, link: 'connecting' }] });
    if (this.#state.status === 'joined') this.#dispatch('participant-join', { id: member.id, displayName: member.displayName });
  }

  #removeParticipant(peerId: string): void {
    const gone = this.#state.participants.find((p) => p.id === peerId);
    clearTimeout(this.#connectTimers.get(peerId));
    this.#connectTimers.delete(peerId);
    clearTimeout(this.#dataTimers.get(peerId));
    this.#dataTimers.delete(peerId);
    this.#dataAfterCall.delete(peerId);
    this.#recovery.settled(peerId);
    this.#mesh?.hangUp(peerId);
    this.#channels?.drop(peerId);
    if (!gone) return;
    this.#update({ participants: this.#state.participants.filter((p) => p.id !== peerId) });
    if (this.#state.status === 'joined') this.#dispatch('participant-leave', { id: gone.id, displayName: gone.displayName });
  }

  #updateParticipant(peerId: string, patch: Partial<Participant>): void {
    this.#update({
      participants: this.#state.participants.map((p) => (p.id === peerId ? { ...p, ...patch } : p)),
    });
  }

  #updateMedia(): void {
    const media = this.#media;
    this.#update({
      hasMicrophone: !!media?.has('audio'),
      hasCamera: !!media?.has('video'),
      microphoneOn: !!media?.isEnabled('audio'),
      cameraOn: !!media?.isEnabled('video'),
    });
    const { microphoneOn, cameraOn, screenSharing } = this.#state;
    this.#channels?.announceMedia({ audio: microphoneOn, video: cameraOn || screenSharing, screen: screenSharing });
  }

  /** A problem the call goes on through; `repeat` reports it again if already shown (answers to a person's action). */
  #notice(error: RoomError, repeat = false): void {
    if (!repeat && this.#state.notices.some((n) => n.message === error.message)) return;
    this.#update({ notices: [...this.#state.notices.filter((n) => n.message !== error.message), error] });
    this.#dispatch('error', { code: error.code, message: error.message, fatal: false });
    // An answer to something the person just did is read, then gets out of the way.
    if (repeat) {
      setTimeout(() => this.#update({ notices: this.#state.notices.filter((n) => n !== error) }), NOTICE_SHOWN_MS);
    }
  }

  #teardown(): void {
    this.#ice?.stop();
    this.#screenShare?.stop();
    this.#screenShare = undefined;
    for (const timer of [...this.#connectTimers.values(), ...this.#dataTimers.values()]) clearTimeout(timer);
    this.#connectTimers.clear();
    this.#dataTimers.clear();
    this.#recovery.stop();
    clearTimeout(this.#laterTimer);
    this.#qualityWatch?.stop();
    this.#qualityWatch = undefined;
    globalThis.removeEventListener?.('online', this.#onOnline);
    globalThis.removeEventListener?.('offline', this.#onOffline);
    this.#wake = undefined;
    this.#dataAfterCall.clear();
    this.#offerGate?.close();
    this.#offerGate = undefined;
    this.#presence?.close();
    this.#mesh?.closeAll();
    this.#channels?.close();
    // Our own hang-up is not news: stop listening before destroying.
    this.#peer?.removeAllListeners();
    this.#peer?.destroy();
    this.#media?.stop();
    this.#presence = this.#mesh = this.#channels = this.#channelsLoading = this.#peer = this.#media = this.#ice = undefined;
    this.#update({ localStream: undefined, activeSpeaker: undefined, placingCalls: false });
    this.#updateMedia();
  }

  #update(patch: Partial<SessionState>): void {
    this.#state = { ...this.#state, ...patch };
    this.dispatchEvent(new Event('change'));
  }

  #dispatch<K extends Exclude<keyof RoomSessionEventMap, 'change'>>(name: K, detail: RoomSessionEventMap[K]['detail']): void {
    this.dispatchEvent(new CustomEvent(name, { detail }));
  }
}
