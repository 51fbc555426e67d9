import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import cors from 'cors';
import express from 'express';
import { ExpressPeerServer } from 'peer';
import { PEER_KEY, PEER_PATH } from '../../protocol/room-protocol.js';
import { AddressLimits } from './address-limits.js';
import { errorResponses, notFound } from './error-responses.js';
import { defaultServerOptions, validateServerOptions, type ServerOptions } from './options.js';
import { PeerRegistry } from './peer-registry.js';
import { RelayPolicy } from './relay-policy.js';
import { roomRoutes } from './room-routes.js';
import { TokenSeats } from './room-tokens.js';
import { serveRoomsOverSockets } from './room-socket.js';
import { ServerMetrics } from './metrics.js';
import { MetricsListener, guardedMetrics } from './metrics-endpoint.js';
import { Rooms } from './rooms.js';
import { securityHeaders } from './security-headers.js';
import { budgetedWebSocket, type SignalingSocket } from './signaling-budget.js';
import { SignalingDoor } from './signaling-door.js';
import { iceServersFor } from './turn-credentials.js';

/** How long PeerServer keeps messages for a peer that is not connected (its `expire_timeout`), and how often it looks. */
const PEER_QUEUE_MS = 5000;
const PEER_QUEUE_SWEEP_MS = 1000;
/** Bytes one address may have waiting in PeerServer's queue for absent peers. */
const QUEUED_BYTES_PER_ADDRESS = 1024 * 1024;

export interface VideoChatServer {
  app: express.Express;
  /** An https server when started with `tls`. */
  httpServer: http.Server | https.Server;
  rooms: Rooms;
  peers: PeerRegistry;
  /** What each client address has used of its limits. */
  limits: AddressLimits;
  metrics: ServerMetrics;
  /** PeerJS signaling sockets open now (accepted upgrades, whatever PeerServer made of them). */
  readonly signalingSockets: number;
  options: ServerOptions;
  /** Starts listening (and the metrics listener, when configured); resolves with the main address actually bound. */
  listen(): Promise<AddressInfo>;
  /** Where the separate metrics listener is bound, once listening. */
  metricsAddress?: AddressInfo;
  /**
   * Shuts down: tells every member (a `shutdown` presence event), closes the
   * presence streams and PeerJS sockets, and stops listening.
   */
  close(): Promise<void>;
}

/**
 * Our server: a PeerServer for signaling, the rooms API, the bundle and the
 * demo pages, on one port. Reads no process globals: `cli.ts` does that.
 */
export function createServer(overrides: Partial<ServerOptions> = {}): VideoChatServer {
  const options: ServerOptions = { ...defaultServerOptions, ...overrides };
  validateServerOptions(options);

  const app = express();
  app.disable('x-powered-by');
  // Behind a reverse proxy the client's address (for rate limits) is in X-Forwarded-For.
  if (options.trustProxy) app.set('trust proxy', 1);
  app.use(securityHeaders(options.allowedOrigins, options.frameAncestors));
  const httpServer = options.tls
    ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, app)
    : http.createServer(app);
  // Everything lives under basePath, for a server behind a proxy at /video/, say.
  const under = (route: string) => path.posix.join(options.basePath, route);
  const rooms = new Rooms({ maxRoomSize: options.maxRoomSize });

  const isOriginAllowed = (origin: string | undefined): boolean =>
    options.allowedOrigins === '*' || origin === undefined || options.allowedOrigins.includes(origin);
  const corsOrigin = options.allowedOrigins === '*' ? true : options.allowedOrigins;

  const limits = new AddressLimits({
    socketsPerAddress: options.socketsPerAddress,
    joinsPerMinute: options.joinsPerMinute,
    queuedBytesPerAddress: QUEUED_BYTES_PER_ADDRESS,
    queueWindowMs: PEER_QUEUE_MS + PEER_QUEUE_SWEEP_MS,
  });
  const door = new SignalingDoor({
    isOriginAllowed,
    concurrentLimit: options.concurrentLimit,
    limits,
    trustProxy: options.trustProxy,
    onRefused: () => metrics.signalingRejected.inc(),
  });
  door.guard(httpServer);
  const relay = new RelayPolicy({
    shareARoom: (a, b) => rooms.shareARoom(a, b),
    isConnected: (peerId) => peers.has(peerId),
    allowQueued: (key, bytes, now) => limits.allowQueued(key, bytes, now),
    queueWindowMs: PEER_QUEUE_MS + PEER_QUEUE_SWEEP_MS,
  });
  /** The relay rules, applied to each frame before PeerServer sees it. */
  const screen = (socket: SignalingSocket, data: Buffer): boolean => {
    if (!socket.peerId) return true;
    let message: unknown;
    try {
      message = JSON.parse(data.toString());
    } catch {
      // PeerServer reports what it cannot parse (signalingRejected).
      return true;
    }
    const verdict = relay.decide(socket.peerId, socket.addressKey, message, data.length);
    if (verdict === 'relay' || verdict === 'not-relayed') return true;
    metrics.signalingDropped.inc({ reason: verdict });
    return false;
  };
  const peerServer = ExpressPeerServer(httpServer, {
    path: '/',
    key: PEER_KEY,
    allow_discovery: false,
    alive_timeout: options.aliveTimeoutMs,
    expire_timeout: PEER_QUEUE_MS,
    cleanup_out_msgs: PEER_QUEUE_SWEEP_MS,
    concurrent_limit: options.concurrentLimit,
    proxied: options.trustProxy,
    corsOptions: { origin: corsOrigin },
    // ws buffers a whole message before handing it over, up to 100 MiB unless told
    // otherwise; signaling messages are a few KB. A larger frame closes that socket (1009).
    createWebSocketServer: (wsOptions) =>
      door.createServer({
        ...wsOptions,
        maxPayload: options.signalingMaxPayloadBytes,
        // Each socket spends its messages against the budget before PeerServer hears them.
        WebSocket: budgetedWebSocket({
          budget: options.signalingBudget,
          onOverspent: () => metrics.signalingFloods.inc(),
          onBackedUp: () => metrics.signalingBackedUp.inc(),
          screen,
        }),
      }),
  });
  // PeerServer is an Express app of its own, which would announce itself again.
  peerServer.disable('x-powered-by');
  const peers = new PeerRegistry(peerServer, (peerId) => {
    rooms.evictPeer(peerId);
    relay.forget(peerId);
  });
  const metrics = new ServerMetrics({ peers: () => peers.size, rooms: () => rooms.roomCount, members: () => rooms.memberTotal });
  // PeerServer reports a frame it cannot parse, or one ws refused, as an error: that is
  // what a client sent, so it is counted apart from the server's own faults.
  peerServer.on('error', () => metrics.signalingRejected.inc());
  app.get(under('/healthz'), (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  app.get(under('/metrics'), guardedMetrics(metrics, options.metrics.token));
  const metricsListener = options.metrics.listen && new MetricsListener(metrics, options.metrics.listen);
  app.use(under(PEER_PATH), peerServer);
  const admission = {
    rooms,
    iceServersFor: (peerId: string) => {
      if (options.turn) metrics.turnCredentials.inc();
      return [...options.iceServers, ...iceServersFor(peerId, options.stunUrls, options.turn)];
    },
    metrics,
    allowJoin: (addressKey: string) => limits.allowJoin(addressKey),
    roomTokenSecret: options.roomTokenSecret ? new TextEncoder().encode(options.roomTokenSecret) : undefined,
    tokenSeats: new TokenSeats(),
  };
  serveRoomsOverSockets(peerServer, admission);

  app.use(
    under('/api'),
    cors({ origin: corsOrigin, maxAge: 600 }),
    roomRoutes({
      ...admission,
      peers,
      isOriginAllowed,
      keepAliveMs: options.keepAliveMs,
      requestsPerMinute: options.joinsPerMinute,
      joinStore: limits.joinStore(),
    }),
  );

  // The bundle is meant to be loaded by other sites' pages as a module script,
  // which needs CORS.
  app.use(
    under('/'),
    express.static(options.distDir, {
      index: false,
      setHeaders: (res) => res.setHeader('Access-Control-Allow-Origin', '*'),
    }),
  );
  if (options.demoDir) app.use(under('/'), express.static(path.resolve(options.demoDir)));
  if (options.extraRoutes) app.use(options.extraRoutes);
  app.use(notFound);
  app.use(
    errorResponses((error) => {
      metrics.errors.inc();
      console.error('[video-chat-server]', error);
    }),
  );

  return {
    app,
    httpServer,
    rooms,
    peers,
    limits,
    metrics,
    get signalingSockets() {
      return door.openSockets;
    },
    options,
    async listen() {
      if (metricsListener) this.metricsAddress = await metricsListener.listen();
      return new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(options.port, options.host, () => resolve(httpServer.address() as AddressInfo));
      });
    },
    close: () =>
      new Promise((resolve) => {
        void metricsListener?.close();
        rooms.shutDown();
        limits.stop();
        httpServer.close(() => resolve());
        // Presence streams have been ended; give their last bytes a moment, then cut what is
        // left: HTTP connections (the server tracks those) and signaling sockets (upgraded, so not).
        setTimeout(() => {
          httpServer.closeAllConnections();
          for (const socket of door.sockets) socket.terminate();
        }, 100).unref();
      }),
  };
}
