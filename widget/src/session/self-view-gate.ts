import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { SessionState } from './session-state.js';

/** The longest the own picture waits for the join's calls. */
export const SELF_VIEW_WAIT_MS = 1500;

/**
 * Holds the self view back while a join's calls connect. A video player
 * started for the camera in the middle of the negotiation slows it on a busy
 * machine (about a tenth of the time to the first remote picture on two
 * cores; `bench/join-trace.mjs`), so the own picture comes once no call is
 * still connecting, or after `waitMs` ({@link SELF_VIEW_WAIT_MS}) at the latest.
 */
export class SelfViewGate implements ReactiveController {
  #open = true;
  #inCall = false;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly waitMs = SELF_VIEW_WAIT_MS,
  ) {
    host.addController(this);
  }

  /** Whether the self view may show, for the state about to be rendered. */
  allows({ status, participants }: SessionState): boolean {
    const inCall = status === 'joining' || status === 'joined';
    if (inCall !== this.#inCall) {
      this.#inCall = inCall;
      clearTimeout(this.#timer);
      this.#open = !inCall;
      if (inCall) this.#timer = setTimeout(() => this.#openNow(), this.waitMs);
    }
    if (!this.#open && status === 'joined' && !participants.some((p) => p.link === 'connecting')) {
      clearTimeout(this.#timer);
      this.#open = true;
    }
    return this.#open;
  }

  hostDisconnected(): void {
    clearTimeout(this.#timer);
    this.#open = true;
    this.#inCall = false;
  }

  #openNow(): void {
    this.#open = true;
    this.host.requestUpdate();
  }
}
