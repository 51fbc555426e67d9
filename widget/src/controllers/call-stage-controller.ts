import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** A stage whose code could not load tries again after this. */
const RETRY_MS = 2_000;

/**
 * The call's stage and call controls, whose code (a chunk of its own) loads
 * once the element has joined: the join's calls go out meanwhile, and the
 * stage waits for them anyway. A failed load (offline just then) is tried
 * again a little later.
 */
export class CallStageController<Code> implements ReactiveController {
  #code: Code | undefined;
  #loading: Promise<void> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: {
      /** Loads the stage's code (and adds its styles to the host). */
      load(): Promise<Code>;
      /** Whether the element is in a call, so the code is due. */
      due(): boolean;
    },
  ) {
    host.addController(this);
  }

  /** The stage, rendered by the host's `template`, once its code has loaded. */
  render<T>(template: (code: Code) => T): T | undefined {
    return this.#code ? template(this.#code) : undefined;
  }

  hostUpdated(): void {
    if (this.#code || this.#loading || !this.options.due()) return;
    this.#loading = this.options.load().then(
      (code) => {
        this.#code = code;
        this.host.requestUpdate();
      },
      (error: unknown) => {
        console.warn('[video-chat-room] the call stage could not load', error);
        this.#loading = undefined;
        setTimeout(() => this.host.requestUpdate(), RETRY_MS);
      },
    );
  }
}
