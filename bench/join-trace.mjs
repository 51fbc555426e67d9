// `node bench/join-trace.mjs [--runs=8] [--mode=direct|relay]`: where the
// time to first remote frame goes, ours against the baseline page of figure 2,
// step by step. Not a figure with a budget: a diagnosis to read beside it.
// Both pages of each pair write one timeline on the same clock (camera,
// signaling messages by type, every RTCPeerConnection step, ICE and DTLS
// states, first packet and first frame, the element's renders), and the CPU
// time every Chromium thread spent in the first 450 ms of the join is read
// from /proc. Prints the median of each step for both, the CPU table, and the
// whole as one JSON line. Needs a build (`npm run build`).
import { readdirSync, readFileSync } from 'node:fs';
import { buildBaselinePeerjs } from './first-frame.mjs';
import { newTurnSecret, startCoturn } from '../scripts/coturn.mjs';
import { freePort, instrumentPage, launchBrowser, median, poll, round, sleep, startBenchServer } from './lib.mjs';

/** How much of the join the CPU table covers: to about ICE connected on this machine. */
const CPU_WINDOW_MS = 450;

/** Run in both pages before their scripts: appends `[step, epoch ms, duration?]` to `window.__timeline`. */
function recordTimeline() {
  const now = () => performance.timeOrigin + performance.now();
  const timeline = (window.__timeline = []);
  const mark = (step, duration) => timeline.push([step, now(), duration]);
  const typeOf = (data) => {
    try {
      const { type, payload } = JSON.parse(data);
      return type === 'HEARTBEAT' ? undefined : payload?.type ? `${type}:${payload.type}` : type;
    } catch {
      return undefined;
    }
  };

  const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (constraints) => {
    mark('camera asked');
    const stream = await getUserMedia(constraints);
    mark('camera open');
    return stream;
  };

  const NativeSocket = window.WebSocket;
  const send = NativeSocket.prototype.send;
  NativeSocket.prototype.send = function (data) {
    const type = typeOf(data);
    if (type) mark(`sent ${type}`);
    return send.call(this, data);
  };
  window.WebSocket = function (...args) {
    const socket = new NativeSocket(...args);
    mark('socket asked');
    socket.addEventListener('open', () => mark('socket open'));
    socket.addEventListener('message', ({ data }) => {
      const type = typeOf(data);
      if (type) mark(`got ${type}`);
    });
    return socket;
  };
  Object.assign(window.WebSocket, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3, prototype: NativeSocket.prototype });

  const proto = RTCPeerConnection.prototype;
  for (const method of ['createOffer', 'createAnswer', 'setLocalDescription', 'setRemoteDescription']) {
    const native = proto[method];
    proto[method] = async function (...args) {
      const started = now();
      const result = await native.apply(this, args);
      mark(`${method} done`, now() - started);
      return result;
    };
  }
  const addTrack = proto.addTrack;
  proto.addTrack = function (...args) {
    const started = now();
    const sender = addTrack.apply(this, args);
    mark(`addTrack ${args[0]?.kind}`, now() - started);
    return sender;
  };
  const NativeConnection = window.RTCPeerConnection;
  window.RTCPeerConnection = function (...args) {
    const started = now();
    const pc = new NativeConnection(...args);
    mark('new RTCPeerConnection', now() - started);
    pc.addEventListener('iceconnectionstatechange', () => mark(`ICE ${pc.iceConnectionState}`));
    pc.addEventListener('connectionstatechange', () => mark(`DTLS ${pc.connectionState}`));
    pc.addEventListener('track', ({ track }) => {
      mark(`track ${track.kind}`);
      track.addEventListener('unmute', () => mark(`first ${track.kind} packet`), { once: true });
    });
    return pc;
  };
  window.RTCPeerConnection.prototype = proto;
  Object.setPrototypeOf(window.RTCPeerConnection, NativeConnection);

  // The element's renders (Lit's performUpdate), with their length.
  customElements.whenDefined('video-chat-room').then(() => {
    const Element = customElements.get('video-chat-room');
    const performUpdate = Element.prototype.performUpdate;
    Element.prototype.performUpdate = function () {
      const started = now();
      const result = performUpdate.call(this);
      mark('render', now() - started);
      return result;
    };
  });
}

/** CPU ticks (1/100 s) of every Chromium thread now, keyed by pid/tid, named by process type and thread. */
function chromiumThreads() {
  const threads = new Map();
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!command.includes('chromium')) continue;
      const type = /--type=([a-z-]+)/.exec(command)?.[1] ?? 'browser';
      const service = /--utility-sub-type=[\w.]*?(\w+)(?:\0|$)/.exec(command)?.[1];
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replace(/\d+$/, '');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        threads.set(`${pid}/${tid}`, {
          name: `${service ?? type} ${name}`,
          ticks: Number(fields[11]) + Number(fields[12]),
        });
      }
    } catch {
      // The process or thread ended while we looked.
    }
  }
  return threads;
}

/** CPU ms by thread name between two snapshots. */
function cpuBetween(before, after) {
  const spent = new Map();
  for (const [id, { name, ticks }] of after) {
    const ms = (ticks - (before.get(id)?.ticks ?? 0)) * 10;
    if (ms > 0) spent.set(name, (spent.get(name) ?? 0) + ms);
  }
  return spent;
}

/**
 * One pair: `open` loads both pages, `join` starts the second's join. Returns
 * each step's first time (ms from the join) on page A (the one called) and
 * B (the one joining), and the CPU of the first CPU_WINDOW_MS.
 */
async function tracePair(browser, open, join) {
  const pages = [];
  const openPage = async (url) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
    await page.addInitScript(instrumentPage);
    await page.addInitScript(recordTimeline);
    await page.goto(url);
    pages.push(context);
    return page;
  };
  try {
    const [a, b] = await open(openPage);
    const turnLogAt = coturn.log().length;
    const before = chromiumThreads();
    const start = await b.evaluate(join);
    await sleep(CPU_WINDOW_MS);
    const cpu = cpuBetween(before, chromiumThreads());
    await poll(() => b.evaluate(() => window.__bench.marks.firstFrame), 20_000, 'first frame');
    const firstFrame = await b.evaluate(() => performance.timeOrigin + window.__bench.marks.firstFrame);
    const steps = { 'B first frame shown': firstFrame - start };
    const turn = turnRequests(coturn.log().slice(turnLogAt));
    let renders = 0;
    for (const [who, page] of [
      ['A', a],
      ['B', b],
    ]) {
      for (const [step, at, duration] of await page.evaluate(() => window.__timeline)) {
        if (at < start || at > firstFrame) continue;
        if (step === 'render') {
          if (who === 'B') renders += duration;
          continue;
        }
        const key = `${who} ${step}`;
        steps[key] ??= at - start;
        if (duration !== undefined) steps[`${key} (ms taken)`] ??= duration;
      }
    }
    return { steps, renders, cpu, turn };
  } finally {
    for (const context of pages) await context.close();
  }
}

/** TURN requests coturn answered in a stretch of its log, by kind and outcome ("ALLOCATE success": 2). */
function turnRequests(log) {
  const counts = {};
  for (const [, request, outcome] of log.matchAll(/incoming packet (\w+) processed, (success|error[^\n]*)/g)) {
    const key = `${request} ${outcome.startsWith('success') ? 'success' : 'error'}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

const option = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const runs = Number(option('runs', 8));
const mode = option('mode', 'direct');

const peerjsFile = await buildBaselinePeerjs();
const secret = newTurnSecret();
// Verbose: coturn then logs each request it answers, which the trace counts.
const coturn = await startCoturn({ secret, port: await freePort(), extraArgs: ['--verbose'] });
const turn = { secret, urls: [`turn:127.0.0.1:${coturn.port}?transport=udp`], ttlSeconds: 3600 };
const { server, base } = await startBenchServer({ turn, demoDir: null }, { '/bench/peerjs.js': peerjsFile });
const { iceServersFor } = await import('../build/peer-server/src/turn-credentials.js');
const browser = await launchBrowser();
const relay = mode === 'relay';
const samples = { ours: [], baseline: [] };
try {
  // The first pair warms the browser's caches and is not counted.
  for (let run = -1; run < runs; run++) {
    const tag = `${run + 1}x${Date.now()}`;
    const ours = await tracePair(
      browser,
      async (openPage) => {
        const url = (name, extra = '') =>
          `${base}/bench/element.html?room=trace${tag}&name=${name}${relay ? '&ice-transport=relay' : ''}${extra}`;
        const a = await openPage(url('A'));
        const b = await openPage(url('B', '&autojoin=off'));
        await poll(() => a.evaluate(() => document.querySelector('video-chat-room')?.status === 'joined'), 15_000, 'A joined');
        await poll(() => b.evaluate(() => document.querySelector('video-chat-room')?.status === 'idle'), 15_000, 'B ready');
        return [a, b];
      },
      () => {
        window.__bench.marks.start = performance.now();
        void document.querySelector('video-chat-room').join();
        return performance.timeOrigin + window.__bench.marks.start;
      },
    );
    const calleeId = `callee${tag}`;
    const baseline = await tracePair(
      browser,
      async (openPage) => {
        const url = (id, role) =>
          `${base}/bench/baseline/peerjs-call.html?${new URLSearchParams({
            id,
            role,
            iceServers: JSON.stringify(iceServersFor(id, server.options.stunUrls, turn)),
            iceTransport: relay ? 'relay' : 'all',
          })}`;
        const a = await openPage(url(calleeId, 'callee'));
        const b = await openPage(url(`caller${tag}`, 'caller'));
        await a.evaluate(() => window.ready);
        // The baseline's join() reads the callee's id from the page.
        await b.evaluate((id) => (window.calleeId = id), calleeId);
        return [a, b];
      },
      () => {
        window.__bench.marks.start = performance.now();
        void window.join(window.calleeId);
        return performance.timeOrigin + window.__bench.marks.start;
      },
    );
    const shown = (s) => round(s.steps['B first frame shown'], 0);
    console.error(
      `  ${mode} pair ${run + 1}/${runs}${run < 0 ? ' (warm-up)' : ''}: ours ${shown(ours)} ms, baseline ${shown(baseline)} ms`,
    );
    if (run >= 0) {
      samples.ours.push(ours);
      samples.baseline.push(baseline);
    }
  }
} finally {
  await browser.close();
  await server.close();
  await coturn.stop();
}

const medianOf = (list, read) => {
  const values = list.map(read).filter((v) => typeof v === 'number');
  return values.length ? round(median(values), 1) : undefined;
};
const stepNames = [...new Set([...samples.ours, ...samples.baseline].flatMap((s) => Object.keys(s.steps)))];
const steps = stepNames
  .map((name) => ({
    step: name,
    ours: medianOf(samples.ours, (s) => s.steps[name]),
    baseline: medianOf(samples.baseline, (s) => s.steps[name]),
  }))
  .sort((x, y) => (x.ours ?? x.baseline ?? 0) - (y.ours ?? y.baseline ?? 0));
const threadNames = [...new Set([...samples.ours, ...samples.baseline].flatMap((s) => [...s.cpu.keys()]))];
const cpuPerRun = (list, name) => round(list.reduce((sum, s) => sum + (s.cpu.get(name) ?? 0), 0) / list.length, 0);
const cpu = threadNames
  .map((thread) => ({ thread, ours: cpuPerRun(samples.ours, thread), baseline: cpuPerRun(samples.baseline, thread) }))
  .sort((x, y) => y.ours + y.baseline - (x.ours + x.baseline));
const total = (who) => cpu.reduce((sum, row) => sum + row[who], 0);
const rendersMs = medianOf(samples.ours, (s) => s.renders);

console.log(`\njoin trace, ${mode}, median of ${runs} pairs (ms from join(); "ms taken" is how long that step took)`);
const cell = (v, width) => String(v ?? '').padStart(width);
console.log(`${'step'.padEnd(44)} ${'ours'.padStart(8)} ${'baseline'.padStart(9)}`);
for (const row of steps) console.log(`${row.step.padEnd(44)} ${cell(row.ours, 8)} ${cell(row.baseline, 9)}`);
const turnKinds = [...new Set([...samples.ours, ...samples.baseline].flatMap((s) => Object.keys(s.turn)))].sort();
console.log(`\nTURN requests coturn answered from the join to the first frame (median per pair):`);
for (const kind of turnKinds)
  console.log(
    `${kind.padEnd(44)} ${cell(
      medianOf(samples.ours, (s) => s.turn[kind] ?? 0),
      8,
    )} ${cell(
      medianOf(samples.baseline, (s) => s.turn[kind] ?? 0),
      9,
    )}`,
  );
console.log(`\nour element's renders on B before its first frame: ${rendersMs} ms`);
console.log(
  `CPU ms per pair in the first ${CPU_WINDOW_MS} ms of the join (all Chromium threads; 2 cores give ${2 * CPU_WINDOW_MS}):`,
);
console.log(`${'total'.padEnd(44)} ${cell(total('ours'), 8)} ${cell(total('baseline'), 9)}`);
for (const row of cpu.filter((r) => r.ours + r.baseline >= 10)) {
  console.log(`${row.thread.padEnd(44)} ${cell(row.ours, 8)} ${cell(row.baseline, 9)}`);
}
console.log(JSON.stringify({ mode, runs, steps, rendersMs, cpuWindowMs: CPU_WINDOW_MS, cpu }));
process.exit(0);
