// Figure 1: what a page downloads before its first join (every script of ours
// that has arrived when the element fires `join`: the entry and any chunk the
// join itself needed; chat, files, cues and other languages load after, as
// chunks of their own), minified, gzip and brotli, against
// PeerJS's own minified build alone; and which sources the bytes come from,
// read from the bundle's source map.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { figure, launchBrowser, poll, ROOT, startBenchServer } from './lib.mjs';

const BUDGET_RATIO = 1.6;
const PEERJS_MIN = path.join(ROOT, 'node_modules/peerjs/dist/peerjs.min.js');
const BUNDLE = path.join(ROOT, 'dist/video-chat-room.js');

const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;
const brotli = (bytes) => brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

/** The scripts a page with the element fetches from opening to `joined`, with their bodies. */
async function scriptsBeforeFirstJoin() {
  const { server, base } = await startBenchServer({ demoDir: null });
  const browser = await launchBrowser();
  try {
    const page = await (await browser.newContext()).newPage();
    const scripts = new Map();
    page.on('response', (response) => {
      const type = response.request().resourceType();
      if (type !== 'script' && !response.url().endsWith('.js')) return;
      // Chunks loaded after the join may still be arriving when the browser closes: those do not count anyway.
      response.body().then(
        (body) => scripts.set(response.url(), body),
        () => {},
      );
    });
    await page.addInitScript(() =>
      document.addEventListener(
        'join',
        () => (window.__arrivedAtJoin = performance.getEntriesByType('resource').map((entry) => entry.name)),
        { capture: true, once: true },
      ),
    );
    await page.goto(`${base}/bench/element.html?room=weight-${Date.now()}`);
    await poll(() => page.evaluate(() => document.querySelector('video-chat-room')?.status === 'joined'), 15_000, 'joined');
    const arrived = new Set(await page.evaluate(() => window.__arrivedAtJoin));
    // Bodies are read asynchronously: wait until every script that had arrived at the join has one.
    await poll(() => [...arrived].every((url) => !url.endsWith('.js') || scripts.has(url)), 5_000, 'script bodies');
    // The bench page's own script is the host site's code, not ours.
    return [...scripts]
      .filter(([url]) => arrived.has(url) && !new URL(url).pathname.startsWith('/bench/'))
      .map(([url, body]) => ({ path: new URL(url).pathname, body }));
  } finally {
    await browser.close();
    await server.close();
  }
}

/** Minified bytes of the bundle per package (or our own source folder), from its source map. */
function topContributors(limit = 8) {
  const code = readFileSync(BUNDLE, 'utf8');
  const map = JSON.parse(readFileSync(`${BUNDLE}.map`, 'utf8'));
  const lines = code.split('\n');
  const bytes = new Map();
  const add = (source, n) => bytes.set(source, (bytes.get(source) ?? 0) + n);
  map.mappings.split(';').forEach((segments, lineIndex) => {
    const line = lines[lineIndex] ?? '';
    let column = 0;
    let source = 0;
    const decoded = segments ? segments.split(',').map(decodeVlq) : [];
    // Column and source fields are relative to the previous segment; only the first two fields matter here.
    const points = [];
    for (const fields of decoded) {
      column += fields[0];
      if (fields.length > 1) source += fields[1];
      points.push({ column, source: fields.length > 1 ? source : -1 });
    }
    points.forEach((point, i) => {
      const end = i + 1 < points.length ? points[i + 1].column : line.length;
      add(point.source >= 0 ? map.sources[point.source] : '(generated)', end - point.column);
    });
    if (!points.length) add('(generated)', line.length);
  });
  const byPackage = new Map();
  for (const [source, n] of bytes) {
    const key = packageOf(source);
    byPackage.set(key, (byPackage.get(key) ?? 0) + n);
  }
  const total = code.length;
  return [...byPackage]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, n]) => ({ name, bytes: n, share: n / total }));
}

function packageOf(source) {
  const nodeModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
  if (nodeModules) return nodeModules[1];
  const ours = /(widget\/src(?:\/[^/]+)?|protocol)\//.exec(source);
  if (ours) return ours[1].replace(/\/[^/]+\.ts$/, '');
  return source;
}

const VLQ = Object.fromEntries([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].map((c, i) => [c, i]));
function decodeVlq(segment) {
  const values = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = VLQ[char];
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = shift = 0;
    }
  }
  return values;
}

export async function scriptWeight({ log }) {
  const scripts = await scriptsBeforeFirstJoin();
  const all = Buffer.concat(scripts.map((s) => s.body));
  const perFileGzip = scripts.reduce((n, s) => n + gzip(s.body), 0);
  const peerjs = readFileSync(PEERJS_MIN);
  log(`  loaded before the first join: ${scripts.map((s) => `${s.path} (${s.body.length} B)`).join(', ')}`);
  const contributors = topContributors();
  for (const c of contributors)
    log(`  ${c.name.padEnd(28)} ${String(c.bytes).padStart(7)} B minified  ${(c.share * 100).toFixed(1)}%`);
  const what = `${scripts.length} script(s): ${scripts.map((s) => s.path).join(', ')}`;
  return [
    figure('scripts before first join, minified', all.length, 'B', { baseline: peerjs.length, note: what }),
    figure('scripts before first join, gzip', perFileGzip, 'B', {
      baseline: gzip(peerjs),
      budget: `≤ ${BUDGET_RATIO}× PeerJS alone`,
      pass: perFileGzip <= BUDGET_RATIO * gzip(peerjs),
      note: 'baseline: node_modules/peerjs/dist/peerjs.min.js (gzip -9; brotli q11)',
    }),
    figure(
      'scripts before first join, brotli',
      scripts.reduce((n, s) => n + brotli(s.body), 0),
      'B',
      { baseline: brotli(peerjs) },
    ),
    ...contributors.map((c) => figure(`  minified bundle share: ${c.name} (${(c.share * 100).toFixed(1)}%)`, c.bytes, 'B')),
  ];
}
