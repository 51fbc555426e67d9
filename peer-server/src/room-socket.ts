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
import { admit, type AdmissionOptions } from './room-admission.js';
import type { MemberSink } from './rooms.js';

/** Joins (and rejoins) one socket may ask for per minute. */
const JOINS_PER_SOCKET_PER_MINUTE = 20;

/** The part of PeerServer's client object used here. */
interface SocketClient {
  getId(): string;
  send(data: unknown): void;
}

/**
 * The rooms protocol over PeerJS sockets (see `ROOM_SOCKET` in the protocol):
 * a page joins, renames and leaves with messages on the socket it already has,
 * and hears about the others on it. A socket is in one room at most; joining
 * another leaves the first. Its closing ends the membership (PeerRegistry
 * evicts the peer).
 */
export function serveRoomsOverSockets(peerServer: EventEmitter, options: AdmissionOptions): void {
  /** Where each socket is, and its recent joins, by client object (a reconnect is a new one). */
  const state = new WeakMap<SocketClient, { roomId?: string; joins: number[] }>();

  peerServer.on('message', (client: SocketClient, message: { type?: unknown; payload?: unknown }) => {
    if (message.type !== ROOM_SOCKET.join && message.type !== ROOM_SOCKET.leave && message.type !== ROOM_SOCKET.profile) return;
    let own = state.get(client);
    if (!own) state.set(client, (own = { joins: [] }));
    const payload = (typeof message.payload === 'object' && message.payload !== null ? message.payload : {}) as Record<
      string,
      unknown
    >;
    const roomId = payload.room;
    const refuse = (code: JoinErrorCode, text: string) => {
      options.metrics.joinRefusals.inc({ code });
      client.send({
        type: ROOM_SOCKET.error,
        payload: { room: String(roomId).slice(0, 64), code, message: text } satisfies SocketErrorPayload,
      });
    };
    if (!isValidRoomName(roomId)) return refuse('invalid-room', 'Room names are 1-64 letters, digits, ".", "_" or "-".');
    const peerId = client.getId();

    if (message.type === ROOM_SOCKET.leave) {
      if (own.roomId === roomId) options.rooms.leave(roomId, peerId);
      own.roomId = undefined;
      return;
    }
    if (message.type === ROOM_SOCKET.profile) {
      if (own.roomId !== roomId || !options.rooms.rename(roomId, peerId, normaliseDisplayName(payload.displayName))) {
        refuse('not-a-member', 'Only members of this room can change their name in it.');
      }
      return;
    }
    const now = Date.now();
    own.joins = own.joins.filter((at) => now - at < 60_000);
    if (own.joins.length >= JOINS_PER_SOCKET_PER_MINUTE)
      return refuse('rate-limited', 'Too many joins: wait a minute and try again.');
    own.joins.push(now);
    if (own.roomId && own.roomId !== roomId) options.rooms.leave(own.roomId, peerId);
    const current = own;
    const send = (event: PresenceEvent) =>
      client.send({ type: ROOM_SOCKET.event, payload: { ...event, room: roomId } as SocketEventPayload });
    const sink: MemberSink = {
      joined: (member: Member) => send({ type: 'join', data: member }),
      updated: (member: Member) => send({ type: 'update', data: member }),
      left: (memberId: string) => send({ type: 'leave', data: { id: memberId } }),
      evicted: () => {},
      shuttingDown: () => send({ type: 'shutdown', data: {} }),
    };
    void admit(
      options,
      {
        roomId,
        peerId,
        displayName: payload.displayName,
        maxParticipants: payload.maxParticipants,
        roomToken: payload.roomToken,
      },
      sink,
      () => state.get(client) === current,
    ).then(
      (admission) => {
        if (!admission) return;
        if ('refusal' in admission) {
          const { code, message: text } = admission.refusal;
          return client.send({
            type: ROOM_SOCKET.error,
            payload: { room: roomId, code, message: text } satisfies SocketErrorPayload,
          });
        }
        current.roomId = roomId;
        send({ type: 'welcome', data: admission.welcome });
      },
      (error: unknown) => console.error('[video-chat-server] join over the socket failed', error),
    );
  });
}
