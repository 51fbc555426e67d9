import type { RoomConfig } from '../config.js';
import { RoomError } from '../errors.js';
import { en } from '../i18n/en.js';
import { LocalMedia, type SelectedDevices } from '../media/local-media.js';
import type { ScreenShare } from '../media/screen-share.js';
import type { MediaPath } from './media-path.js';
import type { SessionEnvironment } from './session-environment.js';
import type { RemoteMedia } from './session-state.js';
import type { SessionStore } from './session-store.js';

/** The camera and microphone of the prejoin preview, handed to the join as they are. */
export interface PreparedMedia {
  media: LocalMedia;
  problem?: RoomError;
}

/**
 * This page's own media in a call: the microphone (muted or not), the
 * camera (off or on), which devices, sharing the screen in the camera's
 * place, and devices that stop by themselves. What it sends goes through the
 * media path, whichever it is; the state says what is on.
 */
export class LocalControls {
  #media: LocalMedia | undefined;
  #screenShare: ScreenShare | undefined;

  constructor(
    private readonly store: SessionStore,
    private readonly env: SessionEnvironment,
    /** The visit's media path, while there is one. */
    private readonly path: () => MediaPath | undefined,
    /** Tells the others what we now send. */
    private readonly announce: (media: RemoteMedia) => void,
  ) {}

  get media(): LocalMedia | undefined {
    return this.#media;
  }

  /** The camera and microphone in use, by device id. */
  get devices(): SelectedDevices {
    return this.#media?.devices ?? {};
  }

  /**
   * The camera and microphone for a join: the prejoin preview's, or asked for
   * now. `started` resolves with a problem the call goes on through, if any.
   */
  start(config: RoomConfig, prepared?: PreparedMedia): { media: LocalMedia; started: Promise<RoomError | undefined> } {
    const media = (this.#media = prepared?.media ?? new LocalMedia(this.env.getUserMedia));
    media.onDeviceLost = (kind) => this.#onDeviceLost(media, kind);
    // In an iframe without allow="camera; microphone" asking would only fail: say why up front.
    const framedWithoutDevices = !this.env.allowsFeature('camera') && !this.env.allowsFeature('microphone');
    const started: Promise<RoomError | undefined> = framedWithoutDevices
      ? Promise.resolve(new RoomError('iframe-permissions', en.errors['iframe-permissions'], false))
      : prepared
        ? Promise.resolve(prepared.problem)
        : media.start({ audio: config.audio, video: config.video });
    return { media, started };
  }

  /** Puts what the devices are doing into the state, and tells the others. */
  sync(): void {
    const media = this.#media;
    this.store.update({
      hasMicrophone: !!media?.has('audio'),
      hasCamera: !!media?.has('video'),
      microphoneOn: !!media?.isEnabled('audio'),
      cameraOn: !!media?.isEnabled('video'),
    });
    const { microphoneOn, cameraOn, screenSharing } = this.store.state;
    this.announce({ audio: microphoneOn, video: cameraOn || screenSharing, screen: screenSharing });
  }

  /** Mutes or unmutes: the microphone stays open (unmuting is instant), but a muted one is not sent. */
  setMicrophone(on: boolean): void {
    const media = this.#media;
    if (!media) return;
    media.setMicrophone(on);
    this.path()?.sendAudio(on ? (media.stream.getAudioTracks()[0] ?? null) : null);
    this.sync();
  }

  /**
   * Turns the camera off (it is stopped) or on (it is opened again): the state
   * shows the change at once; once the camera is open, every link sends it.
   * A camera that cannot be opened is a notice, and stays off.
   */
  setCamera(on: boolean): void {
    const media = this.#media;
    if (!media) return;
    const changed = media.setCamera(on);
    this.sync();
    void changed.then((problem) => {
      if (this.#media !== media) return;
      if (problem) this.store.notice(problem, true);
      // While a screen is shared, the camera waits for the share to end.
      if (!this.#screenShare?.active) this.path()?.replaceTrack('video', media.videoTrack);
      this.sync();
    });
  }

  /** Uses another camera or microphone from now on, on every link, without renegotiating. */
  async useDevice(kind: 'audio' | 'video', deviceId: string): Promise<void> {
    const media = this.#media;
    if (!media || (kind === 'video' && this.#screenShare?.active)) return;
    const track = await media.switchDevice(kind, deviceId);
    if (track) this.path()?.replaceTrack(kind, track);
    this.sync();
  }

  /**
   * Shares the screen instead of the camera, or stops. Resolves with whether
   * sharing is on (false when the person cancels the browser's picker).
   */
  async setScreenShare(on: boolean): Promise<boolean> {
    const media = this.#media;
    const path = this.path();
    if (this.store.state.status !== 'joined' || !media || !path) return false;
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
      (track) => path.replaceTrack('video', track),
      () => {
        this.store.update({ screenSharing: false });
        this.sync();
        this.store.dispatch('screenshare-stop', {});
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
    this.store.update({ screenSharing: true });
    this.sync();
    this.store.dispatch('screenshare-start', {});
    return true;
  }

  /** Stops sharing (the others are told it stopped) and releases camera and microphone. */
  close(): void {
    this.#screenShare?.stop();
    this.#screenShare = undefined;
    this.#media?.stop();
    this.#media = undefined;
  }

  /** The camera or microphone stopped by itself: links carry the blank (or no sound), and the person is told. */
  #onDeviceLost(media: LocalMedia, kind: 'audio' | 'video'): void {
    if (this.#media !== media) return;
    if (kind === 'audio') this.path()?.replaceTrack('audio', null);
    else if (!this.#screenShare?.active) this.path()?.replaceTrack('video', media.videoTrack);
    this.sync();
    const code = kind === 'audio' ? 'microphone-lost' : 'camera-lost';
    this.store.notice(new RoomError(code, en.errors[code], false), true);
  }
}
