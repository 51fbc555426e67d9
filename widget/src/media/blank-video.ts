/** How often the blank picture is sent again: a peer's decoder that just started needs one. */
const FRAME_INTERVAL_MS = 1000;

/**
 * A tiny black picture, sent in the camera's place while it is off (or when
 * there is none): a few bytes a second, where a disabled camera would still be
 * captured, encoded and sent at full size. It keeps one frame coming each
 * second, so a peer's `<video>` loads (and plays the sound beside it) even if
 * it never sees the camera.
 */
export class BlankVideo {
  #track: MediaStreamTrack | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;

  /** Made when first asked for. */
  get track(): MediaStreamTrack {
    if (this.#track) return this.#track;
    const canvas = document.createElement('canvas');
    canvas.width = 32;
    canvas.height = 18;
    const context = canvas.getContext('2d');
    // Frame rate 0: a frame only when asked for. Chromium asks the track,
    // Firefox the stream (its tracks have no requestFrame); Chromium sends
    // nothing for a canvas left undrawn since its last frame.
    const stream = canvas.captureStream(0) as MediaStream & { requestFrame?: () => void };
    const track = stream.getVideoTracks()[0] as CanvasCaptureMediaStreamTrack;
    const requestFrame = () => {
      context?.fillRect(0, 0, canvas.width, canvas.height);
      if (track.requestFrame) track.requestFrame();
      else stream.requestFrame?.();
    };
    requestFrame();
    this.#timer = setInterval(requestFrame, FRAME_INTERVAL_MS);
    return (this.#track = track);
  }

  /** The track if it was made already (asking does not make it). */
  get made(): MediaStreamTrack | undefined {
    return this.#track;
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#track?.stop();
  }
}
