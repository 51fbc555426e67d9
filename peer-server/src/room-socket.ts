import type { EventEmitter } from 'node:events';
import {
  ROOM_SOCKET,
  isValidRoomName,
  normaliseDisplayName,
  type JoinErrorCode,
  type Member,
  type PresenceEvent,
  type SocketErrorPayload,
  type SocketEventPayload,
} from '../../protocol/room-protocol.js';
import { NAME_FIXED, admit, type AdmissionOptions } from './room-admission.js';
import type { MemberSink } from './rooms.js';

/** Joins (and rejoins) one socket may ask for per minute. */
export const JOINS_PER_SOCKET_PER_MINUTE = 20;
const MINUTE_MS = 60_000;

/** The part of PeerServer's client object used here. */
interface SocketClient {
  getId(): string;
  getSocket(): { addressKey?: string } | null;
  send(data: unknown): void;
}

/**
 * One socket's membership: the room it is in (or is joining) and the sink the
 * rooms tell about the others. A server holds one per idle connected page, so
 * it is a single object with its methods on the prototype, not a set of
 * closures (measured: about 1 KB less per peer).
 */
class SocketMembership implements MemberSink {
  /**
   * The room this socket is in or is being admitted to: set by each join (so
   * an admission for any other room is stale), cleared by a leave or refusal.
   */
  room: string | undefined;
  #windowStart = 0;
  #joinsInWindow = 0;

  constructor(readonly client: SocketClient) {}

  /** Counts a join against the per-socket limit (a fixed one-minute window); false when over it. */
  allowJoin(now: number): boolean {
    if (now - this.#windowStart >= MINUTE_MS) {
      this.#windowStart = now;
      this.#joinsInWindow = 0;
    }
    if (this.#joinsInWindow >= JOINS_PER_SOCKET_PER_MINUTE) return false;
    this.#joinsInWindow++;
    return true;
  }

  /** A presence event about the room this socket is in. */
  send(event: PresenceEvent): void {
    this.client.send({ type: ROOM_SOCKET.event, payload: { ...event, room: this.room } as SocketEventPayload });
  }

  refuse(roomId: unknown, code: JoinErrorCode, message: string): void {
    this.client.send({
      type: ROOM_SOCKET.error,
      payload: { room: String(roomId).slice(0, 64), code, message } satisfies SocketErrorPayload,
    });
  }

  joined(member: Member): void {
    this.send({ type: 'join', data: member });
  }
  updated(member: Member): void {
    this.send({ type: 'update', data: member });
  }
  left(memberId: string): void {
    this.send({ type: 'leave', data: { id: memberId } });
  }
  evicted(): void {}
  shuttingDown(): void {
    this.send({ type: 'shutdown', data: {} });
  }
}

/**
 * The rooms protocol over PeerJS sockets (see `ROOM_SOCKET` in the protocol):
 * a page joins, renames and leaves with messages on the socket it already has,
 * and hears about the others on it. A socket is in one room at most; joining
 * another leaves the first. Its closing ends the membership (PeerRegistry
 * evicts the peer).
 */
export function serveRoomsOverSockets(peerServer: EventEmitter, options: AdmissionOptions): void {
  /** Each socket's membership, by client object (a reconnect is a new one). */
  const memberships = new WeakMap<SocketClient, SocketMembership>();

  peerServer.on('message', (client: SocketClient, message: { type?: unknown; payload?: unknown }) => {
    if (message.type !== ROOM_SOCKET.join && message.type !== ROOM_SOCKET.leave && message.type !== ROOM_SOCKET.profile) return;
    let own = memberships.get(client);
    if (!own) memberships.set(client, (own = new SocketMembership(client)));
    const payload = (typeof message.payload === 'object' && message.payload !== null ? message.payload : {}) as Record<
      string,
      unknown
    >;
    const roomId = payload.room;
    const refuse = (code: JoinErrorCode, text: string) => {
      options.metrics.joinRefusals.inc({ code });
      own.refuse(roomId, code, text);
    };
    if (!isValidRoomName(roomId)) return refuse('invalid-room', 'Room names are 1-64 letters, digits, ".", "_" or "-".');
    const peerId = client.getId();

    if (message.type === ROOM_SOCKET.leave) {
      if (own.room === roomId) {
        options.rooms.leave(roomId, peerId);
        own.room = undefined;
      }
      return;
    }
    if (message.type === ROOM_SOCKET.profile) {
      const outcome =
        own.room === roomId ? options.rooms.rename(roomId, peerId, normaliseDisplayName(payload.displayName)) : 'not-a-member';
      if (outcome === 'not-a-member') refuse('not-a-member', 'Only members of this room can change their name in it.');
      if (outcome === 'name-fixed') refuse('name-fixed', NAME_FIXED);
      return;
    }
    if (!own.allowJoin(Date.now()) || !options.allowJoin(client.getSocket()?.addressKey ?? 'unknown')) {
      return refuse('rate-limited', 'Too many joins: wait a minute and try again.');
    }
    // Messages can come faster than admissions end: the room being joined counts as the one it is in.
    if (own.room && own.room !== roomId) options.rooms.leave(own.room, peerId);
    own.room = roomId;
    const membership = own;
    const stillWanted = () => membership.room === roomId;
    void admit(
      options,
      {
        roomId,
        peerId,
        displayName: payload.displayName,
        roomToken: payload.roomToken,
      },
      membership,
      stillWanted,
    ).then(
      (admission) => {
        // Overtaken by a leave or by a join elsewhere: nothing to say about this one.
        if (!admission || !stillWanted()) return;
        if ('refusal' in admission) {
          membership.room = undefined;
          const { code, message: text } = admission.refusal;
          return membership.refuse(roomId, code, text);
        }
        membership.send({ type: 'welcome', data: admission.welcome });
      },
      (error: unknown) => console.error('[video-chat-server] join over the socket failed', error),
    );
  });
}
