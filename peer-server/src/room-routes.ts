import express, { type ErrorRequestHandler, type Request, type Response } from 'express';
import {
  JOIN_BODY_MAX_BYTES,
  isValidRoomName,
  normaliseDisplayName,
  type ErrorBody,
  type IceServer,
  type JoinErrorCode,
  type Member,
  type WelcomeEvent,
} from '../../protocol/room-protocol.js';
import type { PeerRegistry } from './peer-registry.js';
import type { Rooms } from './rooms.js';

export interface RoomRoutesOptions {
  rooms: Rooms;
  peers: PeerRegistry;
  isOriginAllowed: (origin: string | undefined) => boolean;
  iceServers: () => IceServer[];
  keepAliveMs: number;
}

const PEER_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * `POST /rooms/:room/join`: the one request a page makes to be in a room. See
 * `protocol/room-protocol.ts` for the exchange.
 */
export function roomRoutes(options: RoomRoutesOptions): express.Router {
  const router = express.Router();
  router.post(
    '/rooms/:room/join',
    express.json({ limit: JOIN_BODY_MAX_BYTES, type: 'application/json' }),
    (req, res) => join(options, req, res),
  );
  router.use(jsonErrors);
  return router;
}

function join(options: RoomRoutesOptions, req: Request, res: Response): void {
  const { rooms, peers } = options;
  const roomId = req.params.room;
  if (!options.isOriginAllowed(req.get('origin'))) {
    return refuse(res, 403, 'origin-not-allowed', 'This site is not allowed to use this video chat server.');
  }
  if (!isValidRoomName(roomId)) {
    return refuse(res, 400, 'invalid-room', 'Room names are 1-64 letters, digits, ".", "_" or "-".');
  }
  const body: unknown = req.body;
  if (typeof body !== 'object' || body === null) {
    return refuse(res, 400, 'invalid-request', 'Expected a JSON object.');
  }
  const { peerId, token, displayName, maxParticipants } = body as Record<string, unknown>;
  if (typeof peerId !== 'string' || !PEER_ID_PATTERN.test(peerId) || typeof token !== 'string') {
    return refuse(res, 400, 'invalid-request', 'peerId and token are required.');
  }
  if (maxParticipants !== undefined && typeof maxParticipants !== 'number') {
    return refuse(res, 400, 'invalid-request', 'maxParticipants must be a number.');
  }
  if (!peers.owns(peerId, token)) {
    return refuse(res, 403, 'peer-unverified', 'Connect to the signaling server with this peer id before joining.');
  }

  const self: Member = { id: peerId, displayName: normaliseDisplayName(displayName) };
  const stream = new PresenceStream(res, options.keepAliveMs);
  const result = rooms.join(roomId, self, stream, maxParticipants);
  if (!result.ok) {
    return refuse(res, 409, 'room-full', `This room is full (${result.cap} people).`);
  }
  res.on('close', () => {
    stream.stop();
    rooms.leave(roomId, peerId);
  });
  const welcome: WelcomeEvent = {
    self,
    members: result.members,
    maxParticipants: result.cap,
    iceServers: options.iceServers(),
  };
  stream.start();
  stream.send('welcome', welcome);
}

/** One member's open `text/event-stream` response. */
class PresenceStream {
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly res: Response,
    private readonly keepAliveMs: number,
  ) {}

  start(): void {
    this.res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      // nginx and similar proxies buffer responses unless told not to.
      'X-Accel-Buffering': 'no',
    });
    this.res.flushHeaders();
    this.#timer = setInterval(() => this.res.write(': keep-alive\n\n'), this.keepAliveMs);
    this.#timer.unref();
  }

  send(event: string, data: unknown): void {
    if (!this.res.writableEnded) this.res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  joined(member: Member): void {
    this.send('join', member);
  }

  left(memberId: string): void {
    this.send('leave', { id: memberId });
  }

  evicted(): void {
    this.stop();
    this.res.end();
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}

function refuse(res: Response, status: number, code: JoinErrorCode, message: string): void {
  const body: ErrorBody = { error: { code, message } };
  res.status(status).json(body);
}

const jsonErrors: ErrorRequestHandler = (err: { status?: number; type?: string }, _req, res, next) => {
  if (res.headersSent) return next(err);
  if (err.type === 'entity.too.large') return refuse(res, 413, 'payload-too-large', 'Join request too large.');
  if (err.status === 400) return refuse(res, 400, 'invalid-request', 'Malformed JSON.');
  next(err);
};
