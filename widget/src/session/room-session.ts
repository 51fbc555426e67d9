import { normaliseDisplayName, type IceServer, type PresenceEvent, type WelcomeEvent } from '../../../protocol/room-protocol.js';
import type { RoomConfig } from '../config.js';
import { RoomError } from '../errors.js';
import { en } from '../i18n/en.js';
import type { SelectedDevices } from '../media/local-media.js';
import type { ConnectionStats } from '../stats/connection-stats.js';
import { DeferredFeatures } from './deferred-features.js';
import { LocalControls, type PreparedMedia } from './local-controls.js';
import { PeerLinks } from './peer-links.js';
import { Roster } from './roster.js';
import { browserEnvironment, checkPage, type SessionEnvironment } from './session-environment.js';
import type { SessionState } from './session-state.js';
import { SessionStore } from './session-store.js';
import { SignalConnection } from './signal-connection.js';

/** The server is gone for now; the calls go on. */
const signalingLost = () => new RoomError('signaling-lost', en.errors['signaling-lost'], false);

/** The longest the join's stage waits for its calls' offers to go out (docs/performance.md). */
const OFFERS_WAIT_MS = 500;

/**
 * One person's visit to one room. Composes its parts, each with one job and
 * one `close()`: the {@link SessionStore} (the only writer of state), a
 * {@link SignalConnection} per join attempt (socket, membership, rejoining),
 * the {@link Roster} (who is there), the media path ({@link PeerLinks}, the
 * mesh), {@link LocalControls} (own camera, microphone, screen) and the
 * {@link DeferredFeatures} (chat, files, quality cues). Knows nothing of
 * rendering: state goes out as `change` events, intent comes in as method calls.
 */
export class RoomSession extends EventTarget {
  readonly #store = new SessionStore(this);
  readonly #roster = new Roster(this.#store, () => this.#links);
  readonly #controls: LocalControls;
  readonly #features: DeferredFeatures;
  #signal: SignalConnection | undefined;
  #links: PeerLinks | undefined;

  constructor(
    readonly config: RoomConfig,
    private readonly env: SessionEnvironment = browserEnvironment(),
  ) {
    super();
    this.#controls = new LocalControls(
      this.#store,
      env,
      () => this.#links,
      (media) => this.#features.announceMedia(media),
    );
    this.#features = new DeferredFeatures(this.#store, config, {
      peer: () => this.#signal?.peer,
      path: () => this.#links,
      dataOpened: (peerId) => this.#links?.dataOpened(peerId),
      dataLost: (peerId) => this.#links?.dataLost(peerId),
      loaded: () => this.#controls.sync(),
    });
  }

  get state(): SessionState {
    return this.#store.state;
  }

  /**
   * Joins the room. Resolves when joined or failed; the state says which.
   * `prepared` is the camera and microphone from the prejoin preview, used as they are.
   */
  async join(prepared?: PreparedMedia): Promise<void> {
    const { status } = this.#store.state;
    if (status === 'joining' || status === 'joined') return prepared?.media.stop();
    this.#store.update({ status: 'joining', error: undefined, notices: [], participants: [], self: undefined });
    let signal: SignalConnection | undefined;
    try {
      checkPage(this.env, this.config.server);
      // The camera and the server at once: neither waits for the other. The camera
      // is asked first, as it takes the longer.
      const { media, started } = this.#controls.start(this.config, prepared);
      this.#features.loadRelayCheck();
      signal = this.#signal = new SignalConnection(this.env, this.config, this.#signalEvents());

      const mediaProblem = await started;
      if (signal.closed) return media.stop();
      this.#controls.sync();
      this.#store.update({ localStream: media.stream });
      if (mediaProblem) this.#store.notice(mediaProblem);

      const peer = await signal.open();
      if (!peer) return;
      const links = (this.#links = new PeerLinks(peer, this.config.room, this.#linksHost(), {
        stream: (peerId, stream) => this.#roster.setStream(peerId, stream),
        link: (peerId, link) => this.#roster.setLink(peerId, link),
      }));
      links.publish(media.stream);
      links.uplinkKbps = this.config.maxBitrate;
      if (!media.isEnabled('audio')) links.sendAudio(null);
      await signal.enter();
    } catch (error) {
      if (signal?.closed) return;
      this.#fail(error instanceof RoomError ? error : new RoomError('server-unreachable', en.errors['server-unreachable']));
    }
  }

  /** Leaves the room and releases camera, microphone and connections. */
  leave(): void {
    const wasIn = this.#store.state.status === 'joined' || this.#store.state.status === 'joining';
    this.#close();
    if (!wasIn) return;
    this.#store.update({ status: 'left', participants: [], self: undefined });
    this.#store.dispatch('leave', { room: this.config.room });
  }

  /** Changes the name others see, without leaving the call. */
  async rename(displayName: string): Promise<void> {
    const name = normaliseDisplayName(displayName);
    this.config.displayName = name;
    const { status, self } = this.#store.state;
    if (status !== 'joined' || !this.#signal?.peer || !self) return;
    this.#store.update({ self: { ...self, displayName: name } });
    this.#signal.rename(name);
  }

  /** The STUN/TURN servers in use: the page's own, or the server's with current credentials. */
  get iceServers(): IceServer[] {
    return this.#signal?.iceServers ?? [];
  }

  // Own media: see LocalControls.
  setScreenShare(on: boolean): Promise<boolean> {
    return this.#controls.setScreenShare(on);
  }
  setMicrophone(on: boolean): void {
    this.#controls.setMicrophone(on);
  }
  setCamera(on: boolean): void {
    this.#controls.setCamera(on);
  }
  useDevice(kind: 'audio' | 'video', deviceId: string): Promise<void> {
    return this.#controls.useDevice(kind, deviceId);
  }
  get devices(): SelectedDevices {
    return this.#controls.devices;
  }

  // Chat, files and statistics: see DeferredFeatures.
  sendMessage(text: string): RoomError | undefined {
    return this.#features.sendMessage(text);
  }
  sendFile(file: Blob, peerId?: string): Promise<void> {
    return this.#features.sendFile(file, peerId);
  }
  cancelFile(id: string): boolean {
    return this.#features.cancelFile(id);
  }
  getConnectionStats(): Promise<ConnectionStats[]> {
    return this.#features.statsOf(this.#store.state.participants);
  }

  #onPresence(signal: SignalConnection, event: PresenceEvent): void {
    if (event.type === 'welcome') return void this.#onWelcome(signal, event.data);
    if (event.type === 'shutdown') return this.#store.notice(signalingLost());
    this.#roster.onPresence(event);
  }

  async #onWelcome(signal: SignalConnection, welcome: WelcomeEvent): Promise<void> {
    const links = this.#links;
    if (!links) return;
    // The page's own list is used as it is; the server's carries credentials to renew.
    signal.useIceServers(this.config.iceServers ?? welcome.iceServers, !this.config.iceServers);
    if (this.#store.state.status === 'joined') {
      this.#roster.rejoined(welcome);
      const notices = this.#store.state.notices.filter((n) => n.code !== 'signaling-lost');
      return this.#store.update({ reconnecting: false, notices });
    }
    for (const member of welcome.members) this.#roster.add(member);
    const callees = welcome.members.map((m) => m.id);
    this.#store.update({ status: 'joined', self: welcome.self, placingCalls: callees.length > 0 });
    // Newcomers call everyone already there; those already there wait for calls.
    // (Only those in the welcome: anyone who joined since will call us.) The
    // calls go first: nothing else the join sets going (chunks, the relay
    // check, the page's own listeners) holds them up.
    links.join(callees);
    // A task after the offers are set, so that PeerJS has sent them before the stage is built.
    void links
      .placed(callees, OFFERS_WAIT_MS)
      .then(() =>
        setTimeout(() => !signal.closed && this.#store.state.placingCalls && this.#store.update({ placingCalls: false })),
      );
    this.#features.start();
    signal.watchNetwork();
    this.#store.dispatch('join', { room: this.config.room, self: { ...welcome.self } });
    for (const { id, displayName } of this.#store.state.participants)
      this.#store.dispatch('participant-join', { id, displayName });
    this.#controls.sync();
    // Relay-only calls cannot connect without TURN: find out now, not after a long ICE timeout.
    const relayCheck = await this.#features.relayCheck();
    if (!relayCheck || signal.closed) return;
    const relay = await relayCheck.relayWorks(links.connectionTo(callees[0]), signal.iceServers);
    if (signal.closed || relay.found) return;
    const code = relay.authFailed ? 'turn-auth-failed' : 'turn-unreachable';
    this.#fail(new RoomError(code, en.errors[code]));
  }

  #signalEvents() {
    const store = this.#store;
    const signal = () => this.#signal!;
    return {
      presence: (event: PresenceEvent) => this.#onPresence(signal(), event),
      incoming: (connection: Parameters<PeerLinks['incoming']>[0]) => this.#links?.incoming(connection),
      trouble: () => store.state.status === 'joined' && store.notice(signalingLost()),
      joined: () => store.state.status === 'joined',
      rejoining: () => {
        store.notice(signalingLost());
        store.update({ reconnecting: true });
      },
      refused: (error: RoomError) => this.#fail(error),
      online: () => {
        store.clearNotice('network-offline');
        this.#links?.recover(this.#roster.unlinked());
      },
      offline: () => store.notice(new RoomError('network-offline', en.errors['network-offline'], false)),
    };
  }

  #linksHost() {
    const store = this.#store;
    return {
      selfId: () => store.state.self?.id ?? this.#signal?.peer?.id ?? '',
      linkOf: (peerId: string) => store.participant(peerId)?.link,
      stillHere: (peerId: string) => store.state.status === 'joined' && !!store.participant(peerId),
      channels: () => this.#features.channels,
      ensureChannels: () => this.#features.ensureChannels(),
    };
  }

  #fail(error: RoomError): void {
    this.#close();
    this.#store.fail(error);
  }

  /** Ends the visit's every part: nothing of it acts after this. */
  #close(): void {
    this.#controls.close();
    this.#roster.close();
    this.#links?.close();
    this.#features.close();
    this.#signal?.close();
    this.#links = this.#signal = undefined;
    this.#store.update({ localStream: undefined, activeSpeaker: undefined, placingCalls: false });
    this.#controls.sync();
  }
}
