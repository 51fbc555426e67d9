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
  members: Map<string, { member: Member; sink: MemberSink }>;
}

export type JoinResult = { ok: true; members: Member[]; cap: number } | { ok: false; code: 'room-full'; cap: number };

/**
 * Room membership: who is in which room, the cap of each room, and telling the
 * other members when someone comes or goes. Rooms exist only while they have
 * members, and nothing here can list them.
 */
export class Rooms {
  readonly #rooms = new Map<string, Room>();
  readonly #maxRoomSize: number;

  constructor(options: { maxRoomSize: number }) {
    this.#maxRoomSize = options.maxRoomSize;
  }

  /**
   * Adds `member` to `roomId` unless it is full. The room's cap is the lowest of
   * the server's cap and what its first member asked for; a later joiner asking
   * for fewer people than are already there is refused too.
   */
  join(roomId: string, member: Member, sink: MemberSink, requestedCap?: number): JoinResult {
    const wanted = clampCap(requestedCap, this.#maxRoomSize);
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
    room.members.set(member.id, { member, sink });
    for (const other of others) other.sink.joined(member);
    return { ok: true, members: others.map((o) => o.member), cap: room.cap };
  }

  /** Removes a member; returns whether it was there. */
  leave(roomId: string, memberId: string): boolean {
    const room = this.#rooms.get(roomId);
    if (!room?.members.delete(memberId)) return false;
    if (room.members.size === 0) {
      this.#rooms.delete(roomId);
    } else {
      for (const other of room.members.values()) other.sink.left(memberId);
    }
    return true;
  }

  /** Ends every membership of a peer whose PeerJS socket is gone. */
  evictPeer(peerId: string): void {
    for (const [roomId, room] of [...this.#rooms]) {
      const entry = room.members.get(peerId);
      if (!entry) continue;
      this.leave(roomId, peerId);
      entry.sink.evicted();
    }
  }

  /** Changes a member's display name and tells the others; false when not a member. */
  rename(roomId: string, peerId: string, displayName: string): boolean {
    const room = this.#rooms.get(roomId);
    const entry = room?.members.get(peerId);
    if (!room || !entry) return false;
    entry.member = { ...entry.member, displayName };
    for (const [id, other] of room.members) if (id !== peerId) other.sink.updated(entry.member);
    return true;
  }

  isMember(roomId: string, peerId: string): boolean {
    return this.#rooms.get(roomId)?.members.has(peerId) ?? false;
  }

  /** Tells every member the server is going away, and empties all rooms. */
  shutDown(): void {
    const sinks = [...this.#rooms.values()].flatMap((room) => [...room.members.values()].map((entry) => entry.sink));
    this.#rooms.clear();
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
