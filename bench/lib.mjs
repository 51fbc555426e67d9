// What every benchmark here shares: the browser as the tests start it, our
// server with the bench pages mounted beside the demo, figures as records,
// and a little statistics.
import { readdirSync, readFileSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BENCH_DIR = path.join(ROOT, 'bench');

export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/**
 * Our server (the built one, as `npm start` runs it) with `bench/pages` and
 * `bench/baseline` served under `/bench/`, and `extraFiles` (URL path → file)
 * beside them: pages and baselines come from the same origin and server.
 */
export async function startBenchServer(options = {}, extraFiles = {}) {
  const { createServer } = await import('../build/peer-server/src/server.js');
  // The benchmark pages live on the server's own origin, as a site's pages would beside the element.
  const pages = express.Router();
  for (const [urlPath, file] of Object.entries(extraFiles)) pages.get(urlPath, (_req, res) => res.sendFile(file));
  pages.use('/bench', express.static(path.join(BENCH_DIR, 'pages')));
  pages.use('/bench/baseline', express.static(path.join(BENCH_DIR, 'baseline')));
  const server = createServer({
    port: 0,
    host: '127.0.0.1',
    joinsPerMinute: 100_000,
    socketsPerAddress: 100_000,
    extraRoutes: pages,
    ...options,
  });
  const address = await server.listen();
  return { server, base: `http://127.0.0.1:${address.port}` };
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * One figure: `value` against `baseline` (same run, same machine), with
 * `ratio = value / baseline`. `budget` is the rule in words and `pass` whether
 * it holds (undefined when the figure has no budget).
 */
export function figure(name, value, unit, { baseline, budget, pass, note } = {}) {
  const ratio = baseline ? round(value / baseline, 3) : undefined;
  return {
    name,
    value: round(value, 2),
    unit,
    baseline: baseline === undefined ? undefined : round(baseline, 2),
    ratio,
    budget,
    pass,
    note,
  };
}

/** A figure that could not be produced in this build, with the reason. */
export function skipped(name, reason) {
  return { name, skipped: true, reason };
}

export function round(n, digits = 2) {
  if (typeof n !== 'number' || !Number.isFinite(n)) return n;
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export function percentile(values, p) {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` (async, from Node) until it returns a truthy value; throws with the last value after `timeoutMs`. */
export async function poll(check, timeoutMs, what, intervalMs = 100) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await check();
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(last)}`);
    await sleep(intervalMs);
  }
}

/** CPU seconds (user + system) used so far by `pid` and all its descendants: our Chromium, say. */
export function cpuSecondsOfTree(rootPid) {
  const ticks = 100; // USER_HZ on Linux
  const children = new Map();
  const own = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(fields[1]);
      own.set(Number(entry), (Number(fields[11]) + Number(fields[12])) / ticks);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  let total = 0;
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop();
    total += own.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** Resident set size of one process, in bytes. */
export function rssBytes(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)[1]) * 1024;
}

/**
 * Run in every bench page before its own scripts (same for ours and the
 * baselines): remembers each RTCPeerConnection, the first time any reaches
 * ICE `connected`, and the first remote video frame a `<video>` decodes
 * (requestVideoFrameCallback on any element given a stream with a received
 * track). Times are `performance.now()`.
 */
export function instrumentPage() {
  const marks = {};
  const pcs = [];
  window.__bench = { marks, pcs };
  const Native = window.RTCPeerConnection;
  const Wrapped = function (...args) {
    const pc = new Native(...args);
    pcs.push(pc);
    pc.addEventListener('iceconnectionstatechange', () => {
      if ((pc.iceConnectionState === 'connected' || pc.iceConnectionState === 'completed') && !marks.iceConnected)
        marks.iceConnected = performance.now();
    });
    return pc;
  };
  Wrapped.prototype = Native.prototype;
  Object.setPrototypeOf(Wrapped, Native);
  window.RTCPeerConnection = Wrapped;
  const descriptor = Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, 'srcObject');
  Object.defineProperty(HTMLMediaElement.prototype, 'srcObject', {
    ...descriptor,
    set(stream) {
      descriptor.set.call(this, stream);
      // Received tracks, looked up now: a stream can be shown before the track event of its video has fired.
      const received = (t) => pcs.some((pc) => pc.getReceivers().some((r) => r.track === t));
      const remote = stream?.getVideoTracks?.().some(received);
      if (remote && this instanceof HTMLVideoElement && !marks.firstFrame) {
        this.requestVideoFrameCallback(() => {
          marks.firstFrame ??= performance.now();
        });
      }
    },
  });
}
