// Figure 4: our server against the stock `peerjs` CLI server (the `peer`
// package's own bin) in the same run: resident memory with 0, 1,000 and
// 5,000 idle peers (ours: each with its signaling socket open and joined to
// a room of 4 by a ROOM-JOIN on that socket, as the element does; stock: the
// socket alone), and join latency at 200 joins a second.
import { spawn } from 'node:child_process';
import path from 'node:path';
import WebSocket from 'ws';
import { figure, freePort, percentile, ROOT, rssBytes, sleep } from './lib.mjs';

const STOCK_BIN = path.join(ROOT, 'node_modules/peer/dist/bin/peerjs.js');
const OURS = path.join(ROOT, 'bench/capacity-server.mjs');
/** Node flags for both servers: the same preload that collects garbage before each reading. */
const MEASURED = ['--expose-gc', '--import', path.join(ROOT, 'bench/settle-memory.mjs')];
const STDIO = ['ignore', 'pipe', 'inherit', 'ipc'];
const JOIN_RATE = 200;
const ROOM_SIZE = 4;
const MB = 1024 * 1024;

async function startServer(kind) {
  if (kind === 'ours') {
    const child = spawn(process.execPath, [...MEASURED, OURS], { stdio: STDIO });
    const port = await new Promise((resolve, reject) => {
      child.stdout.once('data', (line) => resolve(JSON.parse(line).port));
      child.once('exit', (code) => reject(new Error(`our server exited (${code})`)));
    });
    return { child, port, socketPath: '/peerjs/peerjs' };
  }
  const port = await freePort();
  // Stock defaults but for the connection cap; the same heartbeats reach both.
  const child = spawn(
    process.execPath,
    [...MEASURED, STOCK_BIN, '--port', String(port), '--host', '127.0.0.1', '--concurrent_limit', '100000'],
    { stdio: STDIO },
  );
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => String(chunk).includes('Started PeerServer') && resolve());
    child.once('exit', (code) => reject(new Error(`peerjs exited (${code})`)));
  });
  child.stdout.resume();
  return { child, port, socketPath: '/peerjs' };
}

/** One idle peer: socket open (and, for ours, joined); resolves with its timings and what to close. */
function connectPeer(server, kind, i) {
  const id = `bench-${kind}-${i}`;
  const token = `t${i}`;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${server.socketPath}?key=peerjs&id=${id}&token=${token}`);
    ws.on('error', reject);
    ws.once('message', (data) => {
      const message = JSON.parse(String(data));
      if (message.type !== 'OPEN') return reject(new Error(`socket refused: ${data}`));
      const opened = performance.now();
      if (kind !== 'ours') return resolve({ ws, latency: opened - started });
      // Ours: the join the element makes, a ROOM-JOIN on the same socket, answered by the welcome.
      ws.on('message', (reply) => {
        const answer = JSON.parse(String(reply));
        if (answer.type === 'ROOM-ERROR') return reject(new Error(`join refused: ${answer.payload.code}`));
        if (answer.type !== 'ROOM-EVENT' || answer.payload.type !== 'welcome') return;
        const welcomed = performance.now();
        resolve({ ws, latency: welcomed - started, joinOnly: welcomed - opened });
      });
      ws.send(
        JSON.stringify({
          type: 'ROOM-JOIN',
          payload: { room: `bench-${Math.floor(i / ROOM_SIZE)}`, displayName: `Peer ${i}` },
        }),
      );
    });
  });
}

/** Connects peers `from`..`to`-1 at `rate` a second, each started on schedule whatever the others do. */
async function addPeers(server, kind, peers, from, to, rate) {
  const t0 = performance.now();
  const pending = [];
  for (let i = from; i < to; i++) {
    const due = t0 + ((i - from) * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    pending.push(connectPeer(server, kind, i).then((peer) => peers.push(peer)));
  }
  await Promise.all(pending);
}

/** The server's memory once its garbage is collected: RSS (lowest of three readings) and V8's used heap. */
async function settledMemory(child) {
  await sleep(1000);
  const usage = await new Promise((resolve) => {
    child.once('message', resolve);
    child.send('settle');
  });
  const samples = [];
  for (let i = 0; i < 3; i++) {
    samples.push(rssBytes(child.pid));
    await sleep(300);
  }
  return { rss: Math.min(...samples), heap: usage.heapUsed };
}

async function measure(kind, counts) {
  const server = await startServer(kind);
  const peers = [];
  // Pages ping every second (PEER_PING_INTERVAL_MS); the same for both servers.
  const heartbeat = setInterval(() => {
    for (const peer of peers) if (peer.ws.readyState === WebSocket.OPEN) peer.ws.send('{"type":"HEARTBEAT"}');
  }, 1000);
  try {
    // A fresh process compiles its handlers on the first joins: warm up both servers alike, then let those peers go.
    const warmup = [];
    await addPeers(server, kind, warmup, 1_000_000, 1_000_050, JOIN_RATE);
    for (const peer of warmup) {
      peer.ws.close();
    }
    const memory = { 0: await settledMemory(server.child) };
    let latencies;
    for (const count of counts) {
      const from = peers.length;
      // The first step is the latency sample at 200 joins a second; later steps only fill the server up.
      await addPeers(server, kind, peers, from, count, from === 0 ? JOIN_RATE : 500);
      if (from === 0) latencies = peers.map((p) => ({ total: p.latency, joinOnly: p.joinOnly }));
      memory[count] = await settledMemory(server.child);
    }
    const alive = peers.filter((p) => p.ws.readyState === WebSocket.OPEN).length;
    if (alive !== peers.length) throw new Error(`${kind}: only ${alive} of ${peers.length} sockets still open`);
    const rss = Object.fromEntries(Object.entries(memory).map(([n, m]) => [n, m.rss]));
    const heap = Object.fromEntries(Object.entries(memory).map(([n, m]) => [n, m.heap]));
    return { rss, heap, latencies };
  } finally {
    clearInterval(heartbeat);
    for (const peer of peers) {
      peer.ws.terminate();
    }
    server.child.kill('SIGTERM');
    await new Promise((resolve) => (server.child.exitCode !== null ? resolve() : server.child.once('exit', resolve)));
  }
}

export async function serverCapacity({ quick, log }) {
  const counts = quick ? [200, 500] : [1000, 5000];
  const ours = await measure('ours', counts);
  log(
    `  ours RSS: ${counts.map((c) => `${c}: ${(ours.rss[c] / MB).toFixed(1)} MB`).join(', ')} (0: ${(ours.rss[0] / MB).toFixed(1)} MB)`,
  );
  const stock = await measure('stock', counts);
  log(
    `  stock RSS: ${counts.map((c) => `${c}: ${(stock.rss[c] / MB).toFixed(1)} MB`).join(', ')} (0: ${(stock.rss[0] / MB).toFixed(1)} MB)`,
  );
  const top = counts.at(-1);
  const perThousand = (r, what = 'rss') => ((r[what][top] - r[what][0]) / top) * 1000;
  const first = counts[0];
  const total = (r, p) =>
    percentile(
      r.latencies.map((l) => l.total),
      p,
    );
  return [
    figure('RSS, 0 peers', ours.rss[0] / MB, 'MB', { baseline: stock.rss[0] / MB }),
    ...counts.map((c) => figure(`RSS, ${c} idle peers`, ours.rss[c] / MB, 'MB', { baseline: stock.rss[c] / MB })),
    figure(`RSS per 1,000 peers (0 → ${top})`, perThousand(ours) / MB, 'MB', {
      baseline: perThousand(stock) / MB,
      budget: '≤ 1.2× stock',
      pass: perThousand(ours) <= 1.2 * perThousand(stock),
      note: 'ours: socket + join (room of 4) over it; stock: `peerjs` CLI of the peer package, socket only; both read after a full GC',
    }),
    figure(`JS heap per 1,000 peers (0 → ${top})`, perThousand(ours, 'heap') / MB, 'MB', {
      baseline: perThousand(stock, 'heap') / MB,
    }),
    figure(`join latency p50 (${first} joins at ${JOIN_RATE}/s)`, total(ours, 50), 'ms', { baseline: total(stock, 50) }),
    figure(`join latency p99 (${first} joins at ${JOIN_RATE}/s)`, total(ours, 99), 'ms', {
      baseline: total(stock, 99),
      budget: '< 50 ms',
      pass: total(ours, 99) < 50,
      note: 'ours: socket OPEN + ROOM-JOIN until the welcome; stock: socket OPEN (all it has)',
    }),
    figure(
      '  ours: ROOM-JOIN → welcome p99',
      percentile(
        ours.latencies.map((l) => l.joinOnly),
        99,
      ),
      'ms',
    ),
  ];
}
