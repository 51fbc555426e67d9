import type { ReactiveController, ReactiveControllerHost, TemplateResult } from 'lit';
import type { RoomError } from '../errors.js';
import type { DeviceKind } from '../media/devices.js';
import type { LocalMedia } from '../media/local-media.js';
import type { PrejoinPreview } from '../media/prejoin-preview.js';

/** What the prejoin step's code (a chunk of its own) must give: the preview. Its templates are the host's business. */
export interface PrejoinStepCode {
  PrejoinPreview: typeof PrejoinPreview;
}

export interface PrejoinOptions<Step extends PrejoinStepCode> {
  /** Loads the step's code (and adds its styles to the host). */
  load(): Promise<Step>;
  /** A device's label when the browser gives none ("Camera 2"). */
  numberedDevice(kind: DeviceKind, n: number): string;
  /** The microphone level meter's bar, if rendered. */
  levelBar(): HTMLElement | null;
  /** Whether the step is due to open by itself (configured, not yet in a call), with the camera and microphone to start. */
  due(): { audio: boolean; video: boolean } | undefined;
}

/** How often the level meter moves. */
const LEVEL_INTERVAL_MS = 100;

/**
 * The prejoin step of the element: loads its code and opens the preview when
 * due, moves the microphone level meter while it shows, keeps it while the
 * element is merely moved, closes it when the element leaves the page, and
 * hands its media to the call on join. The host renders it with its own
 * template (as `@lit/task`'s `render` does).
 */
export class PrejoinController<Step extends PrejoinStepCode> implements ReactiveController {
  preview: PrejoinPreview | undefined;
  #step: Step | undefined;
  /** Set while the step's code loads; a close or a join meanwhile cancels the opening. */
  #opening: object | undefined;
  #closeTimer: ReturnType<typeof setTimeout> | undefined;
  #levelTimer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: PrejoinOptions<Step>,
  ) {
    host.addController(this);
  }

  /** Whether the step is open or opening (its code still loading). */
  get active(): boolean {
    return !!this.preview || !!this.#opening;
  }

  open(initial: { audio: boolean; video: boolean }): void {
    if (this.active) return;
    const opening = (this.#opening = {});
    void this.options.load().then(
      (step) => {
        if (this.#opening !== opening) return;
        this.#opening = undefined;
        this.#step = step;
        const preview = (this.preview = new step.PrejoinPreview(
          (c) => navigator.mediaDevices.getUserMedia(c),
          (kind, n) => this.options.numberedDevice(kind, n),
        ));
        preview.addEventListener('change', () => this.host.requestUpdate());
        void preview.open(initial).finally(() => this.host.requestUpdate());
        this.host.requestUpdate();
      },
      (error: unknown) => {
        if (this.#opening === opening) this.#opening = undefined;
        console.warn('[video-chat-room] the prejoin step could not load', error);
        this.host.requestUpdate();
      },
    );
  }

  /** The step, rendered by the host's `template`, once its code has loaded and the preview is open. */
  render(template: (step: Step, preview: PrejoinPreview) => TemplateResult): TemplateResult | undefined {
    return this.preview && this.#step ? template(this.#step, this.preview) : undefined;
  }

  /** The preview's camera and microphone for the call, and the speaker picked, if there was a preview. */
  take(): { media: LocalMedia; problem?: RoomError; speaker?: string } | undefined {
    const preview = this.preview;
    this.preview = undefined;
    this.#opening = undefined;
    const problem = preview?.problem;
    const speaker = preview?.speaker;
    const media = preview?.take();
    return media ? { media, problem, speaker } : undefined;
  }

  close(): void {
    this.#opening = undefined;
    this.preview?.close();
    this.preview = undefined;
    this.host.requestUpdate();
  }

  hostConnected(): void {
    clearTimeout(this.#closeTimer);
    this.#closeTimer = undefined;
  }

  hostUpdated(): void {
    // The step opens by itself when the element is on the page and the host says it is due.
    const initial = this.host.isConnected && !this.active ? this.options.due() : undefined;
    if (initial) this.open(initial);
    this.#animateLevel(!!this.preview);
  }

  hostDisconnected(): void {
    this.#animateLevel(false);
    // A move (removed and re-inserted in one task) keeps the preview; leaving the page ends it.
    this.#closeTimer = setTimeout(() => this.close());
  }

  #animateLevel(on: boolean): void {
    if (!on) {
      clearInterval(this.#levelTimer);
      this.#levelTimer = undefined;
      return;
    }
    this.#levelTimer ??= setInterval(() => {
      const bar = this.options.levelBar();
      const level = Math.round((this.preview?.level() ?? 0) * 100);
      bar?.style.setProperty('inline-size', `${level}%`);
      bar?.parentElement?.setAttribute('aria-valuenow', String(level));
    }, LEVEL_INTERVAL_MS);
  }
}
