import express, { type ErrorRequestHandler, type Request, type Response } from 'express';
import { rateLimit, type Store } from 'express-rate-limit';
import {
  JOIN_BODY_MAX_BYTES,
  PEER_ID_PATTERN,
  isValidRoomName,
  normaliseDisplayName,
  type CredentialsResponse,
  type ErrorBody,
  type JoinErrorCode,
  type Member,
} from '../../protocol/room-protocol.js';
import { IPV6_SUBNET } from './address-limits.js';
import type { PeerRegistry } from './peer-registry.js';
import { NAME_FIXED, admit, type AdmissionOptions } from './room-admission.js';

export interface RoomRoutesOptions extends AdmissionOptions {
  peers: PeerRegistry;
  isOriginAllowed: (origin: string | undefined) => boolean;
  keepAliveMs: number;
  /** Joins plus credential renewals per client address per minute. */
  requestsPerMinute: number;
  /** Where those are counted: shared with joins over the signaling socket. */
  joinStore: Store;
}

/**
 * The rooms API (see `protocol/room-protocol.ts`):
 * `POST /rooms/:room/join` to be in a room, and
 * `POST /rooms/:room/credentials` for a member to renew its TURN credentials, and
 * `POST /rooms/:room/profile` for a member to change its display name.
 */
export function roomRoutes(options: RoomRoutesOptions): express.Router {
  const router = express.Router();
  const limit = rateLimit({
    windowMs: 60_000,
    limit: options.requestsPerMinute,
    // Keys as addressKey() makes them: an IPv6 client is its /64.
    ipv6Subnet: IPV6_SUBNET,
    store: options.joinStore,
    // Without --trust-proxy an X-Forwarded-For header is ignored on purpose (anyone can send one).
    validate: { xForwardedForHeader: false },
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_req, res) => refuse(res, 429, 'rate-limited', 'Too many requests: wait a minute and try again.'),
  });
  const json = express.json({ limit: JOIN_BODY_MAX_BYTES, type: 'application/json' });
  router.use((_req, res, next) => {
    res.on('finish', () => {
      const code = res.locals.refusal as JoinErrorCode | undefined;
      if (code) options.metrics.joinRefusals.inc({ code });
    });
    next();
  });
  router.post('/rooms/:room/join', limit, json, (req, res, next) => join(options, req, res).catch(next));
  router.post('/rooms/:room/credentials', limit, json, (req, res) => credentials(options, req, res));
  router.post('/rooms/:room/profile', limit, json, (req, res) => profile(options, req, res));
  router.use(jsonErrors);
  return router;
}

/**
 * Checks what every rooms request must carry: an allowed origin, a valid room
 * name, and a PeerJS id with the token that proves it. Refuses and returns
 * undefined otherwise.
 */
function provenRequest(
  options: RoomRoutesOptions,
  req: Request,
  res: Response,
): { roomId: string; peerId: string; body: Record<string, unknown> } | undefined {
  const roomId = req.params.room;
  if (!options.isOriginAllowed(req.get('origin'))) {
    return void refuse(res, 403, 'origin-not-allowed', 'This site is not allowed to use this video chat server.');
  }
  if (!isValidRoomName(roomId)) {
    return void refuse(res, 400, 'invalid-room', 'Room names are 1-64 letters, digits, ".", "_" or "-".');
  }
  const body: unknown = req.body;
  if (typeof body !== 'object' || body === null) return void refuse(res, 400, 'invalid-request', 'Expected a JSON object.');
  const { peerId, token } = body as Record<string, unknown>;
  if (typeof peerId !== 'string' || !PEER_ID_PATTERN.test(peerId) || typeof token !== 'string') {
    return void refuse(res, 400, 'invalid-request', 'peerId and token are required.');
  }
  if (!options.peers.owns(peerId, token)) {
    return void refuse(res, 403, 'peer-unverified', 'Connect to the signaling server with this peer id before joining.');
  }
  return { roomId, peerId, body: body as Record<string, unknown> };
}

async function join(options: RoomRoutesOptions, req: Request, res: Response): Promise<void> {
  const proven = provenRequest(options, req, res);
  if (!proven) return;
  const { roomId, peerId, body } = proven;
  const stream = new PresenceStream(res, options.keepAliveMs);
  const admission = await admit(
    options,
    { roomId, peerId, displayName: body.displayName, roomToken: body.roomToken },
    stream,
    () => !res.headersSent && !req.socket.destroyed,
  );
  if (!admission) return;
  if ('refusal' in admission) {
    const { status, code, message } = admission.refusal;
    return refuse(res, status, code, message, false);
  }
  res.on('close', () => {
    stream.stop();
    options.rooms.leave(roomId, peerId);
  });
  stream.start();
  stream.send('welcome', admission.welcome);
}

function credentials(options: RoomRoutesOptions, req: Request, res: Response): void {
  const proven = provenRequest(options, req, res);
  if (!proven) return;
  if (!options.rooms.isMember(proven.roomId, proven.peerId)) {
    return refuse(res, 403, 'not-a-member', 'Only members of this room get credentials for it.');
  }
  const body: CredentialsResponse = { iceServers: options.iceServersFor(proven.peerId) };
  res.set('Cache-Control', 'no-store').json(body);
}

function profile(options: RoomRoutesOptions, req: Request, res: Response): void {
  const proven = provenRequest(options, req, res);
  if (!proven) return;
  const displayName = normaliseDisplayName(proven.body.displayName);
  const outcome = options.rooms.rename(proven.roomId, proven.peerId, displayName);
  if (outcome === 'not-a-member') {
    return refuse(res, 403, 'not-a-member', 'Only members of this room can change their name in it.');
  }
  if (outcome === 'name-fixed') return refuse(res, 403, 'name-fixed', NAME_FIXED);
  res.status(204).end();
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

  updated(member: Member): void {
    this.send('update', member);
  }

  left(memberId: string): void {
    this.send('leave', { id: memberId });
  }

  evicted(): void {
    this.stop();
    this.res.end();
  }

  shuttingDown(): void {
    this.send('shutdown', {});
    this.evicted();
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}

/** Answers with an error; `counted` false when the refusal was already counted (by `admit`). */
function refuse(res: Response, status: number, code: JoinErrorCode, message: string, counted = true): void {
  if (counted) res.locals.refusal = code;
  const body: ErrorBody = { error: { code, message } };
  res.status(status).json(body);
}

const jsonErrors: ErrorRequestHandler = (err: { status?: number; type?: string }, _req, res, next) => {
  if (res.headersSent) return next(err);
  if (err.type === 'entity.too.large') return refuse(res, 413, 'payload-too-large', 'Request too large.');
  if (err.status === 400) return refuse(res, 400, 'invalid-request', 'Malformed JSON.');
  next(err);
};
