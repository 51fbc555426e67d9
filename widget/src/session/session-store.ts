import type { RoomError } from '../errors.js';
import { INITIAL_STATE, type Participant, type RoomSessionEventMap, type SessionState } from './session-state.js';

/** How long an answer to a person's action (message too long, file too large) stays on screen. */
const NOTICE_SHOWN_MS = 8_000;

export type SessionEventName = Exclude<keyof RoomSessionEventMap, 'change'>;

/**
 * The only writer of a session's {@link SessionState}: every part of the
 * session changes state through it, and it tells the session's listeners
 * (`change` for state, the public events by name). State is one immutable
 * snapshot, replaced at each change.
 */
export class SessionStore {
  #state: SessionState = INITIAL_STATE;

  /** `target` is the session: its listeners hear every change and event. */
  constructor(private readonly target: EventTarget) {}

  get state(): SessionState {
    return this.#state;
  }

  update(patch: Partial<SessionState>): void {
    this.#state = { ...this.#state, ...patch };
    this.target.dispatchEvent(new Event('change'));
  }

  dispatch<K extends SessionEventName>(name: K, detail: RoomSessionEventMap[K]['detail']): void {
    this.target.dispatchEvent(new CustomEvent(name, { detail }));
  }

  participant(peerId: string): Participant | undefined {
    return this.#state.participants.find((p) => p.id === peerId);
  }

  updateParticipant(peerId: string, patch: Partial<Participant>): void {
    this.update({ participants: this.#state.participants.map((p) => (p.id === peerId ? { ...p, ...patch } : p)) });
  }

  /** A problem the call goes on through; `repeat` reports it again if already shown (answers to a person's action). */
  notice(error: RoomError, repeat = false): void {
    if (!repeat && this.#state.notices.some((n) => n.message === error.message)) return;
    this.update({ notices: [...this.#state.notices.filter((n) => n.message !== error.message), error] });
    this.dispatch('error', { code: error.code, message: error.message, fatal: false });
    // An answer to something the person just did is read, then gets out of the way.
    if (repeat) setTimeout(() => this.update({ notices: this.#state.notices.filter((n) => n !== error) }), NOTICE_SHOWN_MS);
  }

  /** The problem with `code` is over (the network or the server is back). */
  clearNotice(code: RoomError['code']): void {
    this.update({ notices: this.#state.notices.filter((n) => n.code !== code) });
  }

  /** The visit ended in `error`. */
  fail(error: RoomError): void {
    this.update({ status: 'error', error });
    this.dispatch('error', { code: error.code, message: error.message, fatal: true });
  }
}
