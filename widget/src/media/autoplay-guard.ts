/**
 * How long after a stream starts the policy is asked about sound. Asking
 * makes an AudioContext, and a page's first one holds the main thread for
 * about 50 ms (headless Chromium 156): not while a call is still connecting
 * and its first picture is on the way.
 */
export const SOUND_CHECK_DELAY_MS = 1000;

/**
 * Makes sure remote audio is heard. Browsers may refuse to start unmuted
 * playback before the person has clicked anything on the page (autoplay
 * policy); a refused `<video>` then stays paused, silently. This notices the
 * refusal so the element can offer a one-click "enable sound".
 */
export class AutoplayGuard {
  #blocked = false;
  readonly #started = new WeakMap<HTMLVideoElement, MediaProvider | null>();
  #soundCheck: ReturnType<typeof setTimeout> | undefined;

  constructor(
    /** Called when `blocked` changes, to re-render. */
    private readonly onChange: () => void,
    /** Called once when playback is first refused. */
    private readonly onBlocked: () => void,
  ) {}

  /** True while the browser holds playback back. */
  get blocked(): boolean {
    return this.#blocked;
  }

  /** Starts `video` once per stream it shows, and notes a refusal. */
  watch(video: HTMLVideoElement): void {
    if (!video.srcObject || this.#started.get(video) === video.srcObject) return;
    this.#started.set(video, video.srcObject);
    video.play().catch((error: { name?: string }) => {
      if (error.name === 'NotAllowedError') this.#block();
    });
    // A stream whose audio track arrives after its video may start playing
    // "silent" and so be let through: ask the policy about sound directly too, a little later.
    if (this.#soundCheck !== undefined) return;
    this.#soundCheck = setTimeout(() => {
      this.#soundCheck = undefined;
      if (soundNeedsAGesture()) this.#block();
    }, SOUND_CHECK_DELAY_MS);
  }

  #block(): void {
    if (this.#blocked) return;
    this.#blocked = true;
    this.onChange();
    this.onBlocked();
  }

  /** Plays every given video: call from a click, which lifts the block. */
  resume(videos: Iterable<HTMLVideoElement>): void {
    this.#blocked = false;
    for (const video of videos) void video.play().catch(() => {});
    this.onChange();
  }
}

/** Whether this page may not yet play sound: an AudioContext made now starts suspended. */
function soundNeedsAGesture(): boolean {
  if (typeof AudioContext !== 'function' || navigator.userActivation?.hasBeenActive) return false;
  const probe = new AudioContext();
  const suspended = probe.state === 'suspended';
  void probe.close();
  return suspended;
}
