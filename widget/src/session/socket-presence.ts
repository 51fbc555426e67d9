import type { Peer } from 'peerjs';
import { ROOM_SOCKET, parsePresenceEvent, type PresenceEvent, type SocketJoinPayload } from '../../../protocol/room-protocol.js';
import { isErrorCode, RoomError } from '../errors.js';
import { en } from '../i18n/en.js';

/** How long the server has to answer a join. */
const JOIN_TIMEOUT_MS = 10_000;

/** The part of PeerJS's signaling socket used here (`peer.socket`). */
interface SignalingSocket {
  send(data: { type: string; payload: unknown }): void;
  on(event: 'message', listener: (message: { type?: unknown; payload?: unknown }) => void): unknown;
  off(event: 'message', listener: (message: { type?: unknown; payload?: unknown }) => void): unknown;
}

/**
 * One membership of a room, over the page's own PeerJS socket (see
 * `ROOM_SOCKET` in the protocol): the join, the others coming and going, a
 * rename, the leave. The socket closing ends it, as it ends the membership
 * on the server.
 */
export class SocketPresence {
  /** Resolves when the socket closes or the server says it is shutting down; never rejects. */
  readonly closed: Promise<void>;
  #ended = false;
  #end!: () => void;

  private constructor(
    private readonly peer: Peer,
    private readonly room: string,
    private readonly listener: (message: { type?: unknown; payload?: unknown }) => void,
  ) {
    this.closed = new Promise((resolve) => (this.#end = resolve));
    peer.on('disconnected', this.#onSocketGone);
    peer.on('close', this.#onSocketGone);
  }

  readonly #onSocketGone = () => this.#finish();

  /**
   * Joins `request.room`. Resolves once the server welcomed us (events, the
   * welcome first, go to `onEvent`); rejects with a {@link RoomError} carrying
   * the server's code, or `server-unreachable` when no answer comes.
   */
  static open(peer: Peer, request: SocketJoinPayload, onEvent: (event: PresenceEvent) => void): Promise<SocketPresence> {
    const socket = signalingSocket(peer);
    return new Promise((resolve, reject) => {
      let welcomed = false;
      const listener = (message: { type?: unknown; payload?: unknown }) => {
        const payload = message.payload as { room?: unknown; type?: unknown; data?: unknown; code?: unknown; message?: unknown };
        if (typeof payload !== 'object' || payload === null || payload.room !== request.room) return;
        if (message.type === ROOM_SOCKET.error && !welcomed) {
          const code = isErrorCode(payload.code) ? payload.code : 'server-unreachable';
          return fail(new RoomError(code, en.errors[code]));
        }
        if (message.type !== ROOM_SOCKET.event) return;
        const event = parsePresenceEvent(String(payload.type), JSON.stringify(payload.data));
        if (!event) return console.warn('[video-chat-room] dropped a malformed presence event', payload.type);
        if (event.type === 'welcome') {
          welcomed = true;
          clearTimeout(timer);
          resolve(presence);
        }
        if (welcomed) onEvent(event);
        if (event.type === 'shutdown') presence.close(false);
      };
      const presence = new SocketPresence(peer, request.room, listener);
      const fail = (error: RoomError) => {
        clearTimeout(timer);
        presence.close(false);
        reject(error);
      };
      const timer = setTimeout(() => fail(new RoomError('server-unreachable', en.errors['server-unreachable'])), JOIN_TIMEOUT_MS);
      socket.on('message', listener);
      void presence.closed.then(() => {
        if (!welcomed) fail(new RoomError('server-unreachable', en.errors['server-unreachable']));
      });
      socket.send({ type: ROOM_SOCKET.join, payload: request });
    });
  }

  /** Tells the room our new display name. */
  rename(displayName: string): void {
    if (!this.#ended) signalingSocket(this.peer).send({ type: ROOM_SOCKET.profile, payload: { room: this.room, displayName } });
  }

  /** Leaves the room (telling the server, unless `tell` is false) and stops listening. */
  close(tell = true): void {
    if (tell && !this.#ended) signalingSocket(this.peer).send({ type: ROOM_SOCKET.leave, payload: { room: this.room } });
    this.#finish();
  }

  #finish(): void {
    if (this.#ended) return;
    this.#ended = true;
    signalingSocket(this.peer).off('message', this.listener);
    this.peer.off('disconnected', this.#onSocketGone);
    this.peer.off('close', this.#onSocketGone);
    this.#end();
  }
}

function signalingSocket(peer: Peer): SignalingSocket {
  return (peer as unknown as { socket: SignalingSocket }).socket;
}
