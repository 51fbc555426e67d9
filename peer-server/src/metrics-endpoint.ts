import { timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type RequestHandler } from 'express';
import type { ServerMetrics } from './metrics.js';

/** Where `/metrics` is served: on the main port behind a bearer token, and/or on a listen address of its own. */
export interface MetricsAccess {
  /** `Authorization: Bearer <token>` opens `/metrics` on the main port. */
  token?: string;
  /** A separate address (e.g. 127.0.0.1:9464, reachable only by the scraper) serving `/metrics` to anyone who reaches it. */
  listen?: { host: string; port: number };
}

/** Parses `--metrics-host` (`HOST:PORT`, `[::1]:PORT`); undefined when it does not look like one. */
export function parseListenAddress(value: string): { host: string; port: number } | undefined {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(value.trim());
  const port = Number(match?.[3]);
  if (!match || port > 65535) return undefined;
  return { host: match[1] ?? match[2], port };
}

function serveMetrics(metrics: ServerMetrics): RequestHandler {
  return (_req, res, next) => {
    metrics.registry
      .metrics()
      .then((text) => res.set({ 'Content-Type': metrics.registry.contentType, 'Cache-Control': 'no-store' }).send(text), next);
  };
}

/**
 * `/metrics` on the main port, only for requests bearing the token; without
 * a token it is not there at all (404, like any unknown path). Counters of
 * joins, refusals and sockets tell an outsider how busy the server is and
 * whether its limits bite: for operators, not for the world.
 */
export function guardedMetrics(metrics: ServerMetrics, token: string | undefined): RequestHandler {
  const expected = token === undefined ? undefined : Buffer.from(`Bearer ${token}`);
  const serve = serveMetrics(metrics);
  return (req, res, next) => {
    if (!expected) return next();
    const given = Buffer.from(req.get('authorization') ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      res
        .set('WWW-Authenticate', 'Bearer')
        .status(401)
        .json({ error: { code: 'unauthorized', message: 'A metrics token is needed.' } });
      return;
    }
    serve(req, res, next);
  };
}

/** The separate `/metrics` listener of `--metrics-host`. */
export class MetricsListener {
  readonly #server: http.Server;

  constructor(
    metrics: ServerMetrics,
    private readonly address: { host: string; port: number },
  ) {
    const app = express();
    app.disable('x-powered-by');
    app.get('/metrics', serveMetrics(metrics));
    app.use((_req, res) => void res.status(404).json({ error: { code: 'not-found', message: 'Nothing here.' } }));
    this.#server = http.createServer(app);
  }

  listen(): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(this.address.port, this.address.host, () => resolve(this.#server.address() as AddressInfo));
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
  }
}
