import { RoomError } from '../errors.js';
import { en } from '../i18n/en.js';
import { BlankVideo } from './blank-video.js';

type Capture = (constraints: MediaStreamConstraints) => Promise<MediaStream>;

/**
 * The camera and microphone of this page. `stream` holds the microphone (when
 * there is one) and always one video track: the camera while it is on,
 * otherwise a blank picture. So every call has a video sender from its start,
 * and turning the camera on (or sharing the screen) needs no renegotiation.
 *
 * Turning the camera off stops it, as the big embeds do: its light goes out
 * and nothing is captured, encoded or sent but the blank. Turning it on opens
 * it again. A muted microphone stays open (disabled), so unmuting is instant.
 */
export class LocalMedia {
  /** Empty until {@link start}; then the microphone, if any, and one video track. */
  readonly stream = new MediaStream();
  readonly #blank = new BlankVideo();
  #camera: MediaStreamTrack | undefined;
  #cameraWanted = false;
  #cameraExists = false;
  /** The camera to open next: the one picked, or the one last used. */
  #cameraDevice: string | undefined;
  /** Bumped by every camera change: an opening overtaken by a later change is dropped. */
  #cameraTurn = 0;
  /**
   * Called when the camera or the microphone stops by itself (unplugged,
   * taken by another app, permission revoked): the camera is off then, with
   * the blank in its place, and the microphone gone from the stream.
   */
  onDeviceLost: ((kind: 'audio' | 'video') => void) | undefined;
  /** Muted or not: a microphone put in place of one that went away takes this. */
  #microphoneOn = true;
  /** Devices being switched: an old track that ends as the new one opens (some platforms) is not a loss. */
  readonly #switching = new Set<'audio' | 'video'>();

  constructor(
    private readonly getUserMedia: Capture = (c) => navigator.mediaDevices.getUserMedia(c),
    private readonly hasCameraDevice: () => Promise<boolean> = async () =>
      (await navigator.mediaDevices.enumerateDevices()).some((d) => d.kind === 'videoinput'),
  ) {}

  /**
   * Asks for the microphone, and the camera when it is to start on. When they
   * cannot be had the call goes on receive-only: the returned error (never
   * thrown) says why.
   */
  async start(initial: {
    audio: boolean;
    video: boolean;
    /** Devices picked before joining; others are used if these are gone. */
    devices?: SelectedDevices;
  }): Promise<RoomError | undefined> {
    this.#cameraDevice = initial.devices?.videoinput;
    if (!navigator.mediaDevices?.getUserMedia) {
      this.stream.addTrack(this.#blank.track);
      return new RoomError('no-devices', en.errors['no-devices'], false);
    }
    const audio = audioConstraints(initial.devices?.audioinput, false);
    const video = videoConstraints(this.#cameraDevice, false);
    // A machine with only a microphone (or only a camera) still joins with what it has.
    const attempts: MediaStreamConstraints[] = initial.video ? [{ audio, video }, { audio }, { video }] : [{ audio }];
    let captured: MediaStream | undefined;
    let firstError: unknown;
    for (const constraints of attempts) {
      try {
        captured = await this.getUserMedia(constraints);
        break;
      } catch (error) {
        firstError ??= error;
        if ((error as { name?: string }).name !== 'NotFoundError') break;
      }
    }
    for (const track of captured?.getAudioTracks() ?? []) this.#putMicrophone(track);
    const camera = captured?.getVideoTracks()[0];
    // The blank is only made when there is no camera to send: a canvas costs the join several milliseconds.
    if (camera) this.#putCamera(camera);
    else this.stream.addTrack(this.#blank.track);
    this.#cameraWanted = !!camera;
    // Not opened (camera off at first): whether there is one to turn on later.
    this.#cameraExists = !!camera || (!initial.video && (await this.hasCameraDevice().catch(() => false)));
    this.setMicrophone(initial.audio);
    if (!captured) return mediaError(firstError);
    return undefined;
  }

  has(kind: 'audio' | 'video'): boolean {
    return kind === 'audio' ? this.stream.getAudioTracks().length > 0 : this.#cameraExists;
  }

  /** For the camera: whether it is on, or being turned on. */
  isEnabled(kind: 'audio' | 'video'): boolean {
    return kind === 'audio' ? this.stream.getAudioTracks().some((track) => track.enabled) : this.#cameraWanted;
  }

  /** Mutes or unmutes the microphone. */
  setMicrophone(on: boolean): void {
    this.#microphoneOn = on;
    for (const track of this.stream.getAudioTracks()) track.enabled = on;
  }

  /**
   * What the calls send as video when no screen is shared: the camera, or the
   * blank picture while it is off.
   */
  get videoTrack(): MediaStreamTrack {
    return this.#camera ?? this.#blank.track;
  }

  /**
   * Turns the camera off (at once: it is stopped) or on (it is opened again).
   * {@link isEnabled} says the new state straight away; the promise settles
   * once {@link videoTrack} is what to send, with the reason the camera could
   * not be opened, if it could not (it is then off again).
   */
  async setCamera(on: boolean): Promise<RoomError | undefined> {
    const turn = ++this.#cameraTurn;
    if (!on) {
      this.#cameraWanted = false;
      this.#dropCamera();
      return undefined;
    }
    if (this.#cameraWanted) return undefined;
    this.#cameraWanted = true;
    try {
      const [camera] = (await this.getUserMedia({ video: videoConstraints(this.#cameraDevice, false) })).getVideoTracks();
      if (turn !== this.#cameraTurn) return void camera?.stop();
      if (!camera) throw Object.assign(new Error('no camera track'), { name: 'NotFoundError' });
      this.#cameraExists = true;
      this.#putCamera(camera);
      return undefined;
    } catch (error) {
      if (turn !== this.#cameraTurn) return undefined;
      this.#cameraWanted = false;
      return mediaError(error);
    }
  }

  /** The devices in use, by kind: for a camera that is off, the one it would open. */
  get devices(): SelectedDevices {
    const id = (track?: MediaStreamTrack) => track?.getSettings().deviceId;
    return { audioinput: id(this.stream.getAudioTracks()[0]), videoinput: id(this.#camera) ?? this.#cameraDevice };
  }

  /**
   * Moves to another camera or microphone: the new track takes the old one's
   * place (a microphone muted or not as it was), and is returned so that every
   * connection can send it instead (`replaceTrack`, no renegotiation). A
   * camera that is off is only remembered, for when it is turned on: nothing
   * is returned then.
   */
  async switchDevice(kind: 'audio' | 'video', deviceId: string): Promise<MediaStreamTrack | undefined> {
    if (kind === 'video' && !this.#camera) {
      this.#cameraDevice = deviceId;
      return undefined;
    }
    this.#switching.add(kind);
    try {
      return await this.#switchTo(kind, deviceId);
    } finally {
      this.#switching.delete(kind);
      // The old one ended as the new one failed to open: that one is gone after all.
      if (kind === 'video' && this.#camera?.readyState === 'ended') this.#cameraLost(this.#camera);
      const [microphone] = this.stream.getAudioTracks();
      if (kind === 'audio' && microphone?.readyState === 'ended') this.#microphoneLost(microphone);
    }
  }

  async #switchTo(kind: 'audio' | 'video', deviceId: string): Promise<MediaStreamTrack | undefined> {
    if (kind === 'video') {
      this.#cameraDevice = deviceId;
      if (!this.#camera) return undefined;
      const turn = ++this.#cameraTurn;
      const [camera] = (await this.getUserMedia({ video: videoConstraints(deviceId, true) })).getVideoTracks();
      if (turn !== this.#cameraTurn || !this.#cameraWanted) return void camera.stop();
      this.#putCamera(camera);
      return camera;
    }
    const [track] = (await this.getUserMedia({ audio: audioConstraints(deviceId, true) })).getTracks();
    const old = this.stream.getAudioTracks()[0];
    track.enabled = this.#microphoneOn;
    if (old) {
      old.stop();
      this.stream.removeTrack(old);
    }
    this.#putMicrophone(track);
    return track;
  }

  stop(): void {
    this.#cameraTurn++;
    this.#cameraWanted = false;
    this.#camera = undefined;
    for (const track of this.stream.getTracks()) {
      track.stop();
      this.stream.removeTrack(track);
    }
    this.#blank.stop();
  }

  /**
   * Puts `camera` where the camera (or the blank) was in the stream, or in
   * the empty stream as it starts, and stops any camera it replaces.
   */
  #putCamera(camera: MediaStreamTrack): void {
    const replaced = this.#camera;
    const place = replaced ?? this.#blank.made;
    this.#camera = camera;
    this.#cameraDevice = camera.getSettings().deviceId ?? this.#cameraDevice;
    if (place) this.#swapInStream(place, camera);
    else this.stream.addTrack(camera);
    replaced?.stop();
    // Stopping it ourselves fires nothing: `ended` means the device went away.
    camera.addEventListener('ended', () => {
      if (!this.#switching.has('video')) this.#cameraLost(camera);
    });
  }

  #cameraLost(camera: MediaStreamTrack): void {
    if (this.#camera !== camera) return;
    this.#cameraTurn++;
    this.#cameraWanted = false;
    this.#camera = undefined;
    this.#swapInStream(camera, this.#blank.track);
    this.onDeviceLost?.('video');
  }

  #putMicrophone(microphone: MediaStreamTrack): void {
    this.stream.addTrack(microphone);
    microphone.addEventListener('ended', () => {
      if (!this.#switching.has('audio')) this.#microphoneLost(microphone);
    });
  }

  #microphoneLost(microphone: MediaStreamTrack): void {
    if (!this.stream.getAudioTracks().includes(microphone)) return;
    this.stream.removeTrack(microphone);
    this.onDeviceLost?.('audio');
  }

  #dropCamera(): void {
    const camera = this.#camera;
    if (!camera) return;
    this.#camera = undefined;
    camera.stop();
    this.#swapInStream(camera, this.#blank.track);
  }

  /** A screen being shared holds the stream's video place: then the stream is left as it is. */
  #swapInStream(from: MediaStreamTrack, to: MediaStreamTrack): void {
    if (!this.stream.getVideoTracks().includes(from)) return;
    this.stream.removeTrack(from);
    this.stream.addTrack(to);
  }
}

export interface SelectedDevices {
  audioinput?: string;
  videoinput?: string;
}

function audioConstraints(deviceId: string | undefined, exact: boolean): MediaTrackConstraints {
  const base = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };
  return deviceId ? { ...base, deviceId: exact ? { exact: deviceId } : { ideal: deviceId } } : base;
}

function videoConstraints(deviceId: string | undefined, exact: boolean): MediaTrackConstraints {
  const base = { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } };
  return deviceId ? { ...base, deviceId: exact ? { exact: deviceId } : { ideal: deviceId } } : base;
}

function mediaError(error: unknown): RoomError {
  const name = (error as { name?: string }).name;
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return new RoomError('permission-denied', en.errors['permission-denied'], false);
  }
  if (name === 'NotReadableError' || name === 'AbortError') {
    return new RoomError('device-in-use', en.errors['device-in-use'], false);
  }
  return new RoomError('no-devices', en.errors['no-devices'], false);
}
