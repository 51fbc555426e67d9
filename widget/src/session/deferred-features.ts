import type { Peer } from 'peerjs';
import type { RoomConfig } from '../config.js';
import { RoomError } from '../errors.js';
import { en } from '../i18n/en.js';
import type { ConnectionStats } from '../stats/connection-stats.js';
import type { MediaPath } from './media-path.js';
import type { RoomChannels, RoomChannelsHost } from './room-channels.js';
import type { Participant, RemoteMedia } from './session-state.js';
import type { SessionStore } from './session-store.js';

/** Quality cues whose code could not load (offline just then, say) try again after this. */
const RETRY_MS = 2_000;

/** What the deferred features need from the session. */
export interface DeferredFeaturesHost {
  /** The visit's peer; another one (or none) means the visit that asked has ended. */
  peer(): Peer | undefined;
  path(): MediaPath | undefined;
  /** The data link to a member opened, or closed or fell silent. */
  dataOpened(peerId: string): void;
  dataLost(peerId: string): void;
  /** Chat and files just loaded: tell them what we send. */
  loaded(): void;
}

/**
 * What a call has besides its media, each a chunk of its own loaded once in
 * the call, so the join does not wait for it: chat, files and media state,
 * quality and speaking cues (both as the join's calls go out, or chat at
 * first need), and the relay check of a relay-only join (from its start). Refusals of the chat and files API become errors here.
 */
export class DeferredFeatures {
  #channels: RoomChannels | undefined;
  #channelsLoading: Promise<RoomChannels | undefined> | undefined;
  #qualityWatch: { start(): void; stop(): void } | undefined;
  #startTimer: ReturnType<typeof setTimeout> | undefined;
  #relayCheck: Promise<typeof import('../network/ice-preflight.js') | undefined> | undefined;

  constructor(
    private readonly store: SessionStore,
    private readonly config: RoomConfig,
    private readonly host: DeferredFeaturesHost,
  ) {}

  /** Chat, files and media state, if loaded. */
  get channels(): RoomChannels | undefined {
    return this.#channels;
  }

  /** A relay-only call checks its TURN server as it starts: its code loads from the start of the join. */
  loadRelayCheck(): void {
    this.#relayCheck =
      this.config.iceTransport === 'relay' ? import('../network/ice-preflight.js').catch(() => undefined) : undefined;
  }

  /** The relay check's code, for a relay-only join. */
  relayCheck(): Promise<typeof import('../network/ice-preflight.js') | undefined> | undefined {
    return this.#relayCheck;
  }

  /**
   * Chat, files and quality cues start loading once the join's calls are on
   * their way (the next task): held back further, they bought nothing
   * measurable (docs/performance.md).
   */
  start(): void {
    this.#startTimer = setTimeout(() => {
      void this.ensureChannels();
      void this.#startQualityWatch();
    });
  }

  /** Chat, files and media state for this visit, loaded on first need; undefined once the visit ended. */
  ensureChannels(): Promise<RoomChannels | undefined> {
    const peer = this.host.peer();
    if (this.#channels || !peer) return Promise.resolve(this.#channels);
    this.#channelsLoading ??= import('./room-channels.js').then(
      ({ RoomChannels }) => {
        if (this.host.peer() !== peer) return undefined;
        this.#channels = new RoomChannels(peer, this.config, this.#channelsHost());
        this.host.loaded();
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

  /** Tells everyone what we now send, once chat and files are there to carry it. */
  announceMedia(media: RemoteMedia): void {
    this.#channels?.announceMedia(media);
  }

  /**
   * Sends a chat message to everyone; returns why not, or undefined when sent
   * (or empty). Right after joining, before chat has loaded, it is sent once
   * chat has; a refusal then comes as a notice and an `error` event.
   */
  sendMessage(text: string): RoomError | undefined {
    const joined = this.store.state.status === 'joined';
    if (this.config.chat && joined && !this.#channels) {
      void this.ensureChannels().then((channels) => channels?.sendMessage(text));
      return undefined;
    }
    if (!this.config.chat) return this.#refuse('chat-disabled');
    return joined && this.#channels ? this.#channels.sendMessage(text) : this.#refuse('not-joined');
  }

  /** Sends a file to everyone, or to one member; resolves once each has it, checked. */
  async sendFile(file: Blob, peerId?: string): Promise<void> {
    const channels = this.store.state.status === 'joined' ? await this.ensureChannels() : undefined;
    if (!this.config.files) throw new RoomError('files-disabled', en.errors['files-disabled'], false);
    if (this.store.state.status !== 'joined' || !channels) throw new RoomError('not-joined', en.errors['not-joined'], false);
    return channels.sendFile(file, peerId);
  }

  /** Stops a file transfer in either direction. */
  cancelFile(id: string): boolean {
    return this.#channels?.files.cancel(id) ?? false;
  }

  /** Statistics of the connections to `participants` (read on demand: a chunk of its own). */
  async statsOf(participants: readonly Participant[]): Promise<ConnectionStats[]> {
    const path = this.host.path();
    if (!path) return [];
    const { summariseConnections } = await import('../stats/connection-stats.js');
    return summariseConnections(path, participants);
  }

  close(): void {
    clearTimeout(this.#startTimer);
    this.#qualityWatch?.stop();
    this.#qualityWatch = undefined;
    this.#channels?.close();
    this.#channels = this.#channelsLoading = undefined;
  }

  #channelsHost(): RoomChannelsHost {
    const { store, host } = this;
    return {
      self: () => store.state.self,
      member: (peerId) => store.participant(peerId),
      members: () => store.state.participants.map((p) => p.id),
      remoteMedia: (peerId, remote) => store.updateParticipant(peerId, { media: remote }),
      changed: () => {
        const channels = this.#channels;
        if (channels) store.update({ chat: channels.chat.messages, transfers: channels.files.views });
      },
      lost: (peerId) => host.dataLost(peerId),
      opened: (peerId) => host.dataOpened(peerId),
      notice: (error) => store.notice(error, true),
      dispatch: (name, detail) => store.dispatch(name, detail),
    };
  }

  #refuse(code: 'chat-disabled' | 'not-joined'): RoomError {
    const error = new RoomError(code, en.errors[code], false);
    this.store.notice(error, true);
    return error;
  }

  async #startQualityWatch(): Promise<void> {
    const peer = this.host.peer();
    let cues: typeof import('../stats/quality-watch.js');
    try {
      cues = await import('../stats/quality-watch.js');
    } catch (error) {
      // Offline just then, say: the cues are not worth a failed call; try again a little later.
      console.warn('[video-chat-room] quality cues could not load; trying again', error);
      if (this.host.peer() === peer) this.#startTimer = setTimeout(() => void this.#startQualityWatch(), RETRY_MS);
      return;
    }
    if (this.host.peer() !== peer || this.store.state.status !== 'joined' || this.#qualityWatch) return;
    this.#qualityWatch = new cues.QualityWatch(
      // Links still connecting say nothing of quality yet, and reading them slows their negotiation.
      () => this.statsOf(this.store.state.participants.filter((p) => p.link === 'connected')),
      (readings, activeSpeaker) => cues.showQuality(this.store, readings, activeSpeaker),
    );
    this.#qualityWatch.start();
  }
}
