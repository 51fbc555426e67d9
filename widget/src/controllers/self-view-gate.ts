import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { SessionState } from '../session/session-state.js';

/** The longest the own picture waits for the join's calls. */
export const SELF_VIEW_WAIT_MS = 1500;
/** How long after the calls connect: the first remote picture still needs DTLS and a key frame. */
export const SELF_VIEW_AFTER_CALLS_MS = 400;

/**
 * Holds the self view back while a join's calls connect. A video player
 * started for the camera in the middle of the negotiation, or just as the
 * first remote picture comes, slows it on a busy machine (about a tenth of the
 * time to the first remote picture on two cores; `bench/compare-builds.mjs`),
 * so the own picture comes `afterCallsMs` after no call is still connecting,
 * or `waitMs` after the stage first showed at the latest (at once with nobody
 * to call). The stage itself waits for the join's offers (`placingCalls`).
 */
export class SelfViewGate implements ReactiveController {
  #open = true;
  #inCall = false;
  #callsUp = false;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly waitMs = SELF_VIEW_WAIT_MS,
    private readonly afterCallsMs = SELF_VIEW_AFTER_CALLS_MS,
  ) {
    host.addController(this);
  }

  /** Whether the self view may show, for the state about to be rendered. */
  allows({ status, participants }: SessionState): boolean {
    const inCall = status === 'joining' || status === 'joined';
    if (inCall !== this.#inCall) {
      this.#inCall = inCall;
      this.#callsUp = false;
      clearTimeout(this.#timer);
      this.#open = !inCall;
      if (inCall) this.#timer = setTimeout(() => this.#openNow(), this.waitMs);
    }
    if (!this.#open && !this.#callsUp && status === 'joined' && !participants.some((p) => p.link === 'connecting')) {
      this.#callsUp = true;
      clearTimeout(this.#timer);
      if (participants.length) this.#timer = setTimeout(() => this.#openNow(), this.afterCallsMs);
      else this.#open = true;
    }
    return this.#open;
  }

  /** Whether the self view shows (in a call, the join has settled), as of the last render. */
  get open(): boolean {
    return this.#open;
  }

  /** Moved or removed: no timer left behind, and a call carried over shows its self view at once. */
  hostDisconnected(): void {
    clearTimeout(this.#timer);
    this.#open = true;
  }

  #openNow(): void {
    this.#open = true;
    this.host.requestUpdate();
  }
}
