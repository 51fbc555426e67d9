/**
 * Sharing the screen in place of the camera: the screen's video track takes
 * the camera track's place in the outgoing stream (so calls made later send
 * it too) and on every existing connection (through `replace`, no
 * renegotiation). Stopping, by us or by the browser's own "Stop sharing",
 * puts back what the camera sends by then (it may have been turned off or
 * on while the screen was shared).
 */
export class ScreenShare {
  #screen: MediaStreamTrack | undefined;

  constructor(
    private readonly stream: MediaStream,
    /** What to send once sharing stops: the camera, or its blank picture while it is off. */
    private readonly cameraTrack: () => MediaStreamTrack,
    private readonly getDisplayMedia: (constraints: DisplayMediaStreamOptions) => Promise<MediaStream>,
    /** Puts `track` on every connection's video sender. */
    private readonly replace: (track: MediaStreamTrack | null) => void,
    /** Told when sharing stops, whoever stopped it. */
    private readonly onStop: () => void,
  ) {}

  get active(): boolean {
    return this.#screen !== undefined;
  }

  /** Asks the person which screen to share; rejects if they cancel. */
  async start(): Promise<void> {
    if (this.#screen) return;
    const display = await this.getDisplayMedia({ video: { frameRate: { ideal: 15 } }, audio: false });
    const [screen] = display.getVideoTracks();
    // Text and slides: keep resolution, drop frames when bandwidth is short.
    screen.contentHint = 'detail';
    for (const track of this.stream.getVideoTracks()) this.stream.removeTrack(track);
    this.stream.addTrack(screen);
    this.#screen = screen;
    screen.addEventListener('ended', () => this.stop());
    this.replace(screen);
  }

  stop(): void {
    const screen = this.#screen;
    if (!screen) return;
    this.#screen = undefined;
    screen.stop();
    this.stream.removeTrack(screen);
    const camera = this.cameraTrack();
    this.stream.addTrack(camera);
    this.replace(camera);
    this.onStop();
  }
}
