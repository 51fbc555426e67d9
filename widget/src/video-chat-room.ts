import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { CALL_ATTR, readCallProperties } from './config.js';
import { AnnouncerController } from './controllers/announcer-controller.js';
import { CallStageController } from './controllers/call-stage-controller.js';
import { ChatPanelController } from './controllers/chat-panel-controller.js';
import { DevicePanelController } from './controllers/device-panel-controller.js';
import { FullscreenController } from './controllers/fullscreen-controller.js';
import { LocaleController } from './controllers/locale-controller.js';
import { PrejoinController } from './controllers/prejoin-controller.js';
import { RoomController } from './controllers/room-controller.js';
import { SelfViewGate } from './controllers/self-view-gate.js';
import { emit } from './events.js';
import { AutoplayGuard } from './media/autoplay-guard.js';
import type { DeviceKind } from './media/devices.js';
import type { PreflightReport } from './network/ice-preflight.js';
import type { SessionState, SessionStatus } from './session/session-state.js';
import type { ConnectionStats } from './stats/connection-stats.js';
import { adoptStyles } from './views/adopt-styles.js';
import { joinControls, leaveOnlyControls } from './views/join-controls.js';
import { noticeLine, statusMessage, unmutePrompt } from './views/status-line.js';
import { styles } from './video-chat-room.styles.js';
import { VERSION } from './version.js';
import { VideoChatRoomAttributes } from './video-chat-room-attributes.js';

/** The server the script was loaded from: the default for `server`. */
const SCRIPT_ORIGIN = new URL(import.meta.url).origin;

/**
 * A video call between everyone whose page shows the same `room`.
 *
 * @summary Drop-in, self-hosted, peer-to-peer video chat.
 *
 * @fires {CustomEvent<JoinDetail>} join - You are in the room (the call's stage shows a moment later, once the join's calls are placed).
 * @fires {CustomEvent<{ room: string }>} leave - You left the room.
 * @fires {CustomEvent<ParticipantDetail>} participant-join - Someone joined.
 * @fires {CustomEvent<ParticipantDetail>} participant-leave - Someone left or their page went away.
 * @fires {CustomEvent<Record<string, never>>} screenshare-start - You started sharing your screen.
 * @fires {CustomEvent<Record<string, never>>} screenshare-stop - You stopped sharing (by the button, the method or the browser's own control).
 * @fires {CustomEvent<ChatMessageDetail>} chat-message - A chat message, sent by you (`local: true`) or received.
 * @fires {CustomEvent<FileOfferDetail>} file-offer - A file is on its way to you.
 * @fires {CustomEvent<FileProgressDetail>} file-progress - A transfer moved on, in either direction.
 * @fires {CustomEvent<FileReceivedDetail>} file-received - A file arrived whole and its SHA-256 matched.
 * @fires {CustomEvent<ConnectionQualityDetail>} connection-quality - A participant's connection changed between good, fair and poor.
 * @fires {CustomEvent<{ id: string | null }>} active-speaker - Someone else is now the one talking (`null`: no one).
 * @fires {CustomEvent<ErrorDetail>} error - Something went wrong; see the README for the codes. `autoplay-blocked` (not fatal) means the "Enable sound" button is showing.
 *
 * @csspart stage - The grid of tiles.
 * @csspart tile - One participant's tile (the local one also has `tile-local`).
 * @csspart video - The video in a tile.
 * @csspart name - The name label of a tile.
 * @csspart controls - The bar of buttons.
 * @csspart button - Each control button.
 * @csspart message - The status or error message.
 * @csspart unmute-prompt - The "Enable sound" button shown when the browser blocks autoplay.
 * @csspart avatar - The initials shown on a tile whose camera is off.
 * @csspart muted-icon - The icon on a tile whose microphone is off.
 * @csspart chat - The chat and files panel.
 * @csspart chat-messages - The list of chat messages.
 * @csspart chat-message - One chat message (author `chat-author`, text `chat-text`).
 * @csspart chat-author - The author of a chat message.
 * @csspart chat-text - The text of a chat message.
 * @csspart chat-form - The form to write a message and attach files.
 * @csspart chat-input - The message box.
 * @csspart attach - The button to pick files to send.
 * @csspart transfers - The list of file transfers.
 * @csspart transfer - One file transfer.
 * @csspart transfer-name - The file name of a transfer.
 * @csspart progress - The progress bar of a transfer.
 * @csspart download - The link to save a received file.
 * @csspart badge - The unread count on the chat button.
 * @csspart tile-actions - The full screen and picture-in-picture buttons on a remote tile.
 * @csspart quality - The connection quality bars on a tile (`data-quality` on the tile says good, fair or poor).
 * @csspart prejoin - The step before joining.
 * @csspart level - The microphone level meter before joining.
 * @csspart name-field - The name field before joining.
 * @csspart device-picker - A camera, microphone or speaker picker.
 * @csspart devices - The device pickers shown during a call.
 *
 * @cssprop [--vcr-background=#111] - Background of the element.
 * @cssprop [--vcr-foreground=#f5f5f5] - Text colour.
 * @cssprop [--vcr-accent=#2563eb] - Colour of primary buttons (light theme #1f5fd6).
 * @cssprop [--vcr-danger=#c93030] - Colour of the leave button and errors (light theme #c62828).
 * @cssprop [--vcr-tile-background=#222] - Background of a tile without video.
 * @cssprop [--vcr-radius=8px] - Corner radius of tiles and buttons.
 * @cssprop [--vcr-font-family=system-ui] - Font of the element.
 * @cssprop [--vcr-font-size=14px] - Base font size.
 * @cssprop [--vcr-min-height=320px] - Smallest height of the element.
 * @cssprop [--vcr-panel-width=300px] - Width of the chat panel beside the tiles.
 * @cssprop [--vcr-panel-background=#181818] - Background of the chat panel.
 * @cssprop [--vcr-link=#9cc0ff] - Colour of download links.
 * @cssprop [--vcr-danger-text=#ffb4b4] - Colour of error text and the muted icon.
 * @cssprop [--vcr-speaking=#3ddc84] - Outline of the active speaker's tile.
 */
export class VideoChatRoom extends VideoChatRoomAttributes {
  static override styles = styles;
  /** The version of this element's code, to tell copies apart. */
  static readonly version = VERSION;

  readonly #locale = new LocaleController(this);
  readonly #room = new RoomController(this, () => this.#locale.strings);
  readonly #selfView = new SelfViewGate(this);
  readonly #fullscreen = new FullscreenController(this);
  readonly #announcer = new AnnouncerController(this, () => this.#locale.strings);
  readonly #prejoin = new PrejoinController(this, {
    load: () => import('./views/prejoin-step.js').then((step) => (adoptStyles(this.shadowRoot, step.styles), step)),
    numberedDevice: (kind, n) => this.#locale.strings.numberedDevice(kind, n),
    levelBar: () => this.renderRoot.querySelector<HTMLElement>('.level-bar'),
    due: () => {
      const config = this.#room.config;
      // Once the person has passed the step (or joined otherwise), it does not come back by itself.
      const due = config?.prejoin && this.#room.state.status === 'idle' && !this.#room.joinRequested;
      return due ? { audio: config.audio, video: config.video } : undefined;
    },
  });
  readonly #chat = new ChatPanelController(this, {
    load: () =>
      import('./views/chat-panel.js').then((panel) => (adoptStyles(this.shadowRoot, [panel.chatPanelStyles]), panel.chatPanel)),
    canSendFiles: () => this.#room.state.status === 'joined' && this.#room.config?.files === true,
    sendFile: (file) => this.sendFile(file),
  });
  readonly #devices = new DevicePanelController(this, {
    load: () => import('./views/devices-panel.js').then((panel) => (adoptStyles(this.shadowRoot, [panel.styles]), panel)),
    numberedDevice: (kind, n) => this.#locale.strings.numberedDevice(kind, n),
    remoteVideos: () => this.#remoteVideos(),
  });
  readonly #stage = new CallStageController(this, {
    load: () => import('./views/call-stage.js'),
    due: () => this.#room.state.status === 'joined',
  });
  readonly #autoplay = new AutoplayGuard(
    () => this.requestUpdate(),
    () =>
      emit(this, 'error', { code: 'autoplay-blocked', message: this.#locale.strings.errors['autoplay-blocked'], fatal: false }),
  );

  /** Where the visit stands: `idle`, `joining`, `joined`, `left` or `error`. */
  get status(): SessionStatus {
    return this.#room.state.status;
  }

  /**
   * Joins the room now: from the prejoin step (with the devices picked there),
   * with `autojoin="off"`, or again after leaving.
   */
  join(): Promise<void> {
    const prepared = this.#prejoin.take();
    if (prepared?.speaker) this.#devices.speaker = prepared.speaker;
    return this.#room.join(prepared);
  }

  /**
   * Uses another camera (`videoinput`), microphone (`audioinput`) or speaker
   * (`audiooutput`), before or during the call; the calls go on without
   * renegotiating. Device ids come from `navigator.mediaDevices.enumerateDevices()`.
   */
  async setDevice(kind: DeviceKind, deviceId: string): Promise<void> {
    if (kind === 'audiooutput') {
      this.#devices.speaker = deviceId;
      if (this.#prejoin.preview) await this.#prejoin.preview.select(kind, deviceId);
    } else if (this.#prejoin.preview) {
      await this.#prejoin.preview.select(kind, deviceId);
    } else {
      await this.#room.useDevice(kind === 'audioinput' ? 'audio' : 'video', deviceId);
    }
    this.requestUpdate();
  }

  /** Leaves the room and releases camera and microphone. */
  leave(): void {
    this.#room.leave();
  }

  /** Mutes or unmutes the microphone; without an argument, flips it. Returns the new state. */
  toggleMicrophone(on?: boolean): boolean {
    this.#room.setMicrophone(on ?? !this.#room.state.microphoneOn);
    return this.#room.state.microphoneOn;
  }

  /**
   * Turns the camera on or off; without an argument, flips it. Returns the new
   * state. Off stops the camera (its light goes out) and sends a blank picture;
   * on opens it again, and an `error` event (`permission-denied`,
   * `device-in-use`, `no-devices`) says if it could not be, and it stays off.
   */
  toggleCamera(on?: boolean): boolean {
    this.#room.setCamera(on ?? !this.#room.state.cameraOn);
    return this.#room.state.cameraOn;
  }

  /**
   * Checks the STUN/TURN servers a call would use, like the trickle-ICE test
   * page: candidates found per server, how fast, and a verdict in words.
   */
  async preflight(): Promise<PreflightReport> {
    const { runIcePreflight } = await import('./network/ice-preflight.js');
    return runIcePreflight(await this.#room.iceServers());
  }

  /**
   * Shares the screen instead of the camera, or stops; without an argument,
   * flips. Resolves with whether sharing is on (false if the person cancels
   * the browser's picker, or `screenshare="off"`).
   */
  toggleScreenshare(on?: boolean): Promise<boolean> {
    const next = on ?? !this.#room.state.screenSharing;
    if (next && !this.#room.screenshareAllowed) return Promise.resolve(false);
    return this.#room.setScreenShare(next);
  }

  /** Shows the element full screen, or leaves full screen; without an argument, flips. Resolves with the new state. */
  toggleFullscreen(on?: boolean): Promise<boolean> {
    return this.#fullscreen.toggle(on);
  }

  /**
   * Sends a chat message to everyone in the call. Returns false (and fires
   * `error`) when it cannot: not joined, chat off, too long, or too fast.
   * Right after joining, before chat has loaded, the message goes once it has
   * (a refusal then comes as the `error` event only).
   */
  sendMessage(text: string): boolean {
    return !this.#room.sendMessage(String(text));
  }

  /**
   * Sends a file to everyone, or to one participant by id. Resolves once every
   * recipient has it whole with a matching SHA-256; rejects with a `RoomError`
   * (`code`: `file-too-large`, `files-disabled`, `not-joined`, `file-transfer-failed`).
   */
  sendFile(file: File | Blob, peerId?: string): Promise<void> {
    return this.#room.sendFile(file, peerId);
  }

  /** Stops a file transfer in either direction; the other side sees it cancelled. */
  cancelFile(id: string): boolean {
    return this.#room.cancelFile(id);
  }

  /** Opens or closes the chat panel; without an argument, flips it. Returns the new state. */
  toggleChat(open?: boolean): boolean {
    return this.#chat.toggle(open);
  }

  /** Per-participant connection statistics (bytes, frames, candidate type, round trip). */
  getConnectionStats(): Promise<ConnectionStats[]> {
    return this.#room.getConnectionStats();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!(Object.keys(CALL_ATTR) as (keyof typeof CALL_ATTR)[]).some((key) => changed.has(key)) && this.hasUpdated) return;
    const { result, autojoin } = readCallProperties(this, SCRIPT_ORIGIN);
    this.#room.configure(result, autojoin);
  }

  protected override updated(): void {
    const { status, placingCalls } = this.#room.state;
    // The chat panel's code loads as the join settles (its self view shows), not while its calls negotiate.
    if (status === 'joined' && !placingCalls && this.#selfView.open) this.#chat.load();
    for (const video of this.#remoteVideos()) this.#autoplay.watch(video);
  }

  readonly #remoteVideos = () => [...this.renderRoot.querySelectorAll<HTMLVideoElement>('[data-peer-id] video')];

  protected override render(): TemplateResult {
    const t = this.#locale.strings;
    const state = this.#room.state;
    const inCall = state.status === 'joined' || state.status === 'joining';
    const config = this.#room.config;
    const panel = inCall && this.#chat.open && config && (config.chat || config.files);
    return html`
      <div
        class="room"
        data-status=${state.status}
        data-panel=${panel ? 'open' : 'closed'}
        @dragover=${this.#chat.onDragOver}
        @drop=${this.#chat.onDrop}
      >
        <div class="main">
          ${
            // Joining shows a line of text, not the stage (about 20 ms of main thread the camera, socket
            // and offers would wait for); its chunk loads as the calls are placed (docs/performance.md).
            (state.status === 'joined' && !state.placingCalls
              ? this.#stage.render((code) =>
                  code.stage({
                    state,
                    strings: t,
                    selfView: this.#selfView.allows(state),
                    tileActions: this.#fullscreen.tileActions,
                  }),
                )
              : undefined) ??
            (this.#prejoinShown(state)
              ? // Nothing while its code loads: not a Join button that is gone a moment later.
                (this.#prejoin.render((step, preview) =>
                  step.prejoinPanel({
                    preview,
                    displayName: this.displayName,
                    strings: t,
                    onSelect: (kind, id) => void this.setDevice(kind, id).catch(() => {}),
                    onJoin: (name) => void this.#joinFromPrejoin(name),
                  }),
                ) ?? nothing)
              : statusMessage(state, t, this.room))
          }
          ${
            (inCall &&
              this.#devices.render((panel, devices) =>
                panel.inCallPickers({
                  devices,
                  selected: { ...this.#room.devices, audiooutput: this.#devices.speaker },
                  cameraLocked: state.screenSharing,
                  strings: t,
                  onSelect: (kind, id) => void this.setDevice(kind, id).catch(() => {}),
                }),
              )) ||
            nothing
          }
          ${
            (panel &&
              this.#chat.render((chatPanel) =>
                chatPanel({
                  messages: state.chat,
                  transfers: state.transfers,
                  chat: config.chat,
                  files: config.files,
                  strings: t,
                  nameOf: (id) => state.participants.find((p) => p.id === id)?.displayName || t.guest,
                  onSend: (text) => this.sendMessage(text),
                  onPickFiles: (files) => this.#chat.sendFiles(files),
                  onCancel: (id) => this.cancelFile(id),
                }),
              )) ||
            nothing
          }
        </div>
        <p class="visually-hidden" aria-live="polite">${this.#announcer.text}</p>
        ${noticeLine(state, t)}
        ${this.#autoplay.blocked && state.status === 'joined' ? unmutePrompt(t, () => this.#autoplay.resume(this.#remoteVideos())) : nothing}
        ${this.#renderControls(state)}
      </div>
    `;
  }

  /** Whether the prejoin step has the element (it has its own Join button). */
  #prejoinShown(state: SessionState): boolean {
    return this.#prejoin.active && state.status === 'idle';
  }

  async #joinFromPrejoin(name: string): Promise<void> {
    if (name.trim() !== this.displayName) {
      this.displayName = name.trim();
      await this.updateComplete;
    }
    await this.join();
  }

  #renderControls(state: SessionState): TemplateResult | typeof nothing {
    const t = this.#locale.strings;
    // The other controls come with the stage (and its code).
    if (state.status === 'joining' || state.placingCalls) return leaveOnlyControls(t, () => this.leave());
    // The prejoin step has its own Join button: one is enough.
    if (this.#prejoinShown(state)) return nothing;
    if (state.status !== 'joined') return joinControls(state, t, () => void this.join());
    const callControls = this.#stage.render((code) => code.callControls);
    if (!callControls) return leaveOnlyControls(t, () => this.leave());
    const config = this.#room.config;
    return callControls({
      state,
      strings: t,
      screenshare: this.#room.screenshareAllowed && 'getDisplayMedia' in (navigator.mediaDevices ?? {}),
      fullscreen: document.fullscreenEnabled,
      chat: !!config && (config.chat || config.files),
      inFullscreen: this.#fullscreen.on,
      chatOpen: this.#chat.open,
      devicesOpen: this.#devices.open,
      unread: this.#chat.unread,
      on: {
        microphone: () => this.toggleMicrophone(),
        camera: () => this.toggleCamera(),
        screenshare: () => void this.toggleScreenshare(),
        fullscreen: () => void this.toggleFullscreen().catch(() => {}),
        chat: () => this.toggleChat(),
        devices: () => void this.#devices.toggle(),
        leave: () => this.leave(),
      },
    });
  }
}
