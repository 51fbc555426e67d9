import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ConfigResult, RoomConfig } from '../config.js';
import { RoomError } from '../errors.js';
import { en, type Strings } from '../i18n/en.js';
import type { SelectedDevices } from '../media/local-media.js';
import type { PreparedMedia } from '../session/local-controls.js';
import { errorText } from '../i18n/strings-for.js';
import { emit, type VideoChatRoomEventName } from '../events.js';
import type { ConnectionStats } from '../stats/connection-stats.js';
import { RoomSession } from '../session/room-session.js';
import { browserEnvironment } from '../session/session-environment.js';
import { INITIAL_STATE, type SessionState } from '../session/session-state.js';
import type { IceServer } from '../../../protocol/room-protocol.js';

/** Every public event is the session's to fire and the element's to re-emit: a new one fails to compile until listed. */
const FORWARDED_EVENTS: Record<VideoChatRoomEventName, true> = {
  join: true,
  leave: true,
  'participant-join': true,
  'participant-leave': true,
  error: true,
  'screenshare-start': true,
  'screenshare-stop': true,
  'chat-message': true,
  'file-offer': true,
  'file-progress': true,
  'file-received': true,
  'connection-quality': true,
  'active-speaker': true,
};

/**
 * Owns the element's {@link RoomSession}: creates it from the configuration,
 * replaces it when the room changes, joins on connect, leaves when the element
 * is removed (but not when it is merely moved), and re-emits the session's
 * events from the host.
 */
export class RoomController implements ReactiveController {
  #config: ConfigResult | undefined;
  #session: RoomSession | undefined;
  #connectedSinceUpdate = false;
  #leaveTimer: ReturnType<typeof setTimeout> | undefined;
  #reportedConfigError: string | undefined;
  /** Configuration problems are shown and reported once someone tries to join, not while a page is still setting attributes. */
  #joinWanted = false;
  #autojoin = true;
  #joinRequested = false;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    /** The element's language: `error` events carry their message in it. */
    private readonly strings: () => Strings = () => en,
    private readonly createSession: (config: RoomConfig) => RoomSession = (config) => new RoomSession(config),
  ) {
    host.addController(this);
  }

  /** What to render: the session's state, or the configuration error. */
  get state(): SessionState {
    if (this.#config && !this.#config.ok && this.#joinWanted)
      return { ...INITIAL_STATE, status: 'error', error: this.#config.error };
    return this.#session?.state ?? INITIAL_STATE;
  }

  /**
   * Takes the element's current configuration; a different call means a new
   * session. `autojoin` is passed on its own because it must be known even
   * when the rest of the configuration is invalid.
   */
  configure(result: ConfigResult, autojoin: boolean): void {
    this.#config = result;
    this.#autojoin = autojoin;
    if (!result.ok) {
      this.#endSession();
      if (this.#joinWanted) this.#reportConfigError(result.error);
      return;
    }
    this.#reportedConfigError = undefined;
    const session = this.#session;
    if (session && sameCall(session.config, result.config)) {
      if (session.config.displayName !== result.config.displayName) void session.rename(result.config.displayName);
      if (session.config.audio !== result.config.audio) session.setMicrophone(result.config.audio);
      if (session.config.video !== result.config.video) session.setCamera(result.config.video);
      const { audio, video, screenshare, chat, files, maxFileSize } = result.config;
      Object.assign(session.config, { audio, video, screenshare, chat, files, maxFileSize });
      return;
    }
    const wasInCall = session?.state.status === 'joined' || session?.state.status === 'joining';
    this.#endSession();
    if (wasInCall) void this.join();
  }

  /** Joins; `prepared` is the camera and microphone from the prejoin preview. */
  async join(prepared?: PreparedMedia): Promise<void> {
    this.#joinWanted = true;
    this.#joinRequested = true;
    if (!this.#config) return;
    if (!this.#config.ok) {
      this.#reportedConfigError = undefined;
      this.#reportConfigError(this.#config.error);
      this.host.requestUpdate();
      return;
    }
    if (!this.#session || this.#session.state.status === 'left' || this.#session.state.status === 'error') {
      this.#endSession();
      this.#session = this.#adopt(this.createSession({ ...this.#config.config }));
    }
    await this.#session.join(prepared);
  }

  useDevice(kind: 'audio' | 'video', deviceId: string): Promise<void> {
    return this.#session?.useDevice(kind, deviceId) ?? Promise.resolve();
  }

  /** The camera and microphone in use, by device id. */
  get devices(): SelectedDevices {
    return this.#session?.devices ?? {};
  }

  /** Whether anyone asked this element to join yet (the prejoin step then stays closed). */
  get joinRequested(): boolean {
    return this.#joinRequested;
  }

  leave(): void {
    this.#joinWanted = false;
    this.#session?.leave();
  }

  sendMessage(text: string): RoomError | undefined {
    if (this.#session) return this.#session.sendMessage(text);
    const error = new RoomError('not-joined', en.errors['not-joined'], false);
    emit(this.host, 'error', { code: error.code, message: errorText(error, this.strings()), fatal: false });
    return error;
  }

  sendFile(file: Blob, peerId?: string): Promise<void> {
    return this.#session?.sendFile(file, peerId) ?? Promise.reject(new RoomError('not-joined', en.errors['not-joined'], false));
  }

  cancelFile(id: string): boolean {
    return this.#session?.cancelFile(id) ?? false;
  }

  /** The configuration in use, when valid. */
  get config(): RoomConfig | undefined {
    return this.#config?.ok ? this.#config.config : undefined;
  }

  setMicrophone(on: boolean): void {
    this.#session?.setMicrophone(on);
  }

  setCamera(on: boolean): void {
    this.#session?.setCamera(on);
  }

  /** Whether the configuration allows screen sharing. */
  get screenshareAllowed(): boolean {
    return this.#config?.ok === true && this.#config.config.screenshare;
  }

  setScreenShare(on: boolean): Promise<boolean> {
    return this.#session?.setScreenShare(on) ?? Promise.resolve(false);
  }

  /**
   * The STUN/TURN list a call would use: the page's own, the current call's,
   * or, before joining, the server's (fetched without camera or microphone).
   */
  async iceServers(): Promise<IceServer[]> {
    if (!this.#config) throw new Error('not configured yet');
    if (!this.#config.ok) throw this.#config.error;
    if (this.#config.config.iceServers) return this.#config.config.iceServers;
    if (this.#session?.state.status === 'joined') return this.#session.iceServers;
    const { fetchIceServers } = await import('../session/server-ice-servers.js');
    return fetchIceServers(browserEnvironment(), this.#config.config);
  }

  getConnectionStats(): Promise<ConnectionStats[]> {
    return this.#session?.getConnectionStats() ?? Promise.resolve([]);
  }

  hostConnected(): void {
    if (this.#leaveTimer !== undefined) {
      // Moved within the page (removed and re-inserted in one task): keep the call.
      clearTimeout(this.#leaveTimer);
      this.#leaveTimer = undefined;
      return;
    }
    this.#connectedSinceUpdate = true;
  }

  hostUpdated(): void {
    if (!this.#connectedSinceUpdate) return;
    this.#connectedSinceUpdate = false;
    // With the prejoin step the person joins by its Join button; a bad configuration is reported at once.
    const prejoinFirst = this.#config?.ok === true && this.#config.config.prejoin;
    if (this.#autojoin && !prejoinFirst) void this.join();
  }

  hostDisconnected(): void {
    this.#leaveTimer = setTimeout(() => {
      this.#leaveTimer = undefined;
      this.leave();
    });
  }

  #reportConfigError(error: RoomError): void {
    if (this.#reportedConfigError === error.message) return;
    this.#reportedConfigError = error.message;
    emit(this.host, 'error', { code: error.code, message: errorText(error, this.strings()), fatal: true });
  }

  #adopt(session: RoomSession): RoomSession {
    session.addEventListener('change', () => this.host.requestUpdate());
    for (const name of Object.keys(FORWARDED_EVENTS) as VideoChatRoomEventName[]) {
      session.addEventListener(name, (event) => {
        const detail = (event as CustomEvent).detail;
        emit(this.host, name, name === 'error' ? { ...detail, message: errorText(detail, this.strings()) } : detail);
      });
    }
    return session;
  }

  #endSession(): void {
    this.#session?.leave();
    this.#session = undefined;
    this.host.requestUpdate();
  }
}

/** Whether two configurations are the same call; the rest (name, devices, features, limits) changes in place. */
function sameCall(a: RoomConfig, b: RoomConfig): boolean {
  return (
    a.room === b.room &&
    a.server.href === b.server.href &&
    a.maxParticipants === b.maxParticipants &&
    a.iceTransport === b.iceTransport &&
    a.token === b.token &&
    JSON.stringify(a.iceServers) === JSON.stringify(b.iceServers)
  );
}
