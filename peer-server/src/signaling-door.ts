import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type ServerOptions as WsServerOptions } from 'ws';
import { PEER_ID_PATTERN, PEER_PING_INTERVAL_MS } from '../../protocol/room-protocol.js';
import { addressKey, clientAddress, type AddressLimits } from './address-limits.js';
import type { SignalingSocket } from './signaling-budget.js';

/**
 * A socket that sent something this recently is still connected: a page
 * heartbeats every second, so five missed beats mean a connection that died
 * without closing (a network change), which its page's reconnect ends.
 */
export const STILL_CONNECTED_MS = PEER_PING_INTERVAL_MS * 5;

export interface SignalingDoorOptions {
  isOriginAllowed: (origin: string | undefined) => boolean;
  /** Most signaling sockets open at once. */
  concurrentLimit: number;
  limits: AddressLimits;
  trustProxy: boolean;
  /** Counted when a socket is refused at the door (bad id, id taken). */
  onRefused: () => void;
}

/**
 * Who may open a signaling socket. At the HTTP upgrade: an allowed origin
 * (browsers send Origin on WebSocket upgrades, and CORS does not cover them),
 * room under the server's socket cap (PeerServer counts the ids it knows, not
 * open sockets), and under its address's share of sockets. Once upgraded,
 * before PeerServer hears of it: an id of the rooms API's pattern, and not an
 * id whose socket is still open, whatever token comes with it (a token read
 * from a log must not take a live page's place).
 */
export class SignalingDoor {
  readonly #byId = new Map<string, SignalingSocket>();
  readonly #options: SignalingDoorOptions;
  #server: WebSocketServer | undefined;

  constructor(options: SignalingDoorOptions) {
    this.#options = options;
  }

  /** Refuses upgrades before ws does any work for them; call on the HTTP server before PeerServer is mounted. */
  guard(httpServer: http.Server): void {
    httpServer.prependListener('upgrade', (req: http.IncomingMessage, socket: Duplex) => {
      const key = addressKey(clientAddress(req, this.#options.trustProxy));
      const refusal = !this.#options.isOriginAllowed(req.headers.origin)
        ? '403 Forbidden'
        : this.openSockets >= this.#options.concurrentLimit
          ? '503 Service Unavailable'
          : !this.#options.limits.openSocket(key)
            ? '429 Too Many Requests'
            : undefined;
      if (refusal) {
        socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\n\r\n`);
        socket.destroy();
        return;
      }
      // The TCP connection's end is the socket's end, however the WebSocket closed (or never opened).
      socket.once('close', () => this.#options.limits.closeSocket(key));
      (req as { addressKey?: string }).addressKey = key;
    });
  }

  /** ws's server for PeerServer (its `createWebSocketServer`), admitting each socket through this door. */
  createServer(wsOptions: WsServerOptions): WebSocketServer {
    const admit = (socket: SignalingSocket, req: http.IncomingMessage) => this.#admit(socket, req);
    this.#server = new (class extends WebSocketServer {
      override emit(event: string | symbol, ...args: unknown[]): boolean {
        if (event === 'connection' && !admit(args[0] as SignalingSocket, args[1] as http.IncomingMessage)) return false;
        return super.emit(event, ...args);
      }
    })(wsOptions);
    return this.#server;
  }

  /** The signaling socket open now under `peerId`. */
  socketOf(peerId: string): SignalingSocket | undefined {
    return this.#byId.get(peerId);
  }

  get openSockets(): number {
    return this.#server?.clients.size ?? 0;
  }

  get sockets(): Iterable<SignalingSocket> {
    return (this.#server?.clients ?? new Set()) as Iterable<SignalingSocket>;
  }

  #admit(socket: SignalingSocket, req: http.IncomingMessage): boolean {
    socket.addressKey = (req as { addressKey?: string }).addressKey ?? 'unknown';
    const query = new URL(req.url ?? '', 'http://peerjs').searchParams;
    const id = query.get('id');
    // Missing parameters and a wrong key are PeerServer's to refuse, with its own messages.
    if (id === null) return true;
    if (!PEER_ID_PATTERN.test(id)) return this.#refuse(socket, 'ERROR', { msg: 'Invalid id: 1-64 letters, digits, "_" or "-"' });
    const holder = this.#byId.get(id);
    if (holder && holder.readyState === holder.OPEN) {
      // A connection that died without closing, and this is its own page (same token): cut it, so
      // that the page's next try registers afresh (PeerServer would hand a live id's client to the
      // new socket without a word, and the page would wait for an OPEN that never comes).
      const dead = Date.now() - holder.lastHeardAt >= STILL_CONNECTED_MS;
      if (dead && holder.peerToken === query.get('token')) holder.terminate();
      return this.#refuse(socket, 'ID-TAKEN', { msg: 'ID is taken' });
    }
    socket.peerId = id;
    socket.peerToken = query.get('token') ?? undefined;
    this.#byId.set(id, socket);
    socket.once('close', () => {
      if (this.#byId.get(id) === socket) this.#byId.delete(id);
    });
    return true;
  }

  #refuse(socket: SignalingSocket, type: 'ERROR' | 'ID-TAKEN', payload: { msg: string }): false {
    this.#options.onRefused();
    socket.send(JSON.stringify({ type, payload }));
    socket.close();
    return false;
  }
}
