import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import v8 from 'node:v8';
import vm from 'node:vm';
import WebSocket from 'ws';
import type { VideoChatServer } from '../src/server.js';
import { FakePeerSocket, SocketMember, peerSocketUrl, startServer } from './helpers.js';

// Reproduce a failure with FUZZ_SEED=<the seed printed> node --import tsx --test peer-server/test/fuzz.test.ts
const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
const FRAMES = 10_000;
const REQUESTS = 10_000;
const BATCH = 1000;
const LIMIT = 64 * 1024;

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** mulberry32: small, fast and the same sequence for the same seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)));
  const text = (n: number) => Array.from({ length: n }, () => String.fromCharCode(32 + int(95))).join('');
  return { next, int, pick, bytes, text };
}
type Random = ReturnType<typeof prng>;

function memory() {
  gc();
  const { heapUsed, rss, external } = process.memoryUsage();
  return { heapUsed, rss, external };
}
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

// ---- WebSocket frames ----------------------------------------------------------------------

const TYPES = [
  'OFFER',
  'ANSWER',
  'CANDIDATE',
  'LEAVE',
  'EXPIRE',
  'HEARTBEAT',
  'OPEN',
  'ID-TAKEN',
  'ERROR',
  'NOPE',
  '',
  '__proto__',
];

/** One malformed (or merely odd) signaling frame, and what kind it is for the tally. */
function junkFrame(r: Random, ids: string[]): { kind: string; data: string | Buffer; binary: boolean } {
  const wrongValues = [null, 0, -1, 1e308, true, [], {}, [1, [2]], { a: { b: {} } }, 'x'.repeat(r.int(300))];
  switch (r.int(12)) {
    case 0:
      return { kind: 'random-bytes', data: r.bytes(r.int(600)), binary: true };
    case 1:
      // Not UTF-8 in a text frame: ws closes the connection (1007).
      return {
        kind: 'invalid-utf8-text',
        data: Buffer.concat([Buffer.from('{"type":"'), r.bytes(1 + r.int(40)), Buffer.from([0xc3, 0x28])]),
        binary: false,
      };
    case 2: {
      const json = JSON.stringify({ type: r.pick(TYPES), dst: r.pick(ids), payload: { sdp: r.text(r.int(400)) } });
      return { kind: 'truncated-json', data: json.slice(0, r.int(json.length)), binary: false };
    }
    case 3:
      return { kind: 'random-text', data: r.text(r.int(400)), binary: false };
    case 4:
      return {
        kind: 'unknown-type',
        data: JSON.stringify({ type: `X-${r.text(r.int(20))}`, dst: r.pick(ids), payload: r.text(50) }),
        binary: false,
      };
    case 5:
      return {
        kind: 'wrong-types',
        data: JSON.stringify({
          type: r.pick([...TYPES, ...wrongValues]),
          dst: r.pick([...ids, ...wrongValues]),
          payload: r.pick(wrongValues),
          src: r.pick(wrongValues),
        }),
        binary: false,
      };
    case 6:
      return {
        kind: 'json-scalar',
        data: r.pick(['null', '0', '"OFFER"', '[]', 'true', '{}', '[{"type":"OFFER"}]', '1e999']),
        binary: false,
      };
    case 7:
      // Relayed or queued for a peer that is not there (PeerServer keeps those a few seconds).
      return {
        kind: 'relay',
        data: JSON.stringify({
          type: r.pick(['OFFER', 'ANSWER', 'CANDIDATE']),
          dst: r.next() < 0.5 ? r.pick(ids) : `ghost-${r.int(1000)}`,
          payload: { sdp: r.text(r.int(2000)) },
        }),
        binary: false,
      };
    case 8: {
      const near = LIMIT - 64 - r.int(512);
      return { kind: 'near-limit', data: JSON.stringify({ type: 'HEARTBEAT', payload: 'p'.repeat(near) }), binary: false };
    }
    case 9:
      return { kind: 'over-limit', data: r.bytes(LIMIT + 1 + r.int(4096)), binary: r.next() < 0.5 };
    case 10:
      return { kind: 'binary-json', data: Buffer.from(JSON.stringify({ type: r.pick(TYPES), dst: r.pick(ids) })), binary: true };
    default:
      return { kind: 'deep-nesting', data: `${'['.repeat(1 + r.int(5000))}${']'.repeat(r.int(5000))}`, binary: false };
  }
}

/** Opens a signaling socket with a fresh id; resolves once PeerServer said OPEN. */
function openSocket(base: string, r: Random): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(peerSocketUrl(base, `fuzz-${r.int(1e9)}`, `t${r.int(1e9)}`));
    ws.on('error', () => {});
    ws.once('message', () => resolve(ws));
    ws.once('close', () => reject(new Error('closed before OPEN')));
  });
}

/** A connection with a broken query: PeerServer must answer ERROR (or ID-TAKEN) and close. */
async function badConnection(base: string, r: Random, takenId: string): Promise<string> {
  const ws = base.replace('http', 'ws');
  const query = r.pick([
    '',
    '?key=peerjs',
    `?key=peerjs&id=${encodeURIComponent(r.text(10))}`,
    `?key=peerjs&token=${r.int(1e6)}`,
    `?key=wrong&id=a${r.int(1e6)}&token=t`,
    `?key=peerjs&id=${takenId}&token=not-its-token`,
    `?key=peerjs&id=&token=`,
    `?key=peerjs&id=${encodeURIComponent(r.text(40))}&token=${encodeURIComponent(r.text(40))}`,
    `?key=peerjs&id=${'i'.repeat(2000)}`,
    '?%zz=%%',
  ]);
  const socket = new WebSocket(`${ws}/peerjs/peerjs${query}`);
  socket.on('error', () => {});
  return new Promise((resolve) => {
    let first = 'none';
    socket.once('message', (data) => {
      first = String(JSON.parse(String(data)).type);
      // Odd but valid ids and tokens are accepted; hang up rather than wait for the alive timeout.
      if (first === 'OPEN') socket.close();
    });
    socket.once('close', () => resolve(first));
    socket.once('unexpected-response', (_req, res) => resolve(`http-${res.statusCode}`));
  });
}

// ---- HTTP requests -------------------------------------------------------------------------

interface FuzzRequest {
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** Destroy the request once headers arrive (presence streams stay open otherwise). */
  hangUp?: boolean;
}

function junkRequest(r: Random, peer: FakePeerSocket): FuzzRequest {
  const room = () =>
    r.pick([
      'ok-room',
      encodeURIComponent(r.text(1 + r.int(80))),
      '..',
      '%2e%2e',
      '%00',
      'a'.repeat(65),
      encodeURIComponent('ü'.repeat(10)),
      '%zz',
      '',
      `r${r.int(100)}`,
    ]);
  const action = () => r.pick(['join', 'credentials', 'profile']);
  const json = { 'content-type': 'application/json' };
  switch (r.int(10)) {
    case 0:
      return {
        kind: 'bad-json',
        method: 'POST',
        path: `/api/rooms/${room()}/${action()}`,
        headers: json,
        body: JSON.stringify({ peerId: peer.id }).slice(0, r.int(20)) + r.text(r.int(50)),
      };
    case 1:
      return {
        kind: 'wrong-content-type',
        method: 'POST',
        path: `/api/rooms/ok-room/${action()}`,
        headers: {
          'content-type': r.pick([
            'text/plain',
            'application/x-www-form-urlencoded',
            'multipart/form-data; boundary=x',
            'application/json; charset=utf-7',
            '',
            'application/json, text/html',
          ]),
        },
        body: JSON.stringify({ peerId: peer.id, token: peer.token }),
      };
    case 2:
      return {
        kind: 'wrong-json-types',
        method: 'POST',
        path: `/api/rooms/ok-room/${action()}`,
        headers: json,
        body: JSON.stringify({
          peerId: r.pick([peer.id, 5, null, [], {}, 'x'.repeat(70)]),
          token: r.pick([peer.token, 5, null, {}, '']),
          displayName: r.pick([null, 7, { toString: 1 }, 'x'.repeat(500), '\u202e\u0000']),
          maxParticipants: r.pick([-1, 1e9, '3', null, 2.5, NaN]),
          roomToken: r.pick([undefined, 'a.b.c', 5]),
        }),
      };
    case 3:
      return {
        kind: 'bad-room',
        method: 'POST',
        path: `/api/rooms/${room()}/join`,
        headers: json,
        body: JSON.stringify({ peerId: peer.id, token: 'wrong' }),
      };
    case 4:
      return {
        kind: 'bad-method',
        method: r.pick(['PUT', 'DELETE', 'PATCH', 'BREW', 'PROPFIND', 'OPTIONS', 'GET', 'HEAD', 'TRACE']),
        path: r.pick([
          `/api/rooms/${room()}/join`,
          '/healthz',
          '/',
          '/video-chat-room.js',
          '/peerjs/peerjs/id',
          '/metrics',
          '/api',
        ]),
        headers: {},
      };
    case 5:
      return {
        kind: 'traversal',
        method: 'GET',
        path: r.pick([
          '/../package.json',
          '/..%2fpackage.json',
          '/%2e%2e/%2e%2e/etc/passwd',
          '/demo/../../package.json',
          '//etc/passwd',
          '/..\\..\\package.json',
          '/%2e%2e%5cpackage.json',
          '/index.html%00.js',
          '/.git/config',
          '/....//....//etc/passwd',
          `/${'../'.repeat(r.int(20))}etc/passwd`,
          '/%c0%ae%c0%ae/package.json',
          '/video-chat-room.js/..%2f..%2fpackage.json',
        ]),
        headers: {},
      };
    case 6:
      return { kind: 'huge-header', method: 'GET', path: '/healthz', headers: { 'x-big': 'h'.repeat(16_384 + r.int(20_000)) } };
    case 7:
      return {
        kind: 'huge-body',
        method: 'POST',
        path: `/api/rooms/ok-room/${action()}`,
        headers: json,
        body: JSON.stringify({ peerId: peer.id, token: peer.token, displayName: 'n'.repeat(2048 + r.int(100_000)) }),
      };
    case 8:
      // A join by a real peer, dropped as soon as the stream starts; or one with a wrong token asking for a stream.
      return r.next() < 0.3
        ? {
            kind: 'sse-join-dropped',
            method: 'POST',
            path: `/api/rooms/r${r.int(20)}/join`,
            headers: { ...json, accept: 'text/event-stream' },
            body: JSON.stringify({ peerId: peer.id, token: peer.token }),
            hangUp: true,
          }
        : {
            kind: 'sse-join-bad',
            method: r.pick(['POST', 'GET']),
            path: `/api/rooms/${room()}/join`,
            headers: { ...json, accept: 'text/event-stream', 'last-event-id': r.text(10) },
            body: JSON.stringify({ peerId: `p${r.int(1e6)}`, token: peer.token }),
          };
    default:
      return {
        kind: 'random-bytes-body',
        method: 'POST',
        path: `/api/rooms/ok-room/${action()}`,
        headers: { 'content-type': r.pick(['application/json', 'application/octet-stream']) },
        body: r.bytes(r.int(3000)),
      };
  }
}

const LEAKS = [/"name":\s*"video-chat-room"/, /root:.*:0:0:/, /\[core\]/, /at .+\.(ts|js):\d+:\d+/];

function send(base: URL, agent: http.Agent, request: FuzzRequest): Promise<{ status: string; leaked: boolean }> {
  return new Promise((resolve) => {
    const req = http.request(
      { host: base.hostname, port: base.port, agent, method: request.method, path: request.path, headers: request.headers },
      (res) => {
        // A request that turned out to be a valid join holds its stream open: drop it, as a closed tab would.
        if (request.hangUp || String(res.headers['content-type']).startsWith('text/event-stream')) {
          req.destroy();
          return resolve({ status: String(res.statusCode), leaked: false });
        }
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (body.length < 10_000) body += chunk;
        });
        res.on('end', () => resolve({ status: String(res.statusCode), leaked: LEAKS.some((leak) => leak.test(body)) }));
        res.on('error', () => resolve({ status: String(res.statusCode), leaked: false }));
      },
    );
    req.setTimeout(5000, () => req.destroy(new Error('timeout')));
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ status: `client-${error.code ?? error.message}`, leaked: false }),
    );
    req.end(request.body);
  });
}

// ---- the test ------------------------------------------------------------------------------

describe('fuzzing the running server', { timeout: 180_000 }, () => {
  let server: VideoChatServer;
  let base: string;
  before(async () => {
    const distDir = await mkdtemp(path.join(tmpdir(), 'vcr-dist-'));
    await writeFile(path.join(distDir, 'video-chat-room.js'), 'export {};\n');
    ({ server, base } = await startServer({
      demoDir: path.resolve('demo'),
      distDir,
      joinsPerMinute: 1_000_000,
      socketsPerAddress: 1_000_000,
    }));
  });
  after(() => server.close());

  async function healthy(): Promise<void> {
    const response = await fetch(`${base}/healthz`);
    assert.equal(response.status, 200);
    await response.arrayBuffer();
  }

  /** A generator of its own for item `index`: the same frame or request for the same seed, whatever the scheduling. */
  const randomFor = (round: number, index: number) => prng(SEED * 31 + round * 1_000_003 + index * 7919);

  async function fuzzFrames(round: number, count: number, tally: Map<string, number>, takenId: string): Promise<number> {
    const ids = [takenId, 'ghost', ''];
    let next = 0;
    // Sixteen sockets send at once; one that the server closes (oversized, not UTF-8, silent too long) is replaced.
    const worker = async (w: number) => {
      let ws = await openSocket(base, randomFor(round, -1 - w));
      while (next < count) {
        const index = next++;
        const r = randomFor(round, index);
        if (ws.readyState !== WebSocket.OPEN) ws = await openSocket(base, randomFor(round, -1e6 - index));
        const frame = junkFrame(r, ids);
        tally.set(frame.kind, (tally.get(frame.kind) ?? 0) + 1);
        await new Promise<void>((resolve) => ws.send(frame.data, { binary: frame.binary }, () => resolve()));
        if (frame.kind === 'over-limit' || frame.kind === 'invalid-utf8-text') {
          // The server closes this socket; frames sent behind it would be dropped unread.
          const socket = ws;
          await new Promise((resolve) =>
            socket.readyState === WebSocket.CLOSED ? resolve(null) : socket.once('close', resolve),
          );
        }
        // Writes to loopback complete at once: yield, or this worker starves the others and the server.
        await new Promise((resolve) => setImmediate(resolve));
        if (index % BATCH === BATCH - 1) {
          const bad = await Promise.all(
            Array.from({ length: 20 }, (_, i) => badConnection(base, randomFor(round, -100 - index - i), takenId)),
          );
          for (const answer of bad) tally.set(`bad-query:${answer}`, (tally.get(`bad-query:${answer}`) ?? 0) + 1);
          await healthy();
        }
      }
      ws.terminate();
    };
    await Promise.all(Array.from({ length: 16 }, (_, w) => worker(w)));
    await healthy();
    return next;
  }

  async function fuzzRequests(
    round: number,
    count: number,
    statuses: Map<string, number>,
    peer: FakePeerSocket,
  ): Promise<{ sent: number; leaks: string[] }> {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
    const url = new URL(base);
    const leaks: string[] = [];
    let sent = 0;
    while (sent < count) {
      const requests = Array.from({ length: Math.min(BATCH, count - sent) }, (_, i) =>
        junkRequest(randomFor(round, sent + i), peer),
      );
      const answers = await Promise.all(requests.map((request) => send(url, agent, request)));
      answers.forEach((answer, i) => {
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        if (answer.leaked) leaks.push(`${requests[i].method} ${requests[i].path}`);
      });
      sent += requests.length;
      await healthy();
    }
    agent.destroy();
    return { sent, leaks };
  }

  test(`${FRAMES} malformed signaling frames and ${REQUESTS} malformed requests: no crash, no 5xx, no leak, bounded memory`, async () => {
    const started = Date.now();
    const peer = await new FakePeerSocket().open(base);
    // Warm up (first-use allocations are not growth), then measure.
    const warm = Date.now();
    await fuzzFrames(0, 500, new Map(), peer.id);
    await fuzzRequests(0, 500, new Map(), peer);
    console.log(`fuzz warm-up ${((Date.now() - warm) / 1000).toFixed(1)}s`);
    const before = memory();

    const frameKinds = new Map<string, number>();
    const framesStarted = Date.now();
    const frames = await fuzzFrames(1, FRAMES, frameKinds, peer.id);
    const framesTook = (Date.now() - framesStarted) / 1000;
    const statuses = new Map<string, number>();
    const requestsStarted = Date.now();
    const { sent: requests, leaks } = await fuzzRequests(1, REQUESTS, statuses, peer);
    const requestsTook = (Date.now() - requestsStarted) / 1000;

    // Signaling still works end to end after all that (between members of one room).
    const a = await new SocketMember().open(base);
    const b = await new SocketMember().open(base);
    await a.join('after-fuzz');
    await b.join('after-fuzz');
    const relayed = new Promise((resolve) => b.ws.once('message', (data) => resolve(JSON.parse(String(data)))));
    a.ws.send(JSON.stringify({ type: 'OFFER', dst: b.id, payload: { sdp: 'after-fuzz' } }));
    assert.deepEqual(await relayed, { type: 'OFFER', src: a.id, dst: b.id, payload: { sdp: 'after-fuzz' } });
    for (const p of [a, b, peer]) p.close();
    // Let the last closes land, then measure. (What PeerServer queued for absent peers, about 1 MB, expires within 6 s.)
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const after = memory();
    const seconds = (Date.now() - started) / 1000;

    const histogram = [...statuses]
      .sort(([x], [y]) => x.localeCompare(y))
      .map(([s, n]) => `${s}:${n}`)
      .join(' ');
    console.log(
      `fuzz seed=${SEED} frames=${frames} requests=${requests} duration=${seconds.toFixed(1)}s (frames ${framesTook.toFixed(1)}s, requests ${requestsTook.toFixed(1)}s)`,
    );
    console.log(`fuzz frame kinds: ${[...frameKinds].map(([k, n]) => `${k}:${n}`).join(' ')}`);
    console.log(`fuzz status histogram: ${histogram}`);
    console.log(
      `fuzz memory: heapUsed ${mb(before.heapUsed)} -> ${mb(after.heapUsed)} (+${mb(after.heapUsed - before.heapUsed)}), external ${mb(before.external)} -> ${mb(after.external)}, rss ${mb(before.rss)} -> ${mb(after.rss)} (+${mb(after.rss - before.rss)})`,
    );
    console.log(
      `fuzz server after: peers=${server.peers.size} sockets=${server.signalingSockets} rooms=${server.rooms.roomCount}`,
    );

    assert.ok(frames >= FRAMES && requests >= REQUESTS);
    assert.deepEqual(leaks, [], 'no response showed files outside the served folders or a stack trace');
    const serverErrors = [...statuses].filter(([s]) => /^5/.test(s));
    assert.deepEqual(serverErrors, [], 'no 5xx answers');
    // Every request got an HTTP answer; the client only gives up on an oversized header it cannot send whole.
    const clientErrors = [...statuses].filter(([s]) => s.startsWith('client-')).reduce((n, [, c]) => n + c, 0);
    assert.ok(clientErrors <= REQUESTS * 0.02, `client-side errors: ${clientErrors}`);
    for (const kind of [
      'random-bytes',
      'over-limit',
      'near-limit',
      'truncated-json',
      'wrong-types',
      'unknown-type',
      'binary-json',
    ]) {
      assert.ok((frameKinds.get(kind) ?? 0) > 100, `${kind} was exercised`);
    }
    assert.ok(
      (statuses.get('400') ?? 0) > 100 &&
        (statuses.get('404') ?? 0) > 100 &&
        (statuses.get('413') ?? 0) > 100 &&
        (statuses.get('431') ?? 0) > 100,
    );
    assert.equal(server.rooms.roomCount, 0, 'dropped joins left no room behind');
    const metrics = await server.metrics.registry.metrics();
    console.log(
      `fuzz metrics: ${metrics.match(/^vcr_(errors_total|signaling_rejected_total|signaling_budget_closed_total) .*$/gm)?.join(', ')}`,
    );
    assert.match(metrics, /^vcr_errors_total 0$/m, 'junk is not counted as a server error');
    // About half the kinds cannot be parsed at all: they reached PeerServer, which refused them.
    assert.ok(Number(/^vcr_signaling_rejected_total (\d+)$/m.exec(metrics)?.[1]) > FRAMES * 0.4, 'the frames reached PeerServer');
    assert.equal(server.peers.size, 0);
    assert.equal(server.signalingSockets, 0);
    // The JS heap and Buffers are where a leak would show: every frame and request leaves
    // nothing behind (measured: +2-3 MB heap, +3-4 MB external). RSS includes what the
    // allocator keeps after the 64 KiB frames of client and server, both in this process:
    // it levels off (four rounds in a row: 175, 275, 273, 287 MB, heap 16.6, 19.1, 18.7, 18.9 MB), so its bound is loose.
    assert.ok(after.heapUsed - before.heapUsed < 16 * 1024 * 1024, 'heap growth under 16 MB');
    assert.ok(after.external - before.external < 32 * 1024 * 1024, 'external (Buffer) growth under 32 MB');
    assert.ok(after.rss - before.rss < 160 * 1024 * 1024, 'rss growth under 160 MB');
  });
});
