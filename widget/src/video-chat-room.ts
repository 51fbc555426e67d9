import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { parseConfig } from './config.js';
import { emit, type VideoChatRoomEventMap } from './events.js';
import { en } from './i18n/en.js';
import { AutoplayGuard } from './media/autoplay-guard.js';
import { RoomController } from './session/room-controller.js';
import type { Participant, SessionState, SessionStatus } from './session/session-state.js';
import { runIcePreflight, type PreflightReport } from './network/ice-preflight.js';
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
 * @attr max-participants - Most people in the room, 2-50; the server's cap wins when lower. Default 6.
 * @attr autojoin - "off" waits for `join()` or the Join button instead of joining on connect.
 * @attr ice-transport - "relay" sends everything through TURN so no one learns anyone's IP address. Default "all".
 * @attr token - A room token (JWT) from your site's backend, for servers started with a room token secret.
 * @attr screenshare - "off" hides the screen share button and refuses `toggleScreenshare()`. Default "on".
 * @attr ice-servers - JSON array of RTCIceServer objects to use instead of the server's STUN/TURN list.
 * @attr max-bitrate - Video uplink in kbit/s, shared among the peers you send to (each gets an even share; the picture is scaled down when a share is small). 100-100000, default 2500. Read when joining.
 *
 * @fires join - You are in the room. `detail: { room, self: { id, displayName } }`
 * @fires leave - You left the room. `detail: { room }`
 * @fires participant-join - Someone joined. `detail: { id, displayName }`
 * @fires participant-leave - Someone left or their page went away. `detail: { id, displayName }`
 * @fires screenshare-start - You started sharing your screen.
 * @fires screenshare-stop - You stopped sharing (by the button, the method or the browser's own control).
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
 *
 * @cssprop --vcr-background - Background of the element. Default #111.
 * @cssprop --vcr-foreground - Text colour. Default #f5f5f5.
 * @cssprop --vcr-accent - Colour of primary buttons. Default #2f6fed.
 * @cssprop --vcr-danger - Colour of the leave button and errors. Default #d93838.
 * @cssprop --vcr-tile-background - Background of a tile without video. Default #222.
 * @cssprop --vcr-radius - Corner radius of tiles and buttons. Default 8px.
 * @cssprop --vcr-font-family - Font of the element. Default system-ui.
 * @cssprop --vcr-font-size - Base font size. Default 14px.
 * @cssprop --vcr-min-height - Smallest height of the element. Default 320px.
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
  /** Video uplink in kbit/s, shared among the peers this page sends to. */
  @property({ attribute: 'max-bitrate' }) maxBitrate?: string | number;

  readonly #room = new RoomController(this);
  readonly #autoplay = new AutoplayGuard(
    () => this.requestUpdate(),
    () => emit(this, 'error', { code: 'autoplay-blocked', message: en.errors['autoplay-blocked'], fatal: false }),
  );

  /** Where the visit stands: `idle`, `joining`, `joined`, `left` or `error`. */
  get status(): SessionStatus {
    return this.#room.state.status;
  }

  /** Joins the room (when `autojoin="off"`, or again after leaving). */
  join(): Promise<void> {
    return this.#room.join();
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

  /** Turns the camera on or off; without an argument, flips it. Returns the new state. */
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
      'maxBitrate',
    ] as const;
    if (!configKeys.some((key) => changed.has(key)) && this.hasUpdated) return;
    const autojoin = switchText(this.autojoin);
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
          maxBitrate: this.maxBitrate == null ? null : String(this.maxBitrate),
        },
        SCRIPT_ORIGIN,
      ),
      autojoin !== 'off' && autojoin !== 'false',
    );
  }

  readonly #onFullscreenChange = () => this.requestUpdate();

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('fullscreenchange', this.#onFullscreenChange);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('fullscreenchange', this.#onFullscreenChange);
  }

  protected override updated(): void {
    for (const video of this.#remoteVideos()) this.#autoplay.watch(video);
  }

  #remoteVideos(): HTMLVideoElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLVideoElement>('[data-peer-id] video')];
  }

  protected override render(): TemplateResult {
    const state = this.#room.state;
    return html`
      <div class="room" data-status=${state.status}>
        ${state.status === 'joined' || state.status === 'joining' ? this.#renderStage(state) : this.#renderMessage(state)}
        ${
          state.reconnecting
            ? html`<p class="notice reconnecting" part="message" role="status">${en.reconnecting}</p>`
            : state.notices.length
              ? html`<p class="notice" part="message" role="status">${state.notices[state.notices.length - 1].message}</p>`
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
                ${en.enableSound}
              </button>`
            : nothing
        }
        ${this.#renderControls(state)}
      </div>
    `;
  }

  #renderStage(state: SessionState): TemplateResult {
    const count = state.participants.length + 1;
    return html`
      <div class="stage" part="stage" data-count=${Math.min(count, 9)}>
        <figure class="tile local" part="tile tile-local" data-screen=${state.screenSharing ? 'on' : 'off'}>
          <video part="video" .srcObject=${previewStream(state)} .muted=${true} autoplay playsinline></video>
          <figcaption part="name">${state.self?.displayName || en.you}</figcaption>
        </figure>
        ${repeat(
          state.participants,
          (p) => p.id,
          (p) => this.#renderTile(p),
        )}
      </div>
      ${
        state.status === 'joining'
          ? html`<p class="overlay" part="message" role="status">${en.joining}</p>`
          : state.participants.length === 0
            ? html`<p class="overlay" part="message" role="status">${en.waitingForOthers}</p>`
            : nothing
      }
    `;
  }

  #renderTile(participant: Participant): TemplateResult {
    const label = participant.link === 'failed' || participant.link === 'closed' ? en.connectionLost : en.connecting;
    return html`
      <figure class="tile" part="tile" data-peer-id=${participant.id} data-link=${participant.link}>
        <video part="video" .srcObject=${participant.stream ?? null} autoplay playsinline></video>
        <figcaption part="name">${participant.displayName || en.guest}</figcaption>
        ${participant.link === 'connected' ? nothing : html`<span class="link-state">${label}</span>`}
      </figure>
    `;
  }

  #renderMessage(state: SessionState): TemplateResult {
    if (state.status === 'error') {
      return html`<p class="message error" part="message" role="alert">${state.error?.message}</p>`;
    }
    if (state.status === 'left') return html`<p class="message" part="message" role="status">${en.left}</p>`;
    return html`<p class="message" part="message">${this.room}</p>`;
  }

  #renderControls(state: SessionState): TemplateResult {
    if (state.status !== 'joined' && state.status !== 'joining') {
      const label = state.status === 'left' ? en.rejoin : state.status === 'error' ? en.retry : en.join;
      return html`
        <div class="controls" part="controls">
          <button part="button" class="primary" data-action="join" @click=${() => this.join()}>${label}</button>
        </div>
      `;
    }
    return html`
      <div class="controls" part="controls">
        <button
          part="button"
          data-action="microphone"
          aria-pressed=${state.microphoneOn ? 'false' : 'true'}
          ?disabled=${!state.hasMicrophone}
          @click=${() => this.toggleMicrophone()}
        >
          ${state.microphoneOn ? en.microphoneOn : en.microphoneOff}
        </button>
        <button
          part="button"
          data-action="camera"
          aria-pressed=${state.cameraOn ? 'false' : 'true'}
          ?disabled=${!state.hasCamera || state.screenSharing}
          @click=${() => this.toggleCamera()}
        >
          ${state.cameraOn ? en.cameraOn : en.cameraOff}
        </button>
        ${
          this.#room.screenshareAllowed && 'getDisplayMedia' in (navigator.mediaDevices ?? {})
            ? html`<button
                part="button"
                data-action="screenshare"
                aria-pressed=${state.screenSharing ? 'true' : 'false'}
                ?disabled=${!state.hasCamera && !state.screenSharing}
                @click=${() => this.toggleScreenshare()}
              >
                ${state.screenSharing ? en.stopSharing : en.shareScreen}
              </button>`
            : nothing
        }
        ${
          document.fullscreenEnabled
            ? html`<button
                part="button"
                data-action="fullscreen"
                aria-pressed=${document.fullscreenElement === this ? 'true' : 'false'}
                @click=${() => this.toggleFullscreen().catch(() => {})}
              >
                ${document.fullscreenElement === this ? en.exitFullscreen : en.fullscreen}
              </button>`
            : nothing
        }
        <button part="button" class="danger" data-action="leave" @click=${() => this.leave()}>${en.leave}</button>
      </div>
    `;
  }
}

/**
 * The local preview's stream, or null for a receive-only visitor: a `<video>`
 * given a stream without tracks never loads, and holds up the host page's
 * `load` event for good.
 */
function previewStream(state: SessionState): MediaStream | null {
  return state.localStream?.getTracks().length ? state.localStream : null;
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
