// Figure 2: time from join() on the second page to its first decoded remote
// frame, ours against a minimal PeerJS page (bench/baseline/peerjs-call.html)
// on the same server, in the same browser, interleaved run by run, direct and
// relay-only through a local coturn.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { rollup } from 'rollup';
import ts from 'typescript';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { peerjsForEmbeddingRollup } from '../scripts/peerjs-for-embedding.mjs';
import { newTurnSecret, startCoturn } from '../scripts/coturn.mjs';
import {
  BENCH_DIR,
  figure,
  freePort,
  instrumentPage,
  launchBrowser,
  median,
  poll,
  round,
  sleep,
  startBenchServer,
} from './lib.mjs';

const BUDGET_RATIO = 1.15;

/** The baseline's PeerJS, built the way the element's copy is (see bench/baseline/peerjs-entry.mjs). */
export async function buildBaselinePeerjs() {
  const bundle = await rollup({
    input: path.join(BENCH_DIR, 'baseline/peerjs-entry.mjs'),
    plugins: [
      nodeResolve({ browser: true }),
      peerjsForEmbeddingRollup(),
      // The adapter stand-in is TypeScript: type-stripped here as the element's build does.
      {
        name: 'strip-types',
        transform: (code, id) =>
          id.endsWith('.ts')
            ? ts.transpileModule(code, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } })
                .outputText
            : null,
      },
      terser({ format: { comments: false }, compress: { passes: 2 } }),
    ],
    onwarn: (warning, warn) => warning.code !== 'THIS_IS_UNDEFINED' && warn(warning),
  });
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'vcr-bench-')), 'peerjs.js');
  await bundle.write({ file, format: 'iife' });
  await bundle.close();
  return file;
}

async function openInstrumented(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  await page.addInitScript(instrumentPage);
  await page.goto(url);
  return { context, page };
}

const marksOf = (page) => page.evaluate(() => window.__bench.marks);

/** Local candidate type of the first connected RTCPeerConnection on the page. */
const candidateTypeOf = (page) =>
  page.evaluate(async () => {
    for (const pc of window.__bench.pcs) {
      const stats = [...(await pc.getStats()).values()];
      const pair = stats.find((s) => s.type === 'candidate-pair' && s.state === 'succeeded' && s.nominated);
      const local = pair && stats.find((s) => s.id === pair.localCandidateId);
      if (local) return local.candidateType;
    }
    return 'none';
  });

/**
 * One run of ours: page A joins, then B's join() is timed to its first remote
 * frame. `page` is the bench page and its query (another build, say: see
 * bench/compare-builds.mjs).
 */
export async function runOurs(browser, base, mode, run, page = '/bench/element.html?') {
  const room = `ttff-${mode}-${run}-${Date.now()}`;
  const transport = mode === 'relay' ? '&ice-transport=relay' : '';
  const a = await openInstrumented(browser, `${base}${page}room=${room}&name=A${transport}`);
  const b = await openInstrumented(browser, `${base}${page}room=${room}&name=B&autojoin=off${transport}`);
  try {
    await poll(() => a.page.evaluate(() => document.querySelector('video-chat-room')?.status === 'joined'), 15_000, 'A joined');
    await poll(() => b.page.evaluate(() => document.querySelector('video-chat-room')?.status === 'idle'), 15_000, 'B ready');
    await b.page.evaluate(() => {
      const element = document.querySelector('video-chat-room');
      const marks = window.__bench.marks;
      element.addEventListener('join', () => (marks.signaled = performance.now()), { once: true });
      marks.start = performance.now();
      void element.join();
    });
    const marks = await poll(async () => ((await marksOf(b.page)).firstFrame ? marksOf(b.page) : null), 20_000, 'first frame');
    return { ...split(marks), candidate: await candidateTypeOf(b.page) };
  } finally {
    await a.context.close();
    await b.context.close();
  }
}

/** One run of the baseline page, the same way; `iceServersFor(peerId)` gives it what our server would. */
export async function runBaseline(browser, base, mode, run, iceServersFor) {
  const calleeId = `ttff-callee-${mode}-${run}-${Date.now()}`;
  const callerId = `ttff-caller-${mode}-${run}-${Date.now()}`;
  const pageUrl = (id, role) =>
    `${base}/bench/baseline/peerjs-call.html?${new URLSearchParams({
      id,
      role,
      room: calleeId,
      iceServers: JSON.stringify(iceServersFor(id)),
      iceTransport: mode === 'relay' ? 'relay' : 'all',
    })}`;
  const a = await openInstrumented(browser, pageUrl(calleeId, 'callee'));
  const b = await openInstrumented(browser, pageUrl(callerId, 'caller'));
  try {
    await a.page.evaluate(() => window.ready);
    await b.page.evaluate((id) => {
      window.__bench.marks.start = performance.now();
      void window.join(id);
    }, calleeId);
    const marks = await poll(async () => ((await marksOf(b.page)).firstFrame ? marksOf(b.page) : null), 20_000, 'first frame');
    return { ...split(marks), candidate: await candidateTypeOf(b.page) };
  } finally {
    await a.context.close();
    await b.context.close();
  }
}

function split(marks) {
  return {
    total: marks.firstFrame - marks.start,
    signaling: marks.signaled - marks.start,
    ice: marks.iceConnected - marks.start,
  };
}

/** Pause after each run, so the next does not meet the last one's teardown. */
export const SETTLE_MS = 1000;

export async function firstFrame({ quick, log }) {
  // Eleven rather than the seven asked for at least: on this machine a median of 7 still moved by ±10 %.
  const runs = quick ? 1 : 11;
  const peerjsFile = await buildBaselinePeerjs();
  const secret = newTurnSecret();
  const turnPort = await freePort();
  const coturn = await startCoturn({ secret, port: turnPort });
  const turn = { secret, urls: [`turn:127.0.0.1:${turnPort}?transport=udp`], ttlSeconds: 3600 };
  const { server, base } = await startBenchServer({ turn, demoDir: null }, { '/bench/peerjs.js': peerjsFile });
  const { iceServersFor } = await import('../build/peer-server/src/turn-credentials.js');
  // The baseline gets what our server hands a member: the same TURN server, credentials made the same way.
  const baselineIce = (peerId) => iceServersFor(peerId, server.options.stunUrls, turn);
  const browser = await launchBrowser();
  const figures = [];
  try {
    for (const mode of ['direct', 'relay']) {
      const samples = { ours: [], baseline: [] };
      // One warm-up pair, not counted: the first page of a fresh browser pays for its caches.
      if (!quick) {
        await runOurs(browser, base, mode, 'warmup');
        await runBaseline(browser, base, mode, 'warmup', baselineIce);
      }
      const failures = { ours: 0, baseline: 0 };
      // A run that never shows a frame (20 s) is counted as a failure and tried again, up to twice.
      const attempt = async (who, run) => {
        for (let tries = 0; tries < 3; tries++) {
          try {
            return await (who === 'ours'
              ? runOurs(browser, base, mode, `${run}-${tries}`)
              : runBaseline(browser, base, mode, `${run}-${tries}`, baselineIce));
          } catch (error) {
            failures[who]++;
            log(`  ${mode} ${who} run ${run + 1} failed: ${error.message}`);
          }
        }
        throw new Error(`${mode}: ${who} failed three times in a row`);
      };
      for (let run = 0; run < runs; run++) {
        // Ours and the baseline take turns going first, so neither always meets the machine just after the other.
        for (const who of run % 2 ? ['baseline', 'ours'] : ['ours', 'baseline']) {
          samples[who].push(await attempt(who, run));
          // The pages just closed are still being torn down (processes, sockets, TURN allocations): let that pass.
          await sleep(SETTLE_MS);
        }
        log(
          `  ${mode} run ${run + 1}/${runs}: ours ${round(samples.ours.at(-1).total, 0)} ms, baseline ${round(samples.baseline.at(-1).total, 0)} ms`,
        );
      }
      const med = (who, key) => median(samples[who].map((s) => s[key]));
      const candidates = (who) => [...new Set(samples[who].map((s) => s.candidate))].join('/');
      const ours = med('ours', 'total');
      const baseline = med('baseline', 'total');
      const relayHeld = mode !== 'relay' || (candidates('ours') === 'relay' && candidates('baseline') === 'relay');
      figures.push(
        figure(`time to first remote frame, ${mode} (median of ${runs})`, ours, 'ms', {
          baseline,
          budget: `≤ ${BUDGET_RATIO}× baseline`,
          pass: ours <= BUDGET_RATIO * baseline && relayHeld,
          note: `candidates: ours ${candidates('ours')}, baseline ${candidates('baseline')}; failed runs retried: ours ${failures.ours}, baseline ${failures.baseline}; baseline: plain PeerJS page, same PeerJS build as the element`,
        }),
      );
      for (const [key, label] of [
        ['signaling', 'signaling join (ours: join event; baseline: PeerJS open and room join)'],
        ['ice', 'ICE connected'],
      ]) {
        figures.push(figure(`  ${mode}: ${label}`, med('ours', key), 'ms', { baseline: med('baseline', key) }));
      }
      figures.push(
        figure(`  ${mode}: first frame after ICE connected`, ours - med('ours', 'ice'), 'ms', {
          baseline: baseline - med('baseline', 'ice'),
        }),
      );
    }
  } finally {
    await browser.close();
    await server.close();
    await coturn.stop();
  }
  return figures;
}
