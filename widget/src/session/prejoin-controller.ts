import type { ReactiveController, ReactiveControllerHost, TemplateResult } from 'lit';
import type { RoomError } from '../errors.js';
import type { Strings } from '../i18n/en.js';
import type { LocalMedia } from '../media/local-media.js';
import type { PrejoinPreview } from '../media/prejoin-preview.js';
import type { PrejoinPanelProps } from '../views/prejoin-panel.js';
import { adoptStyles } from '../views/adopt-styles.js';

type PrejoinStep = typeof import('../views/prejoin-step.js');

/**
 * The prejoin step of the element: loads its code and opens the preview when
 * asked, keeps it while the element is merely moved, closes it when the
 * element leaves the page, and hands its media to the call on join.
 */
export class PrejoinController implements ReactiveController {
  preview: PrejoinPreview | undefined;
  #step: PrejoinStep | undefined;
  /** Set while the step's code loads; a close or a join meanwhile cancels the opening. */
  #opening: object | undefined;
  #closeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly strings: () => Strings,
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
    void import('../views/prejoin-step.js').then(
      (step) => {
        if (this.#opening !== opening) return;
        this.#opening = undefined;
        this.#step = step;
        adoptStyles(this.host.shadowRoot, step.styles);
        const preview = (this.preview = new step.PrejoinPreview(
          (c) => navigator.mediaDevices.getUserMedia(c),
          (kind, n) => this.strings().numberedDevice(kind, n),
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

  /** The step's panel, once its code has loaded and the preview is open. */
  render(props: Omit<PrejoinPanelProps, 'preview'>): TemplateResult | undefined {
    return this.preview && this.#step ? this.#step.prejoinPanel({ ...props, preview: this.preview }) : undefined;
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

  hostDisconnected(): void {
    // A move (removed and re-inserted in one task) keeps the preview; leaving the page ends it.
    this.#closeTimer = setTimeout(() => this.close());
  }
}
