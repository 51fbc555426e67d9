// `node bench/compare-builds.mjs <distA> <distB> [--runs=9] [--mode=direct|relay]`:
// time to first remote frame of two builds of ours (two `dist/` folders: say
// main's and a change's), interleaved run by run with the baseline page of
// figure 2, in one browser against one server. The machine's noise moves the
// figure by 10-30 % from one run to the next, so a change is judged by B/A
// measured side by side, not against a figure from another run. Prints the
// medians and one JSON line. Needs a build of the server (`npm run build`).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { SETTLE_MS, buildBaselinePeerjs, runBaseline, runOurs } from './first-frame.mjs';
import { newTurnSecret, startCoturn } from '../scripts/coturn.mjs';
import { freePort, launchBrowser, median, round, sleep, startBenchServer } from './lib.mjs';

const [distA, distB] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const option = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const runs = Number(option('runs', 9));
const mode = option('mode', 'direct');
if (!distA || !distB) {
  console.error('usage: node bench/compare-builds.mjs <distA> <distB> [--runs=9] [--mode=direct|relay]');
  process.exit(2);
}

// Each build's scripts under /a/ and /b/ of the bench server (chunks load relative to their entry).
const files = { '/bench/peerjs.js': await buildBaselinePeerjs() };
for (const [prefix, dist] of [
  ['/a', distA],
  ['/b', distB],
]) {
  for (const file of readdirSync(dist, { recursive: true })) {
    if (file.endsWith('.js')) files[`${prefix}/${file}`] = path.resolve(dist, file);
  }
}
const secret = newTurnSecret();
const coturn = await startCoturn({ secret, port: await freePort() });
const turn = { secret, urls: [`turn:127.0.0.1:${coturn.port}?transport=udp`], ttlSeconds: 3600 };
const { server, base } = await startBenchServer({ turn, demoDir: null }, files);
const { iceServersFor } = await import('../build/peer-server/src/turn-credentials.js');
const baselineIce = (peerId) => iceServersFor(peerId, server.options.stunUrls, turn);
const page = (prefix) => `/bench/build.html?src=${encodeURIComponent(`${prefix}/video-chat-room.js`)}&`;

const browser = await launchBrowser();
const samples = { a: [], b: [], baseline: [] };
try {
  // One warm-up of each, not counted.
  await runOurs(browser, base, mode, 'warm-a', page('/a'));
  await runOurs(browser, base, mode, 'warm-b', page('/b'));
  await runBaseline(browser, base, mode, 'warm', baselineIce);
  for (let run = 0; run < runs; run++) {
    // A, B and the baseline take every order in turn (six runs cover all six), so none always meets
    // the machine just after another's teardown; each run is followed by first-frame's pause.
    const rotated = ['a', 'b', 'baseline'].map((_, i, all) => all[(i + run) % 3]);
    for (const who of Math.floor(run / 3) % 2 ? rotated.reverse() : rotated) {
      samples[who].push(
        who === 'baseline'
          ? (await runBaseline(browser, base, mode, run, baselineIce)).total
          : (await runOurs(browser, base, mode, `${who}${run}`, page(`/${who}`))).total,
      );
      await sleep(SETTLE_MS);
    }
    const last = (key) => round(samples[key].at(-1), 0);
    console.error(`  ${mode} run ${run + 1}/${runs}: A ${last('a')} ms, B ${last('b')} ms, baseline ${last('baseline')} ms`);
  }
} finally {
  await browser.close();
  await server.close();
  await coturn.stop();
}

const a = median(samples.a);
const b = median(samples.b);
const baseline = median(samples.baseline);
console.log(
  `time to first remote frame, ${mode}, median of ${runs}: A ${round(a, 0)} ms (${round(a / baseline, 2)}× baseline), ` +
    `B ${round(b, 0)} ms (${round(b / baseline, 2)}×), baseline ${round(baseline, 0)} ms; B/A ${round(b / a, 3)}`,
);
console.log(JSON.stringify({ mode, runs, distA, distB, a, b, baseline, bOverA: round(b / a, 3), samples }));
process.exit(0);
