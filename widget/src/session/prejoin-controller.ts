import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { RoomError } from '../errors.js';
import type { Strings } from '../i18n/en.js';
import type { LocalMedia } from '../media/local-media.js';
import { PrejoinPreview } from '../media/prejoin-preview.js';

/**
 * The prejoin step of the element: opens the preview when asked, keeps it
 * while the element is merely moved, closes it when the element leaves the
 * page, and hands its media to the call on join.
 */
export class PrejoinController implements ReactiveController {
  preview: PrejoinPreview | undefined;
  #closeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly strings: () => Strings,
  ) {
    host.addController(this);
  }

  open(initial: { audio: boolean; video: boolean }): void {
    if (this.preview) return;
    const preview = (this.preview = new PrejoinPreview(
      (c) => navigator.mediaDevices.getUserMedia(c),
      (kind, n) => this.strings().numberedDevice(kind, n),
    ));
    preview.addEventListener('change', () => this.host.requestUpdate());
    void preview.open(initial).finally(() => this.host.requestUpdate());
  }

  /** The preview's camera and microphone for the call, and the speaker picked, if there was a preview. */
  take(): { media: LocalMedia; problem?: RoomError; speaker?: string } | undefined {
    const preview = this.preview;
    this.preview = undefined;
    const problem = preview?.problem;
    const speaker = preview?.speaker;
    const media = preview?.take();
    return media ? { media, problem, speaker } : undefined;
  }

  close(): void {
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
