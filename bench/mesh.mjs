// Figure 5: a mesh of 4 pages in one room on this machine: every page
// decodes every other's video, the browser's CPU, and each sender's outgoing
// video per peer, read from `outbound-rtp` bytesSent. With 2, 3 and 4
// participants (and 3 again after one leaves) each sender's total must stay
// within its `max-bitrate` budget.
import os from 'node:os';
import { cpuSecondsOfTree, figure, instrumentPage, launchBrowser, poll, round, sleep, startBenchServer } from './lib.mjs';

/** Low enough that the budget binds on loopback (the default, 2500, is more than this machine's encoders reach with 3 peers). */
const BUDGET_KBPS = 800;
const TOLERANCE = 0.15;

async function openPerson(browser, base, room, name) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  await page.addInitScript(instrumentPage);
  await page.goto(`${base}/bench/element.html?room=${room}&name=${name}&max-bitrate=${BUDGET_KBPS}`);
  return { name, context, page };
}

/** Bytes of video sent so far on each connected RTCPeerConnection of the page, with the stats' own clock. */
const bytesSent = (page) =>
  page.evaluate(async () => {
    const out = [];
    for (const [index, pc] of window.__bench.pcs.entries()) {
      if (pc.connectionState !== 'connected') continue;
      for (const s of (await pc.getStats()).values()) {
        if (s.type === 'outbound-rtp' && s.kind === 'video') out.push({ index, bytes: s.bytesSent, at: s.timestamp });
      }
    }
    return out;
  });

const framesDecoded = (page) =>
  page.evaluate(async () =>
    Object.fromEntries(
      (await document.querySelector('video-chat-room').getConnectionStats()).map((s) => [s.peerId, s.videoFramesDecoded]),
    ),
  );

/** Outgoing video kbit/s per connection of every person over `ms`. */
async function sendRates(people, ms) {
  const before = await Promise.all(people.map((p) => bytesSent(p.page)));
  await sleep(ms);
  const after = await Promise.all(people.map((p) => bytesSent(p.page)));
  return people.map((person, i) => {
    const perPeer = after[i]
      .map((end) => {
        const start = before[i].find((b) => b.index === end.index);
        return start ? ((end.bytes - start.bytes) * 8) / (end.at - start.at) : undefined; // bits per ms = kbit/s
      })
      .filter((rate) => rate !== undefined);
    return { name: person.name, perPeer, total: perPeer.reduce((a, b) => a + b, 0) };
  });
}

async function allConnected(people) {
  const expected = people.length - 1;
  await poll(
    async () => {
      const frames = await Promise.all(people.map((p) => framesDecoded(p.page)));
      return frames.every((f) => Object.keys(f).length === expected && Object.values(f).every((n) => n > 0));
    },
    30_000,
    `${people.length} people all receiving video`,
    250,
  );
}

export async function mesh({ quick, log }) {
  const settleMs = quick ? 2000 : 8000;
  const windowMs = quick ? 2000 : 6000;
  const longWindowMs = quick ? 4000 : 30_000;
  const { server, base } = await startBenchServer({ demoDir: null });
  const browser = await launchBrowser();
  const room = `mesh-${Date.now()}`;
  const people = [];
  const figures = [];
  const budgetFigure = (label, rates) => {
    const totals = rates.map((r) => r.total);
    const worst = Math.max(...totals);
    log(
      `  ${label}: ${rates.map((r) => `${r.name} ${round(r.total, 0)} kbit/s = [${r.perPeer.map((k) => round(k, 0)).join(' + ')}]`).join('; ')}`,
    );
    return figure(`outgoing video per sender, ${label} (highest total)`, worst, 'kbit/s', {
      budget: `≤ ${BUDGET_KBPS} kbit/s +${TOLERANCE * 100}%`,
      pass: worst <= BUDGET_KBPS * (1 + TOLERANCE) && rates.every((r) => r.perPeer.length === rates.length - 1),
      note: `lowest total ${round(Math.min(...totals), 0)} kbit/s; per peer: ${rates.map((r) => r.perPeer.map((k) => round(k, 0)).join('/')).join(', ')}`,
    });
  };
  try {
    for (const n of [2, 3, 4]) {
      while (people.length < n) people.push(await openPerson(browser, base, room, `P${people.length + 1}`));
      await allConnected(people);
      await sleep(settleMs);
      if (n < 4) {
        figures.push(budgetFigure(`${n} participants`, await sendRates(people, windowMs)));
        continue;
      }
      // Four for the long window: frames, CPU and rates together.
      const framesBefore = await Promise.all(people.map((p) => framesDecoded(p.page)));
      const cpuBefore = cpuSecondsOfTree(process.pid);
      const ownBefore = process.cpuUsage();
      const t0 = Date.now();
      const rates = await sendRates(people, longWindowMs);
      const wall = (Date.now() - t0) / 1000;
      const own = process.cpuUsage(ownBefore);
      const browserCpu = cpuSecondsOfTree(process.pid) - cpuBefore - (own.user + own.system) / 1e6;
      const framesAfter = await Promise.all(people.map((p) => framesDecoded(p.page)));
      const growth = framesAfter.flatMap((after, i) => Object.entries(after).map(([id, n]) => n - (framesBefore[i][id] ?? 0)));
      const pairs = people.length * (people.length - 1);
      figures.push(
        figure(`4 pages, ${longWindowMs / 1000} s: fewest frames decoded from one peer`, Math.min(...growth), 'frames', {
          budget: `all ${pairs} streams growing`,
          pass: growth.length === pairs && growth.every((g) => g > 0),
          note: `frames per second per stream: min ${round(Math.min(...growth) / wall, 1)}, max ${round(Math.max(...growth) / wall, 1)}`,
        }),
        figure('4 pages: browser CPU (all processes)', (browserCpu / wall / os.cpus().length) * 100, '% of machine', {
          note: `${round(browserCpu / wall, 2)} cores busy of ${os.cpus().length}`,
        }),
        budgetFigure('4 participants', rates),
      );
    }
    // One leaves: the others' shares grow back.
    const gone = people.pop();
    await gone.context.close();
    await allConnected(people);
    await sleep(settleMs);
    figures.push(budgetFigure('3 participants after one left', await sendRates(people, windowMs)));
  } finally {
    await browser.close();
    await server.close();
  }
  return figures;
}
