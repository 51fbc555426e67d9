import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import type { VideoChatServer } from '../src/server.js';
import { peerSocketUrl, startServer } from './helpers.js';

const CYCLES = Number(process.env.CHURN_CYCLES ?? 10_000);
const CONCURRENCY = 50;
const ROOMS = 25;
const MODES = ['presence-first', 'socket-first', 'tcp-dropped'] as const;
type Mode = (typeof MODES)[number];

/** Opens a signaling socket as PeerJS does and resolves once the server said OPEN. */
function openSignaling(base: string, id: string, token: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(peerSocketUrl(base, id, token));
    ws.once('message', (data) => {
      const type = JSON.parse(String(data)).type;
      if (type === 'OPEN') resolve(ws);
      else reject(new Error(`PeerServer said ${type}`));
    });
    ws.once('error', reject);
  });
}

/** Joins and resolves once the welcome event arrived, with the open request and response. */
function join(
  base: URL,
  room: string,
  peerId: string,
  token: string,
): Promise<{ req: http.ClientRequest; res: http.IncomingMessage }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: base.hostname,
        port: base.port,
        method: 'POST',
        path: `/api/rooms/${room}/join`,
        headers: { 'content-type': 'application/json' },
        agent: false,
      },
      (res) => {
        if (res.statusCode !== 200) return reject(new Error(`join answered ${res.statusCode}`));
        let text = '';
        res.setEncoding('utf8');
        const onData = (chunk: string) => {
          text += chunk;
          if (!text.includes('event: welcome\n')) return;
          res.off('data', onData);
          res.resume();
          resolve({ req, res });
        };
        res.on('data', onData);
        res.on('error', () => {});
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ peerId, token, displayName: 'churn' }));
  });
}

/** Resolves when `emitter` closes; rejects if it has not within 5 s (the server missed a leave). */
function closedOrAlready(emitter: { once(event: 'close', listener: () => void): unknown }, isClosed: boolean): Promise<void> {
  if (isClosed) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('not closed within 5 s')), 5000);
    emitter.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function cycle(base: string, url: URL, index: number, mode: Mode): Promise<void> {
  const id = `churn-${index}-${randomUUID().slice(0, 8)}`;
  const token = randomUUID();
  const ws = await openSignaling(base, id, token);
  const { req, res } = await join(url, `room-${index % ROOMS}`, id, token);
  const streamEnded = closedOrAlready(res, res.destroyed);
  // Stay a moment, so members overlap and hear each other come and go.
  await new Promise((resolve) => setTimeout(resolve, index % 20));
  switch (mode) {
    case 'presence-first':
      req.destroy();
      await streamEnded;
      ws.close();
      await closedOrAlready(ws, false);
      break;
    case 'socket-first':
      ws.close();
      // The server notices the socket is gone and ends the presence stream itself.
      await streamEnded;
      break;
    case 'tcp-dropped': {
      // No close frame, no FIN from the application: the TCP connections just go.
      const socket = (ws as unknown as { _socket: import('node:net').Socket })._socket;
      socket.destroy();
      req.socket?.destroy();
      await Promise.all([closedOrAlready(ws, false), streamEnded]);
      break;
    }
  }
}

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  return condition();
}

describe('join/leave churn', { timeout: 120_000 }, () => {
  let server: VideoChatServer;
  let base: string;
  before(async () => {
    // Rate limits off (one client IP does everything here); rooms large enough never to be full.
    ({ server, base } = await startServer({ joinsPerMinute: 1_000_000_000, socketsPerAddress: 1_000_000, maxRoomSize: 50 }));
  });
  after(() => server.close());

  test(`${CYCLES} join/leave cycles, ${CONCURRENCY} at a time, leave nothing behind`, async () => {
    const url = new URL(base);
    const byMode = new Map<Mode, number>(MODES.map((mode) => [mode, 0]));
    const failures: string[] = [];
    let next = 0;
    let peakMembers = 0;
    const started = Date.now();
    const sampler = setInterval(() => (peakMembers = Math.max(peakMembers, server.rooms.memberTotal)), 5);
    const worker = async () => {
      while (next < CYCLES) {
        const index = next++;
        const mode = MODES[index % MODES.length];
        try {
          await cycle(base, url, index, mode);
          byMode.set(mode, byMode.get(mode)! + 1);
        } catch (error) {
          failures.push(`${index} ${mode}: ${(error as Error).message}`);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    clearInterval(sampler);
    const seconds = (Date.now() - started) / 1000;
    const settled = await until(
      () =>
        server.rooms.roomCount === 0 &&
        server.rooms.memberTotal === 0 &&
        server.peers.size === 0 &&
        server.signalingSockets === 0,
      5000,
    );
    const metrics = await server.metrics.registry.metrics();
    const joins = Number(/^vcr_joins_total (\d+)$/m.exec(metrics)?.[1]);

    console.log(
      `churn: ${CYCLES} cycles in ${seconds.toFixed(1)} s = ${(CYCLES / seconds).toFixed(0)} cycles/s, ${CONCURRENCY} at a time; ` +
        `${[...byMode].map(([mode, n]) => `${mode}:${n}`).join(' ')}; failures ${failures.length}; peak members ${peakMembers}`,
    );
    console.log(
      `churn: after: rooms=${server.rooms.roomCount} members=${server.rooms.memberTotal} peers=${server.peers.size} ` +
        `sockets=${server.signalingSockets} joins counted=${joins}`,
    );
    assert.deepEqual(failures.slice(0, 5), []);
    assert.ok(settled, 'rooms, members, registered peers and open signaling sockets all back to 0');
    assert.equal(joins, CYCLES);
    assert.ok(peakMembers >= CONCURRENCY / 5, `cycles overlapped (peak ${peakMembers} members)`);
  });
});
