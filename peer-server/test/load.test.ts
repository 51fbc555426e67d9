import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { EventStreamParser } from '../../protocol/event-stream-parser.js';
import type { VideoChatServer } from '../src/server.js';
import { peerSocketUrl, startServer } from './helpers.js';

const PEERS = Number(process.env.LOAD_PEERS ?? 2000);
const ROOM_SIZE = 4;
const RAMP_CONCURRENCY = 50;
const PROBES = 100;
/** Generous on purpose: the real figures are printed; this catches a server that falls over. */
const P99_BOUND_MS = 500;

interface IdlePeer {
  ws: WebSocket;
  req: http.ClientRequest;
  events: string[];
}

function openFileLimit(): number {
  const line = readFileSync('/proc/self/limits', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('Max open files'));
  return Number(line?.split(/\s+/)[3]);
}

/** One page joining: its signaling socket, then the join; resolves at the welcome with the time it took. */
function joinAsPage(base: string, url: URL, room: string): Promise<{ peer: IdlePeer; ms: number; members: number }> {
  const started = performance.now();
  const id = randomUUID();
  const token = randomUUID();
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(peerSocketUrl(base, id, token));
    ws.on('error', reject);
    ws.once('message', (data) => {
      if (JSON.parse(String(data)).type !== 'OPEN') return reject(new Error(`PeerServer said ${String(data)}`));
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path: `/api/rooms/${room}/join`,
          headers: { 'content-type': 'application/json' },
          agent: false,
        },
        (res) => {
          if (res.statusCode !== 200) return reject(new Error(`join answered ${res.statusCode}`));
          const parser = new EventStreamParser();
          const events: string[] = [];
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            for (const event of parser.push(chunk)) {
              events.push(event.event);
              if (event.event === 'welcome') {
                resolve({
                  peer: { ws, req, events },
                  ms: performance.now() - started,
                  members: JSON.parse(event.data).members.length,
                });
              }
            }
          });
          res.on('error', () => {});
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify({ peerId: id, token, displayName: 'idle' }));
    });
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summary(latencies: number[]): { p50: number; p99: number; max: number; text: string } {
  const sorted = [...latencies].sort((a, b) => a - b);
  const [p50, p99, max] = [percentile(sorted, 50), percentile(sorted, 99), sorted[sorted.length - 1]];
  return { p50, p99, max, text: `p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${max.toFixed(1)} ms` };
}

describe(`${PEERS} idle peers in rooms of ${ROOM_SIZE}`, { timeout: 120_000 }, () => {
  let server: VideoChatServer;
  let base: string;
  const peers: IdlePeer[] = [];
  let pinger: NodeJS.Timeout;
  before(async () => {
    ({ server, base } = await startServer({ joinsPerMinute: 1_000_000_000, socketsPerAddress: 1_000_000 }));
    // Pages ping once a second; one timer for all of them.
    pinger = setInterval(() => {
      for (const { ws } of peers) if (ws.readyState === WebSocket.OPEN) ws.send('{"type":"HEARTBEAT"}');
    }, 1000);
  });
  after(async () => {
    clearInterval(pinger);
    for (const { ws, req } of peers) {
      req.destroy();
      ws.terminate();
    }
    await server.close();
  });

  test('every one joins, stays, and a join under that load is quick', async () => {
    // Each idle peer holds a signaling socket and a presence stream, and this process holds both ends of each.
    const fdsNeeded = PEERS * 4 + 500;
    const limit = openFileLimit();
    assert.ok(limit >= fdsNeeded, `ulimit -n is ${limit}; this test needs about ${fdsNeeded} (and a server ~${PEERS * 2 + 100})`);
    const url = new URL(base);
    const rooms = PEERS / ROOM_SIZE;
    const ramp: number[] = [];
    const rampStarted = performance.now();
    let next = 0;
    const worker = async () => {
      while (next < PEERS) {
        const index = next++;
        const joined = await joinAsPage(base, url, `load-${index % rooms}`);
        peers.push(joined.peer);
        ramp.push(joined.ms);
      }
    };
    await Promise.all(Array.from({ length: RAMP_CONCURRENCY }, worker));
    const rampSeconds = (performance.now() - rampStarted) / 1000;
    assert.equal(server.rooms.memberTotal, PEERS);
    assert.equal(server.rooms.roomCount, rooms);

    // Idle for a few heartbeat timeouts: nobody is dropped.
    const rss = process.memoryUsage().rss;
    await new Promise((resolve) => setTimeout(resolve, 5000));
    assert.equal(server.peers.size, PEERS, 'no idle peer was dropped for missed heartbeats');
    assert.equal(server.rooms.memberTotal, PEERS);

    // Joins while all of them are there, one at a time as people arrive, into rooms of their own.
    const probes: number[] = [];
    const probePeers: IdlePeer[] = [];
    for (let i = 0; i < PROBES; i++) {
      const joined = await joinAsPage(base, url, `probe-${i}`);
      probes.push(joined.ms);
      probePeers.push(joined.peer);
    }
    for (const { ws, req } of probePeers) {
      req.destroy();
      ws.close();
    }
    const joinEvents = peers.reduce((n, p) => n + p.events.filter((e) => e === 'join').length, 0);
    const rampStats = summary(ramp);
    const probeStats = summary(probes);
    console.log(
      `load: ${PEERS} peers in ${rooms} rooms of ${ROOM_SIZE}, joined in ${rampSeconds.toFixed(1)} s (${RAMP_CONCURRENCY} at a time), ulimit -n ${limit}`,
    );
    console.log(`load: join latency while ramping (socket open + join + welcome): ${rampStats.text}`);
    console.log(`load: join latency with ${PEERS} idle peers, ${PROBES} joins one at a time: ${probeStats.text}`);
    console.log(
      `load: join events delivered ${joinEvents} (expected ${(rooms * ROOM_SIZE * (ROOM_SIZE - 1)) / 2}); process rss ${(rss / 1024 / 1024).toFixed(0)} MB with all peers idle`,
    );
    // In each room of 4, the first member hears 3 joins, the second 2, the third 1.
    assert.equal(joinEvents, (rooms * ROOM_SIZE * (ROOM_SIZE - 1)) / 2);
    assert.ok(probeStats.p99 < P99_BOUND_MS, `p99 ${probeStats.p99} ms`);
    // While ramping, 50 joins queue behind each other on a shared CPU: only catch a server that stalls.
    assert.ok(rampStats.p99 < 10_000, `ramp p99 ${rampStats.p99} ms`);
  });
});
