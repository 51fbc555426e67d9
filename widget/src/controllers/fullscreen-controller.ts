import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Full screen for the whole element (its button and `toggleFullscreen()`),
 * and for one remote tile or its video (picture-in-picture), with a re-render
 * whenever the page enters or leaves full screen.
 */
export class FullscreenController implements ReactiveController {
  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  /** Whether the element itself is full screen. */
  get on(): boolean {
    return document.fullscreenElement === this.host;
  }

  /** Shows the element full screen, or leaves full screen; without an argument, flips. Resolves with the new state. */
  async toggle(on?: boolean): Promise<boolean> {
    const next = on ?? !this.on;
    if (next && !this.on) await this.host.requestFullscreen();
    if (!next && this.on) await document.exitFullscreen();
    this.host.requestUpdate();
    return this.on;
  }

  /** A remote tile's own buttons. */
  readonly tileActions = {
    fullscreen: (tile: HTMLElement) => {
      if (document.fullscreenElement === tile) void document.exitFullscreen();
      else void tile.requestFullscreen().catch(() => {});
    },
    pictureInPicture: (video: HTMLVideoElement) => {
      if (document.pictureInPictureElement === video) void document.exitPictureInPicture();
      else void video.requestPictureInPicture().catch(() => {});
    },
  };

  hostConnected(): void {
    document.addEventListener('fullscreenchange', this.#onChange);
  }

  hostDisconnected(): void {
    document.removeEventListener('fullscreenchange', this.#onChange);
  }

  readonly #onChange = () => this.host.requestUpdate();
}
