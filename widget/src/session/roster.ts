import type { Member, PresenceEvent, WelcomeEvent } from '../../../protocol/room-protocol.js';
import { RoomError } from '../errors.js';
import { en } from '../i18n/en.js';
import type { LinkState, MediaPath } from './media-path.js';
import type { SessionStore } from './session-store.js';

/** After rejoining, how long others have to rejoin too before a silent one is taken as gone. */
const REJOIN_GRACE_MS = 10_000;

/**
 * Who else is in the room, from the server's presence events: participants
 * come, are renamed and go, and the media path is told. After the server was
 * lost and regained, a participant who does not reappear within a grace
 * period, and has no live link, is taken as gone.
 */
export class Roster {
  /** Members the server has shown since we rejoined it. */
  #seenSinceRejoin: Set<string> | undefined;
  #graceTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly store: SessionStore,
    /** The visit's media path, while there is one. */
    private readonly path: () => MediaPath | undefined,
    private readonly graceMs = REJOIN_GRACE_MS,
  ) {}

  /** Presence events after the welcome: someone came, changed their name, or went. */
  onPresence(event: Exclude<PresenceEvent, { type: 'welcome' | 'shutdown' }>): void {
    if (event.type === 'join') {
      if (event.data.id === this.store.state.self?.id) return;
      this.#seenSinceRejoin?.add(event.data.id);
      this.add(event.data);
      this.path()?.expect(event.data.id);
      return;
    }
    if (event.type === 'update') return this.store.updateParticipant(event.data.id, { displayName: event.data.displayName });
    this.remove(event.data.id);
  }

  /** Participants who arrive before we are joined are announced together with our own `join`. */
  add(member: Member): void {
    const { state } = this.store;
    if (state.participants.some((p) => p.id === member.id)) return;
    this.store.update({ participants: [...state.participants, { ...member, link: 'connecting' }] });
    if (this.store.state.status === 'joined') {
      this.store.dispatch('participant-join', { id: member.id, displayName: member.displayName });
    }
  }

  remove(peerId: string): void {
    const gone = this.store.participant(peerId);
    this.path()?.drop(peerId);
    if (!gone) return;
    this.store.update({ participants: this.store.state.participants.filter((p) => p.id !== peerId) });
    if (this.store.state.status === 'joined')
      this.store.dispatch('participant-leave', { id: gone.id, displayName: gone.displayName });
  }

  /**
   * Back in the room after losing the server. Links that kept going stay; a
   * member without one is linked again; whoever does not reappear within
   * a grace period and has no live link is gone.
   */
  rejoined(welcome: WelcomeEvent): void {
    for (const member of welcome.members) this.add(member);
    // Like a newcomer, the one who rejoins calls: the others may have dropped us meanwhile.
    this.path()?.join(welcome.members.map((m) => m.id));
    const present = new Set(welcome.members.map((m) => m.id));
    this.#seenSinceRejoin = present;
    clearTimeout(this.#graceTimer);
    this.#graceTimer = setTimeout(() => {
      if (this.#seenSinceRejoin !== present) return;
      for (const p of this.store.state.participants) if (!present.has(p.id) && p.link !== 'connected') this.remove(p.id);
    }, this.graceMs);
  }

  /** The media path's word on a participant's link. */
  setLink(peerId: string, link: LinkState): void {
    const before = this.store.participant(peerId);
    if (!before) return;
    this.store.updateParticipant(peerId, link === 'closed' ? { link, stream: undefined } : { link });
    if (link === 'failed' && before.link !== 'failed') {
      this.store.notice(
        new RoomError('connection-failed', `${en.errors['connection-failed']} (${before.displayName || en.guest})`, false),
      );
    }
  }

  setStream(peerId: string, stream: MediaStream): void {
    this.store.updateParticipant(peerId, { stream });
  }

  /** The ids of those not linked right now. */
  unlinked(): string[] {
    return this.store.state.participants.filter((p) => p.link !== 'connected').map((p) => p.id);
  }

  close(): void {
    clearTimeout(this.#graceTimer);
    this.#seenSinceRejoin = undefined;
  }
}
