/**
 * Sharing the screen in place of the camera: the screen's video track takes
 * the camera track's place in the outgoing stream (so calls made later send
 * it too) and on every existing connection (through `replace`, no
 * renegotiation). Stopping, by us or by the browser's own "Stop sharing",
 * puts the camera back.
 */
export class ScreenShare {
  #camera: MediaStreamTrack | undefined;
  #screen: MediaStreamTrack | undefined;

  constructor(
    private readonly stream: MediaStream,
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
    this.#camera = this.stream.getVideoTracks()[0];
    if (this.#camera) this.stream.removeTrack(this.#camera);
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
    if (this.#camera) this.stream.addTrack(this.#camera);
    this.replace(this.#camera ?? null);
    this.#camera = undefined;
    this.onStop();
  }
}
