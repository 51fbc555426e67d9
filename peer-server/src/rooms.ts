import type { Member } from '../../protocol/room-protocol.js';

/** What the rooms tell a member about the others. */
export interface MemberSink {
  joined(member: Member): void;
  updated(member: Member): void;
  left(memberId: string): void;
  /** The server ended this membership (the peer's socket went away). */
  evicted(): void;
  /** The server is shutting down. */
  shuttingDown(): void;
}

interface Room {
  cap: number;
  members: Map<string, { member: Member; sink: MemberSink; nameFixed: boolean }>;
}

/** What the site's room token says about a join. */
export interface JoinTerms {
  /** The site's cap for the room (lower than the server's to count). */
  cap?: number;
  /** The name came from the token: the member cannot change it. */
  nameFixed?: boolean;
}

export type JoinResult = { ok: true; members: Member[]; cap: number } | { ok: false; code: 'room-full'; cap: number };

/**
 * Room membership: who is in which room, the cap of each room, and telling the
 * other members when someone comes or goes. Rooms exist only while they have
 * members, and nothing here can list them.
 */
export class Rooms {
  readonly #rooms = new Map<string, Room>();
  /** The rooms each peer is in, for asking whether two peers share one without walking every room. */
  readonly #roomsOf = new Map<string, Set<string>>();
  readonly #maxRoomSize: number;

  constructor(options: { maxRoomSize: number }) {
    this.#maxRoomSize = options.maxRoomSize;
  }

  /**
   * Adds `member` to `roomId` unless it is full. The room's cap is the server's,
   * or lower where the token of its first member said so; a later joiner whose
   * token says fewer than are already there is refused too.
   */
  join(roomId: string, member: Member, sink: MemberSink, terms: JoinTerms = {}): JoinResult {
    const wanted = clampCap(terms.cap, this.#maxRoomSize);
    // The same peer joining again (a reconnect) replaces its old membership.
    if (this.#rooms.get(roomId)?.members.has(member.id)) this.leave(roomId, member.id);
    let room = this.#rooms.get(roomId);
    if (!room) {
      room = { cap: wanted, members: new Map() };
      this.#rooms.set(roomId, room);
    }
    const cap = Math.min(room.cap, wanted);
    if (room.members.size >= cap) return { ok: false, code: 'room-full', cap };
    const others = [...room.members.values()];
    room.members.set(member.id, { member, sink, nameFixed: terms.nameFixed ?? false });
    let joined = this.#roomsOf.get(member.id);
    if (!joined) this.#roomsOf.set(member.id, (joined = new Set()));
    joined.add(roomId);
    for (const other of others) other.sink.joined(member);
    return { ok: true, members: others.map((o) => o.member), cap: room.cap };
  }

  /** Removes a member; returns whether it was there. */
  leave(roomId: string, memberId: string): boolean {
    const room = this.#rooms.get(roomId);
    if (!room?.members.delete(memberId)) return false;
    const joined = this.#roomsOf.get(memberId);
    joined?.delete(roomId);
    if (joined?.size === 0) this.#roomsOf.delete(memberId);
    if (room.members.size === 0) {
      this.#rooms.delete(roomId);
    } else {
      for (const other of room.members.values()) other.sink.left(memberId);
    }
    return true;
  }

  /** Ends every membership of a peer whose PeerJS socket is gone. */
  evictPeer(peerId: string): void {
    for (const roomId of [...(this.#roomsOf.get(peerId) ?? [])]) {
      const entry = this.#rooms.get(roomId)?.members.get(peerId);
      if (!entry) continue;
      this.leave(roomId, peerId);
      entry.sink.evicted();
    }
  }

  /** Whether two peers are members of one room (the rule for relaying signaling between them). */
  shareARoom(a: string, b: string): boolean {
    const ofA = this.#roomsOf.get(a);
    if (!ofA) return false;
    for (const roomId of ofA) if (this.#rooms.get(roomId)?.members.has(b)) return true;
    return false;
  }

  /** Changes a member's display name and tells the others; says why not when it cannot. */
  rename(roomId: string, peerId: string, displayName: string): 'renamed' | 'not-a-member' | 'name-fixed' {
    const room = this.#rooms.get(roomId);
    const entry = room?.members.get(peerId);
    if (!room || !entry) return 'not-a-member';
    if (entry.nameFixed) return 'name-fixed';
    entry.member = { ...entry.member, displayName };
    for (const [id, other] of room.members) if (id !== peerId) other.sink.updated(entry.member);
    return 'renamed';
  }

  isMember(roomId: string, peerId: string): boolean {
    return this.#rooms.get(roomId)?.members.has(peerId) ?? false;
  }

  /** Tells every member the server is going away, and empties all rooms. */
  shutDown(): void {
    const sinks = [...this.#rooms.values()].flatMap((room) => [...room.members.values()].map((entry) => entry.sink));
    this.#rooms.clear();
    this.#roomsOf.clear();
    for (const sink of sinks) sink.shuttingDown();
  }

  /** Members in all rooms together. */
  get memberTotal(): number {
    let total = 0;
    for (const room of this.#rooms.values()) total += room.members.size;
    return total;
  }

  memberCount(roomId: string): number {
    return this.#rooms.get(roomId)?.members.size ?? 0;
  }

  get roomCount(): number {
    return this.#rooms.size;
  }
}

function clampCap(requested: number | undefined, serverCap: number): number {
  if (requested === undefined || !Number.isInteger(requested) || requested < 2) return serverCap;
  return Math.min(requested, serverCap);
}
