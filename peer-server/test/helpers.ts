import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { EventStreamParser } from '../../protocol/event-stream-parser.js';
import { PEER_KEY, PEER_PATH, type JoinRequest } from '../../protocol/room-protocol.js';
import { createServer, type VideoChatServer } from '../src/server.js';
import type { ServerOptions } from '../src/options.js';

export async function startServer(options: Partial<ServerOptions> = {}): Promise<{ server: VideoChatServer; base: string }> {
  const server = createServer({ port: 0, host: '127.0.0.1', demoDir: null, ...options });
  const address = await server.listen();
  return {
    server,
    base: `${options.tls ? 'https' : 'http'}://127.0.0.1:${address.port}${(options.basePath ?? '').replace(/\/$/, '')}`,
  };
}

/** Where a PeerJS client opens its signaling socket (http → ws, https → wss). */
export function peerSocketUrl(base: string, id: string, token: string): string {
  return `${base.replace(/^http/, 'ws')}${PEER_PATH}/peerjs?key=${PEER_KEY}&id=${id}&token=${token}`;
}

/** A PeerJS client as far as the PeerServer can tell: the socket and its heartbeat. */
export class FakePeerSocket {
  readonly id = randomUUID();
  readonly token = randomUUID();
  ws!: WebSocket;
  #pinger: NodeJS.Timeout | undefined;

  async open(base: string, { ping = true, ws = {} as WebSocket.ClientOptions } = {}): Promise<this> {
    this.ws = new WebSocket(peerSocketUrl(base, this.id, this.token), ws);
    this.listen(this.ws);
    await new Promise<void>((resolve, reject) => {
      this.ws.once('message', (data) => {
        const message = JSON.parse(String(data));
        if (message.type === 'OPEN') resolve();
        else reject(new Error(`PeerServer said ${String(data)}`));
      });
      this.ws.once('error', reject);
    });
    if (ping) {
      this.#pinger = setInterval(() => this.ws.send(JSON.stringify({ type: 'HEARTBEAT' })), 500);
    }
    return this;
  }

  /** Called with the socket as it is made, before any message arrives (to record what it hears). */
  protected listen(ws: WebSocket): void {
    ws.on('error', () => {});
  }

  stopPinging(): void {
    clearInterval(this.#pinger);
  }

  close(): void {
    this.stopPinging();
    this.ws.close();
  }
}

export interface Joined {
  status: number;
  /** Parsed JSON body when the join was refused. */
  body?: { error: { code: string; message: string } };
  /** Presence events received so far, in order. */
  events: { event: string; data: any }[];
  /** Resolves with the next event matching `predicate` (or already received). */
  next(predicate: (e: { event: string; data: any }) => boolean, timeoutMs?: number): Promise<{ event: string; data: any }>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  abort(): void;
}

export async function joinRoom(
  base: string,
  room: string,
  request: Partial<JoinRequest> & { peerId: string; token: string },
  headers: Record<string, string> = {},
): Promise<Joined> {
  const controller = new AbortController();
  const response = await fetch(`${base}/api/rooms/${encodeURIComponent(room)}/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ displayName: 'tester', ...request }),
    signal: controller.signal,
  });
  const events: { event: string; data: any }[] = [];
  const waiters = new Set<() => void>();
  if (!response.ok) {
    return {
      status: response.status,
      body: await response.json(),
      events,
      next: () => Promise.reject(new Error('join was refused')),
      ended: Promise.resolve(),
      abort: () => controller.abort(),
    };
  }
  const parser = new EventStreamParser();
  const decoder = new TextDecoder();
  const ended = (async () => {
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        for (const e of parser.push(decoder.decode(chunk, { stream: true }))) {
          events.push({ event: e.event, data: JSON.parse(e.data) });
          for (const wake of waiters) wake();
        }
      }
    } catch {
      // aborted by the test
    }
  })();
  const next = (predicate: (e: { event: string; data: any }) => boolean, timeoutMs = 5000) =>
    new Promise<{ event: string; data: any }>((resolve, reject) => {
      const check = () => {
        const found = events.find(predicate);
        if (!found) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(events)}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  return { status: response.status, events, next, ended, abort: () => controller.abort() };
}

/** A message a PeerJS socket received, parsed. */
export interface Heard {
  type: string;
  src?: string;
  payload: any;
}

/** A PeerJS socket that also speaks the rooms protocol, recording everything the server sends it. */
export class SocketMember extends FakePeerSocket {
  readonly heard: Heard[] = [];

  protected override listen(ws: WebSocket): void {
    super.listen(ws);
    ws.on('message', (data) => this.heard.push(JSON.parse(String(data))));
  }

  send(type: string, payload: unknown): void {
    this.ws.send(JSON.stringify({ type, payload }));
  }

  /** Sends a frame for PeerServer to relay to `dst`. */
  relay(type: string, dst: string, payload: unknown = {}): void {
    this.ws.send(JSON.stringify({ type, dst, payload }));
  }

  async next(predicate: (m: Heard) => boolean, what: string, timeoutMs = 3000): Promise<Heard> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = this.heard.find(predicate);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`never heard ${what}; heard ${JSON.stringify(this.heard).slice(0, 2000)}`);
  }

  /** Joins `room` over the socket; resolves with the welcome's data, rejects with the refusal's code. */
  async join(room: string, extra: Record<string, unknown> = {}): Promise<any> {
    const before = this.heard.length;
    this.send('ROOM-JOIN', { room, displayName: 'tester', ...extra });
    const answer = await this.next(
      (m) =>
        this.heard.indexOf(m) >= before && ((m.type === 'ROOM-EVENT' && m.payload.type === 'welcome') || m.type === 'ROOM-ERROR'),
      `an answer to joining ${room}`,
    );
    if (answer.type === 'ROOM-ERROR') throw Object.assign(new Error(answer.payload.message), { code: answer.payload.code });
    return answer.payload.data;
  }

  /** Relayed frames of `type` heard from `src`. */
  relayedFrom(src: string, type: string): Heard[] {
    return this.heard.filter((m) => m.type === type && m.src === src);
  }
}

/** Waits until `condition` holds (polling), failing with `what` after `timeoutMs`. */
export async function until(condition: () => boolean, what: string, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  if (!condition()) throw new Error(`timed out waiting: ${what}`);
}
