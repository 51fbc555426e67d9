import { RoomError } from '../errors.js';
import { en } from '../i18n/en.js';

/**
 * The camera and microphone of this page. The stream keeps both tracks for the
 * whole call; muting disables a track instead of removing it, so peers need no
 * renegotiation and turning it back on is instant.
 */
export class LocalMedia {
  /** Empty until {@link start}; stays empty for a receive-only participant. */
  readonly stream = new MediaStream();

  constructor(private readonly getUserMedia = (c: MediaStreamConstraints) => navigator.mediaDevices.getUserMedia(c)) {}

  /**
   * Asks for camera and microphone. When they cannot be had the call goes on
   * receive-only: the returned error (never thrown) says why.
   */
  async start(initial: {
    audio: boolean;
    video: boolean;
    /** Devices picked before joining; others are used if these are gone. */
    devices?: SelectedDevices;
  }): Promise<RoomError | undefined> {
    if (!navigator.mediaDevices?.getUserMedia) return new RoomError('no-devices', en.errors['no-devices'], false);
    const audio = audioConstraints(initial.devices?.audioinput, false);
    const video = videoConstraints(initial.devices?.videoinput, false);
    // A machine with only a microphone (or only a camera) still joins with what it has.
    const attempts: MediaStreamConstraints[] = [{ audio, video }, { audio }, { video }];
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
    if (!captured) return mediaError(firstError);
    for (const track of captured.getTracks()) this.stream.addTrack(track);
    this.setEnabled('audio', initial.audio);
    this.setEnabled('video', initial.video);
    return undefined;
  }

  has(kind: 'audio' | 'video'): boolean {
    return this.#tracks(kind).length > 0;
  }

  isEnabled(kind: 'audio' | 'video'): boolean {
    return this.#tracks(kind).some((track) => track.enabled);
  }

  setEnabled(kind: 'audio' | 'video', on: boolean): void {
    for (const track of this.#tracks(kind)) track.enabled = on;
  }

  /** The devices in use, by kind. */
  get devices(): SelectedDevices {
    const id = (track?: MediaStreamTrack) => track?.getSettings().deviceId;
    return { audioinput: id(this.#tracks('audio')[0]), videoinput: id(this.#tracks('video')[0]) };
  }

  /**
   * Moves to another camera or microphone: the new track takes the old one's
   * place in the stream, muted or not as it was, and is returned so that
   * every connection can send it instead (`replaceTrack`, no renegotiation).
   */
  async switchDevice(kind: 'audio' | 'video', deviceId: string): Promise<MediaStreamTrack> {
    const constraints: MediaStreamConstraints =
      kind === 'audio' ? { audio: audioConstraints(deviceId, true) } : { video: videoConstraints(deviceId, true) };
    const [track] = (await this.getUserMedia(constraints)).getTracks();
    const old = this.#tracks(kind)[0];
    track.enabled = old ? old.enabled : true;
    if (old) {
      old.stop();
      this.stream.removeTrack(old);
    }
    this.stream.addTrack(track);
    return track;
  }

  stop(): void {
    for (const track of this.stream.getTracks()) {
      track.stop();
      this.stream.removeTrack(track);
    }
  }

  #tracks(kind: 'audio' | 'video'): MediaStreamTrack[] {
    return kind === 'audio' ? this.stream.getAudioTracks() : this.stream.getVideoTracks();
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
