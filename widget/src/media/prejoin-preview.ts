import type { RoomError } from '../errors.js';
import { AudioLevelMeter } from './audio-level.js';
import { listDevices, NO_DEVICES, type DeviceKind, type DeviceLists } from './devices.js';
import { LocalMedia } from './local-media.js';

/**
 * Camera and microphone before joining: the preview, the microphone level,
 * the lists of devices (kept current as devices come and go) and the ones
 * picked. On join, its media is handed to the call as it is, so the camera
 * does not blink and the browser does not ask twice.
 */
export class PrejoinPreview extends EventTarget {
  media: LocalMedia | undefined;
  devices: DeviceLists = NO_DEVICES;
  /** Why there is no preview, if there is none. */
  problem: RoomError | undefined;
  /** The speaker picked for the call's sound. */
  speaker: string | undefined;
  #meter: AudioLevelMeter | undefined;
  #closed = false;
  readonly #onDeviceChange = () => void this.#refreshDevices();

  constructor(
    private readonly getUserMedia: (c: MediaStreamConstraints) => Promise<MediaStream>,
    private readonly numbered: (kind: DeviceKind, n: number) => string,
  ) {
    super();
  }

  async open(initial: { audio: boolean; video: boolean }): Promise<void> {
    const media = new LocalMedia(this.getUserMedia);
    this.problem = await media.start(initial);
    if (this.#closed) return media.stop();
    this.media = media;
    this.#meter = new AudioLevelMeter(media.stream);
    navigator.mediaDevices?.addEventListener('devicechange', this.#onDeviceChange);
    await this.#refreshDevices();
  }

  /** Microphone level, 0 to 1. */
  level(): number {
    return this.media?.isEnabled('audio') ? (this.#meter?.level() ?? 0) : 0;
  }

  /** Lets the level meter run: a page without a click yet starts audio suspended. */
  resumeAudio(): void {
    this.#meter?.resume();
  }

  async select(kind: DeviceKind, deviceId: string): Promise<void> {
    if (kind === 'audiooutput') {
      this.speaker = deviceId;
    } else if (this.media) {
      await this.media.switchDevice(kind === 'audioinput' ? 'audio' : 'video', deviceId);
      if (kind === 'audioinput') {
        this.#meter?.close();
        this.#meter = new AudioLevelMeter(this.media.stream);
      }
    }
    this.#changed();
  }

  /** Hands the camera and microphone over to the call; the preview no longer owns them. */
  take(): LocalMedia | undefined {
    const media = this.media;
    this.media = undefined;
    this.close();
    return media;
  }

  close(): void {
    this.#closed = true;
    navigator.mediaDevices?.removeEventListener('devicechange', this.#onDeviceChange);
    this.#meter?.close();
    this.#meter = undefined;
    this.media?.stop();
    this.media = undefined;
  }

  async #refreshDevices(): Promise<void> {
    this.devices = await listDevices(this.numbered);
    this.#changed();
  }

  #changed(): void {
    if (!this.#closed) this.dispatchEvent(new Event('change'));
  }
}
