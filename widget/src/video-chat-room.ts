import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { parseConfig } from './config.js';
import { emit, type VideoChatRoomEventMap } from './events.js';
import type { Strings } from './i18n/en.js';
import { errorText, stringsFor } from './i18n/strings-for.js';
import { AutoplayGuard } from './media/autoplay-guard.js';
import { RoomController } from './session/room-controller.js';
import { SelfViewGate } from './session/self-view-gate.js';
import type { SessionState, SessionStatus } from './session/session-state.js';
import type { DeviceKind, DeviceLists } from './media/devices.js';
import { PrejoinController } from './session/prejoin-controller.js';
import type { chatPanel } from './views/chat-panel.js';
import { callControls } from './views/call-controls.js';
import { participantTile } from './views/participant-tile.js';
import { adoptStyles } from './views/adopt-styles.js';
import { srcObject } from './views/src-object.js';
import type { PreflightReport } from './network/ice-preflight.js';
import type { ConnectionStats } from './stats/connection-stats.js';
import { styles } from './video-chat-room.styles.js';
import { VERSION } from './version.js';

/** The server the script was loaded from: the default for `server`. */
const SCRIPT_ORIGIN = new URL(import.meta.url).origin;

type Switch = string | boolean | undefined;

/**
 * A video call between everyone whose page shows the same `room`.
 *
 * @summary Drop-in, self-hosted, peer-to-peer video chat.
 *
 * @attr room - Required. The room to join: 1-64 letters, digits, ".", "_" or "-".
 * @attr server - URL of the video chat server. Defaults to the origin this script was loaded from.
 * @attr display-name - The name others see on your tile.
 * @attr audio - "off" joins with the microphone muted. Default "on".
 * @attr video - "off" joins with the camera off. Default "on".
 * @attr max-participants - Accepted (2-50) for pages written for older servers; it no longer sets the room's cap, which is the server's `--max-room-size` or the room token's `maxParticipants` claim.
 * @attr autojoin - "off" waits for `join()` or the Join button instead of joining on connect.
 * @attr ice-transport - "relay" sends everything through TURN so no one learns anyone's IP address. Default "all".
 * @attr token - A room token (JWT) from your site's backend, for servers started with a room token secret.
 * @attr screenshare - "off" hides the screen share button and refuses `toggleScreenshare()`. Default "on".
 * @attr ice-servers - JSON array of RTCIceServer objects to use instead of the server's STUN/TURN list.
 * @attr chat - "off" hides the chat and refuses `sendMessage()`. Default "on".
 * @attr files - "off" refuses files in both directions and hides the file button. Default "on".
 * @attr max-file-size - Largest file sent or accepted: bytes, or with a kB, MB or GB suffix. Default 1GB.
 * @attr prejoin - "off" skips the step before joining (preview, microphone level, device pickers, name). Default "on".
 * @attr theme - "dark" (default), "light", or "auto" to follow the visitor's system setting.
 * @attr lang - Language of the element's text: en, es or zh-CN; else the nearest ancestor's `lang`, else English.
 * @attr max-bitrate - Video uplink in kbit/s, shared among the peers you send to (each gets an even share; the picture is scaled down when a share is small). 100-100000, default 2500. Read when joining.
 *
 * @fires join - You are in the room (the call's stage shows a moment later, once the join's calls are placed). `detail: { room, self: { id, displayName } }`
 * @fires leave - You left the room. `detail: { room }`
 * @fires participant-join - Someone joined. `detail: { id, displayName }`
 * @fires participant-leave - Someone left or their page went away. `detail: { id, displayName }`
 * @fires screenshare-start - You started sharing your screen.
 * @fires screenshare-stop - You stopped sharing (by the button, the method or the browser's own control).
 * @fires chat-message - A chat message, sent by you (`local: true`) or received. `detail: { id, from: { id, displayName }, text, sentAt, local }`
 * @fires file-offer - A file is on its way to you. `detail: { id, from, name, size, type }`
 * @fires file-progress - A transfer moved on, in either direction. `detail: { id, direction, peerId, name, bytes, size, status }`
 * @fires file-received - A file arrived whole and its SHA-256 matched. `detail: { id, from, name, size, type, sha256, file, url }`
 * @fires connection-quality - A participant's connection changed between good, fair and poor. `detail: { id, quality, roundTripTime, packetLoss }`
 * @fires active-speaker - Someone else is now the one talking (or no one). `detail: { id }` (`null` for no one)
 * @fires error - Something went wrong. `detail: { code, message, fatal }`; see the README for the codes. `autoplay-blocked` (not fatal) means the "Enable sound" button is showing.
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
 * @cssprop --vcr-background - Background of the element. Default #111.
 * @cssprop --vcr-foreground - Text colour. Default #f5f5f5.
 * @cssprop --vcr-accent - Colour of primary buttons. Default #2563eb (light theme #1f5fd6).
 * @cssprop --vcr-danger - Colour of the leave button and errors. Default #c93030 (light theme #c62828).
 * @cssprop --vcr-tile-background - Background of a tile without video. Default #222.
 * @cssprop --vcr-radius - Corner radius of tiles and buttons. Default 8px.
 * @cssprop --vcr-font-family - Font of the element. Default system-ui.
 * @cssprop --vcr-font-size - Base font size. Default 14px.
 * @cssprop --vcr-min-height - Smallest height of the element. Default 320px.
 * @cssprop --vcr-panel-width - Width of the chat panel beside the tiles. Default 300px.
 * @cssprop --vcr-panel-background - Background of the chat panel. Default #181818.
 * @cssprop --vcr-link - Colour of download links. Default #9cc0ff.
 * @cssprop --vcr-danger-text - Colour of error text and the muted icon. Default #ffb4b4.
 * @cssprop --vcr-speaking - Outline of the active speaker's tile. Default #3ddc84.
 */
export class VideoChatRoom extends LitElement {
  static override styles = styles;
  /** The version of this element's code, to tell copies apart. */
  static readonly version = VERSION;

  // Attribute names are literals here so custom-elements.json can read them; a test pins them to ATTR.
  /** The room to join. */
  @property({ reflect: true }) room = '';
  /** URL of the video chat server; defaults to where this script came from. */
  @property() server?: string;
  /** The name others see. */
  @property({ attribute: 'display-name' }) displayName = '';
  /** `"off"` (or `false`) to join muted. */
  @property() audio: Switch;
  /** `"off"` (or `false`) to join with the camera off. */
  @property() video: Switch;
  /** Most people in the room. */
  @property({ attribute: 'max-participants' }) maxParticipants?: string | number;
  /** `"off"` (or `false`) to wait for `join()`. */
  @property() autojoin: Switch;
  /** `"relay"` for relay-only (private) calls. */
  @property({ attribute: 'ice-transport' }) iceTransport?: 'all' | 'relay';
  /** The page's own STUN/TURN servers, as JSON. */
  @property({ attribute: 'ice-servers' }) iceServers?: string;
  /** `"off"` (or `false`) to disallow screen sharing. */
  @property() screenshare: Switch;
  /** A room token from the site's backend. */
  @property() token?: string;
  /** `"off"` (or `false`) to turn chat off. */
  @property() chat: Switch;
  /** `"off"` (or `false`) to turn file transfer off. */
  @property() files: Switch;
  /** Largest file sent or accepted, e.g. `"50MB"` or a number of bytes. */
  @property({ attribute: 'max-file-size' }) maxFileSize?: string | number;
  /** `"dark"`, `"light"` or `"auto"` (the visitor's system setting). */
  @property({ reflect: true }) theme?: 'dark' | 'light' | 'auto';
  /** `"off"` (or `false`) to join without the prejoin step. */
  @property() prejoin: Switch;

  /** The language of the element's text: its own `lang`, else the nearest ancestor's, else the page's. English when unknown. */
  @property() override lang = '';

  readonly #prejoin = new PrejoinController(this, () => this.#strings);
  /** The speaker the call's sound goes to (`setSinkId`), once picked. */
  #speaker: string | undefined;
  #devicesOpen = false;
  #deviceLists: DeviceLists | undefined;
  /** The in-call device pickers, loaded the first time they open. */
  #devicesPanel: typeof import('./views/devices-panel.js') | undefined;
  #levelTimer: ReturnType<typeof setInterval> | undefined;
  /** The chat panel's template, a chunk of its own, loaded once in the call. */
  #chatPanel: typeof chatPanel | undefined;
  #chatPanelLoading = false;
  #chatOpen = false;
  #unread = 0;
  /** What the live region last announced. */
  #announcement = '';
  /** Video uplink in kbit/s, shared among the peers this page sends to. */
  @property({ attribute: 'max-bitrate' }) maxBitrate?: string | number;

  readonly #room = new RoomController(this);
  readonly #selfView = new SelfViewGate(this);
  readonly #autoplay = new AutoplayGuard(
    () => this.requestUpdate(),
    () => emit(this, 'error', { code: 'autoplay-blocked', message: this.#strings.errors['autoplay-blocked'], fatal: false }),
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
    if (prepared?.speaker) this.#speaker = prepared.speaker;
    return this.#room.join(prepared);
  }

  /**
   * Uses another camera (`videoinput`), microphone (`audioinput`) or speaker
   * (`audiooutput`), before or during the call; the calls go on without
   * renegotiating. Device ids come from `navigator.mediaDevices.enumerateDevices()`.
   */
  async setDevice(kind: DeviceKind, deviceId: string): Promise<void> {
    if (kind === 'audiooutput') {
      this.#speaker = deviceId;
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
    const next = on ?? !this.#room.state.microphoneOn;
    this.#room.setMicrophone(next);
    return this.#room.state.microphoneOn;
  }

  /**
   * Turns the camera on or off; without an argument, flips it. Returns the new
   * state. Off stops the camera (its light goes out) and sends a blank picture;
   * on opens it again, and an `error` event (`permission-denied`,
   * `device-in-use`, `no-devices`) says if it could not be, and it stays off.
   */
  toggleCamera(on?: boolean): boolean {
    const next = on ?? !this.#room.state.cameraOn;
    this.#room.setCamera(next);
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
    const state = this.#room.state;
    const next = on ?? !state.screenSharing;
    if (next && !this.#room.screenshareAllowed) return Promise.resolve(false);
    return this.#room.setScreenShare(next);
  }

  /** Shows the element full screen, or leaves full screen; without an argument, flips. Resolves with the new state. */
  async toggleFullscreen(on?: boolean): Promise<boolean> {
    const isOn = () => document.fullscreenElement === this;
    const next = on ?? !isOn();
    if (next && !isOn()) await this.requestFullscreen();
    if (!next && isOn()) await document.exitFullscreen();
    this.requestUpdate();
    return isOn();
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
    this.#chatOpen = open ?? !this.#chatOpen;
    if (this.#chatOpen) {
      this.#unread = 0;
      this.#loadChatPanel();
    }
    this.requestUpdate();
    return this.#chatOpen;
  }

  /** Per-participant connection statistics (bytes, frames, candidate type, round trip). */
  getConnectionStats(): Promise<ConnectionStats[]> {
    return this.#room.getConnectionStats();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const configKeys = [
      'room',
      'server',
      'displayName',
      'audio',
      'video',
      'maxParticipants',
      'autojoin',
      'iceTransport',
      'iceServers',
      'screenshare',
      'token',
      'chat',
      'files',
      'maxFileSize',
      'prejoin',
      'maxBitrate',
    ] as const;
    if (!configKeys.some((key) => changed.has(key)) && this.hasUpdated) return;
    const autojoin = switchText(this.autojoin);
    const prejoin = switchText(this.prejoin);
    this.#room.configure(
      parseConfig(
        {
          room: this.room,
          server: this.server,
          displayName: this.displayName,
          audio: switchText(this.audio),
          video: switchText(this.video),
          maxParticipants: this.maxParticipants == null ? null : String(this.maxParticipants),
          autojoin,
          iceTransport: this.iceTransport,
          iceServers: this.iceServers,
          screenshare: switchText(this.screenshare),
          token: this.token,
          chat: switchText(this.chat),
          files: switchText(this.files),
          maxFileSize: this.maxFileSize == null ? null : String(this.maxFileSize),
          prejoin,
          maxBitrate: this.maxBitrate == null ? null : String(this.maxBitrate),
        },
        SCRIPT_ORIGIN,
      ),
      autojoin !== 'off' && autojoin !== 'false',
    );
  }

  readonly #onFullscreenChange = () => this.requestUpdate();

  constructor() {
    super();
    this.addEventListener('participant-join', (e) =>
      this.#announce(this.#strings.announceJoin(e.detail.displayName || this.#strings.guest)),
    );
    this.addEventListener('participant-leave', (e) =>
      this.#announce(this.#strings.announceLeave(e.detail.displayName || this.#strings.guest)),
    );
    this.addEventListener('chat-message', (e) => {
      if (e.detail.local) return this.requestUpdate();
      if (!this.#chatOpen) this.#unread++;
      this.#announce(this.#strings.announceMessage(e.detail.from.displayName || this.#strings.guest, e.detail.text));
    });
  }

  get #strings(): Strings {
    const lang = this.lang || this.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang;
    const strings = stringsFor(lang, () => this.requestUpdate());
    this.#room.strings = strings;
    return strings;
  }

  #loadChatPanel(): void {
    if (this.#chatPanel || this.#chatPanelLoading) return;
    this.#chatPanelLoading = true;
    import('./views/chat-panel.js').then(
      ({ chatPanel, chatPanelStyles }) => {
        adoptStyles(this.shadowRoot, [chatPanelStyles]);
        this.#chatPanel = chatPanel;
        this.requestUpdate();
      },
      (error: unknown) => {
        // Opening the chat tries again.
        this.#chatPanelLoading = false;
        console.warn('[video-chat-room] the chat panel could not load', error);
      },
    );
  }

  #announce(text: string): void {
    this.#announcement = text;
    this.requestUpdate();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('fullscreenchange', this.#onFullscreenChange);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#animateLevel(false);
    document.removeEventListener('fullscreenchange', this.#onFullscreenChange);
  }

  protected override updated(): void {
    // The chat panel's code loads as the join settles (its self view shows), not while its calls negotiate.
    const { status, placingCalls } = this.#room.state;
    if (status === 'joined' && !placingCalls && this.#selfView.open) this.#loadChatPanel();
    for (const video of this.#remoteVideos()) {
      this.#autoplay.watch(video);
      if (this.#speaker && video.sinkId !== this.#speaker) video.setSinkId(this.#speaker).catch(() => {});
    }
    this.#openPrejoinIfDue();
    this.#animateLevel(!!this.#prejoin.preview);
  }

  /** The prejoin step opens by itself when the element is on the page, configured, and not yet in a call. */
  #openPrejoinIfDue(): void {
    const config = this.#room.config;
    if (!config?.prejoin || !this.isConnected || this.#prejoin.active) return;
    if (this.#room.state.status !== 'idle' || this.#prejoinDone) return;
    this.#prejoin.open({ audio: config.audio, video: config.video });
  }

  /** Set once the person has passed the prejoin step (or joined otherwise): it does not come back by itself. */
  get #prejoinDone(): boolean {
    return this.#room.joinRequested;
  }

  #animateLevel(on: boolean): void {
    if (!on) {
      clearInterval(this.#levelTimer);
      this.#levelTimer = undefined;
      return;
    }
    this.#levelTimer ??= setInterval(() => {
      const bar = this.renderRoot.querySelector<HTMLElement>('.level-bar');
      const level = this.#prejoin.preview?.level() ?? 0;
      bar?.style.setProperty('inline-size', `${Math.round(level * 100)}%`);
      bar?.parentElement?.setAttribute('aria-valuenow', String(Math.round(level * 100)));
    }, 100);
  }

  #remoteVideos(): HTMLVideoElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLVideoElement>('[data-peer-id] video')];
  }

  protected override render(): TemplateResult {
    const t = this.#strings;
    const state = this.#room.state;
    const inCall = state.status === 'joined' || state.status === 'joining';
    const config = this.#room.config;
    const panel = inCall && this.#chatOpen && config && (config.chat || config.files);
    return html`
      <div
        class="room"
        data-status=${state.status}
        data-panel=${panel ? 'open' : 'closed'}
        @dragover=${this.#onDragOver}
        @drop=${this.#onDrop}
      >
        <div class="main">
          ${
            // Joining shows a line of text, not the call's stage: building the stage
            // costs the main thread about 20 ms, which the camera and the socket
            // opening beside it would wait for (about 40 ms later, measured), and
            // then the join's offers.
            state.status === 'joined' && !state.placingCalls
              ? this.#renderStage(state)
              : this.#prejoin.active && state.status === 'idle'
                ? // Nothing while its code loads: not a Join button that is gone a moment later.
                  (this.#prejoin.render({
                    displayName: this.displayName,
                    strings: t,
                    onSelect: (kind, id) => void this.setDevice(kind, id).catch(() => {}),
                    onJoin: (name) => void this.#joinFromPrejoin(name),
                  }) ?? nothing)
                : this.#renderMessage(state)
          }
          ${inCall && this.#devicesOpen ? this.#renderDevices(state) : nothing}
          ${
            panel && this.#chatPanel
              ? this.#chatPanel({
                  messages: state.chat,
                  transfers: state.transfers,
                  chat: config.chat,
                  files: config.files,
                  strings: t,
                  nameOf: (id) => state.participants.find((p) => p.id === id)?.displayName || t.guest,
                  onSend: (text) => this.sendMessage(text),
                  onPickFiles: (files) => this.#sendFiles(files),
                  onCancel: (id) => this.cancelFile(id),
                })
              : nothing
          }
        </div>
        <p class="visually-hidden" aria-live="polite">${this.#announcement}</p>
        ${
          state.reconnecting
            ? html`<p class="notice reconnecting" part="message" role="status">${t.reconnecting}</p>`
            : state.notices.length
              ? html`<p class="notice" part="message" role="status">${errorText(state.notices[state.notices.length - 1], t)}</p>`
              : nothing
        }
        ${
          this.#autoplay.blocked && state.status === 'joined'
            ? html`<button
                part="button unmute-prompt"
                class="primary unmute"
                data-action="enable-sound"
                @click=${() => this.#autoplay.resume(this.#remoteVideos())}
              >
                ${t.enableSound}
              </button>`
            : nothing
        }
        ${this.#renderControls(state)}
      </div>
    `;
  }

  #renderStage(state: SessionState): TemplateResult {
    const t = this.#strings;
    const count = state.participants.length + 1;
    const selfStream = this.#selfView.allows(state) ? previewStream(state) : null;
    return html`
      <div class="stage" part="stage" data-count=${Math.min(count, 9)}>
        <figure class="tile local" part="tile tile-local" data-screen=${state.screenSharing ? 'on' : 'off'}>
          <video part="video" ${srcObject(selfStream)} .muted=${true} autoplay playsinline></video>
          <figcaption part="name">${state.self?.displayName || t.you}</figcaption>
        </figure>
        ${repeat(
          state.participants,
          (p) => p.id,
          (p) => participantTile(p, t, p.id === state.activeSpeaker, this.#tileActions),
        )}
      </div>
      ${
        state.participants.length === 0
          ? html`<p class="overlay" part="message" role="status">${t.waitingForOthers}</p>`
          : nothing
      }
    `;
  }

  readonly #tileActions = {
    fullscreen: (tile: HTMLElement) => {
      if (document.fullscreenElement === tile) void document.exitFullscreen();
      else void tile.requestFullscreen().catch(() => {});
    },
    pictureInPicture: (video: HTMLVideoElement) => {
      if (document.pictureInPictureElement === video) void document.exitPictureInPicture();
      else void video.requestPictureInPicture().catch(() => {});
    },
  };

  async #joinFromPrejoin(name: string): Promise<void> {
    if (name.trim() !== this.displayName) {
      this.displayName = name.trim();
      await this.updateComplete;
    }
    await this.join();
  }

  #renderDevices(state: SessionState): TemplateResult | typeof nothing {
    const panel = this.#devicesPanel;
    if (!panel || !this.#deviceLists) return nothing;
    return html`<div class="devices" part="devices">
      ${panel.devicePickers({
        devices: this.#deviceLists,
        selected: { ...this.#room.devices, audiooutput: this.#speaker },
        speakers: panel.canPickSpeaker(),
        cameraLocked: state.screenSharing,
        strings: this.#strings,
        onSelect: (kind, id) => void this.setDevice(kind, id).catch(() => {}),
      })}
    </div>`;
  }

  /** Opens or closes the in-call device pickers, listing devices afresh. */
  async #toggleDevices(): Promise<void> {
    this.#devicesOpen = !this.#devicesOpen;
    if (this.#devicesOpen) {
      this.#devicesPanel ??= await import('./views/devices-panel.js');
      adoptStyles(this.shadowRoot, [this.#devicesPanel.styles]);
      this.#deviceLists = await this.#devicesPanel.listDevices(this.#strings.numberedDevice);
    }
    this.requestUpdate();
  }

  readonly #onDragOver = (event: DragEvent) => {
    if (!this.#canSendFiles() || !event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  };

  readonly #onDrop = (event: DragEvent) => {
    if (!this.#canSendFiles()) return;
    event.preventDefault();
    this.#sendFiles([...(event.dataTransfer?.files ?? [])]);
  };

  #canSendFiles(): boolean {
    return this.#room.state.status === 'joined' && this.#room.config?.files === true;
  }

  #sendFiles(files: File[]): void {
    if (files.length) this.toggleChat(true);
    // Failures show as notices and in the transfer list; the promise is the page's to watch.
    for (const file of files) this.sendFile(file).catch(() => {});
  }

  #renderMessage(state: SessionState): TemplateResult {
    const t = this.#strings;
    if (state.status === 'error') {
      return html`<p class="message error" part="message" role="alert">${state.error ? errorText(state.error, t) : nothing}</p>`;
    }
    if (state.status === 'left') return html`<p class="message" part="message" role="status">${t.left}</p>`;
    if (state.status === 'joining' || state.status === 'joined') {
      return html`<p class="message" part="message" role="status">${t.joining}</p>`;
    }
    return html`<p class="message" part="message">${this.room}</p>`;
  }

  #renderControls(state: SessionState): TemplateResult {
    const t = this.#strings;
    // The other controls come with the stage; leaving is there from the start (a join can wait on a permission prompt).
    if (state.status === 'joining' || state.placingCalls) {
      return html`
        <div class="controls" part="controls">
          <button part="button" class="danger" data-action="leave" @click=${() => this.leave()}>${t.leave}</button>
        </div>
      `;
    }
    if (state.status !== 'joined') {
      const label = state.status === 'left' ? t.rejoin : state.status === 'error' ? t.retry : t.join;
      return html`
        <div class="controls" part="controls">
          <button part="button" class="primary" data-action="join" @click=${() => this.join()}>${label}</button>
        </div>
      `;
    }
    const config = this.#room.config;
    return callControls({
      state,
      strings: t,
      screenshare: this.#room.screenshareAllowed && 'getDisplayMedia' in (navigator.mediaDevices ?? {}),
      fullscreen: document.fullscreenEnabled,
      chat: !!config && (config.chat || config.files),
      inFullscreen: document.fullscreenElement === this,
      chatOpen: this.#chatOpen,
      devicesOpen: this.#devicesOpen,
      unread: this.#unread,
      on: {
        microphone: () => this.toggleMicrophone(),
        camera: () => this.toggleCamera(),
        screenshare: () => void this.toggleScreenshare(),
        fullscreen: () => void this.toggleFullscreen().catch(() => {}),
        chat: () => this.toggleChat(),
        devices: () => void this.#toggleDevices(),
        leave: () => this.leave(),
      },
    });
  }
}

/**
 * The local preview's stream while there is a picture to show (the camera or
 * a shared screen), or null: with the camera off (or none) the stream holds
 * only a blank picture for the calls, not worth a self view.
 */
function previewStream(state: SessionState): MediaStream | null {
  return state.cameraOn || state.screenSharing ? (state.localStream ?? null) : null;
}

function switchText(value: Switch): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  return value;
}

/** Typed listeners for the element's own events (`e.detail` is known). */
export interface VideoChatRoom {
  addEventListener<K extends keyof VideoChatRoomEventMap>(
    type: K,
    listener: (this: VideoChatRoom, event: VideoChatRoomEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof VideoChatRoomEventMap>(
    type: K,
    listener: (this: VideoChatRoom, event: VideoChatRoomEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'video-chat-room': VideoChatRoom;
  }
}
