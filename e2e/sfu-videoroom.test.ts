import assert from 'node:assert/strict';
import { build } from 'esbuild';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startJanus, type RunningJanus } from '../scripts/janus.mjs';
import { JanusRooms } from '../peer-server/src/media-server/janus-rooms.js';
import { closeAll, launchBrowser, startHostSite, type HostSite } from './harness.js';

/** The standalone VideoRoom client as one script, the way a page loads a chunk. */
async function bundledClient(): Promise<string> {
  const result = await build({
    entryPoints: [new URL('../widget/src/sfu/videoroom-client.ts', import.meta.url).pathname],
    bundle: true,
    format: 'esm',
    write: false,
    target: 'es2022',
  });
  return `${result.outputFiles[0].text}\nwindow.VideoRoomClient = VideoRoomClient;`.replace(/export\s*{[^}]*};?/, '');
}

/** A page that joins the VideoRoom with `grant`, publishes a 720p fake camera and counts what it receives. */
async function joinAndPublish(page: Page, grant: unknown, rtcConfiguration: RTCConfiguration = {}): Promise<void> {
  await page.evaluate(
    async ({ grant, rtcConfiguration }) => {
      const w = window as any;
      w.tracks = {};
      w.gone = [];
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 1280, height: 720 } });
      // Handlers from the page itself (set up in its init script): tsx would wrap named ones in a __name() the page lacks.
      const client = await w.VideoRoomClient.join(grant, { ...w.recorders, rtcConfiguration });
      await client.publish(stream);
      w.client = client;
    },
    { grant, rtcConfiguration },
  );
}

/** Per remote feed on this page: frames decoded and the decoded width, read from the one subscriber connection. */
function received(page: Page): Promise<Record<string, { frames: number; width: number }>> {
  return page.evaluate(async () => {
    const client = (window as any).client;
    const stats = await client.subscriber.pc.getStats();
    const byMid: Record<string, { frames: number; width: number }> = {};
    stats.forEach((report: any) => {
      if (report.type === 'inbound-rtp' && report.kind === 'video') {
        byMid[report.mid] = { frames: report.framesDecoded ?? 0, width: report.frameWidth ?? 0 };
      }
    });
    const out: Record<string, { frames: number; width: number }> = {};
    for (const feedId of client.subscriber.feeds) {
      const mid = client.subscriber.videoMidOf(feedId);
      if (mid && byMid[mid]) out[feedId] = byMid[mid];
    }
    return out;
  });
}

async function until<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean, timeout = 20_000): Promise<T> {
  const deadline = Date.now() + timeout;
  let last: T;
  for (;;) {
    last = await read();
    if (ok(last)) return last;
    if (Date.now() > deadline) throw new Error(`${what}: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('the VideoRoom client against a real Janus (Chromium)', () => {
  let janus: RunningJanus;
  let rooms: JanusRooms;
  let browser: Browser;
  let site: HostSite;
  const pages: Page[] = [];
  const feeds: string[] = [];

  /** A page of the host site, recording policy violations, tracks and departures. */
  async function openPage(): Promise<Page> {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(`
      window.violations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.violations.push(e.violatedDirective));
      window.recorders = {
        onTrack(feedId, track) { (window.tracks[feedId] ??= []).push(track.kind); },
        onFeedGone(feedId) { window.gone.push(feedId); },
      };
    `);
    await page.goto(site.origin);
    await page.waitForFunction(() => 'VideoRoomClient' in window);
    return page;
  }

  before(async () => {
    janus = await startJanus();
    rooms = new JanusRooms({
      janusUrl: janus.url,
      janusAdminUrl: janus.adminUrl,
      apiSecret: janus.apiSecret,
      adminSecret: janus.adminSecret,
      tokenTtlSeconds: 600,
    });
    // No 'unsafe-eval', no blob: workers, sockets to Janus alone.
    const policy = `default-src 'self'; script-src 'self'; connect-src ${janus.url}; media-src 'self' blob: mediastream:; worker-src 'none'; object-src 'none'; base-uri 'none'`;
    site = await startHostSite({
      '/': {
        body: `<!doctype html><html><head><meta charset="utf-8"><title>SFU</title>
          <script src="/sfu.js" type="module"></script></head><body></body></html>`,
        headers: { 'content-security-policy': policy },
      },
      '/sfu.js': { body: await bundledClient(), type: 'text/javascript' },
    });
    browser = await launchBrowser();
  });

  after(async () => {
    await closeAll(browser);
    await closeAll(site);
    await rooms?.shutdown();
    await janus?.stop();
  });

  test('three pages publish, and each decodes the other two over one subscriber connection', async () => {
    await rooms.open('class', 25);
    for (const name of ['ana', 'ben', 'cai']) {
      const page = await openPage();
      const grant = await rooms.grant('class', name);
      feeds.push(grant.feedId);
      await joinAndPublish(page, grant);
      pages.push(page);
    }
    for (const [i, page] of pages.entries()) {
      const others = feeds.filter((_, j) => j !== i).sort();
      const got = await until(
        `page ${i} decodes video from ${others.join(', ')}`,
        () => received(page),
        (r) => others.every((feed) => (r[feed]?.frames ?? 0) > 5),
      );
      assert.deepEqual(Object.keys(got).sort(), others);
      const shape = await page.evaluate(() => {
        const w = window as any;
        return {
          kinds: Object.values(w.tracks as Record<string, string[]>).map((kinds) => kinds.sort().join('+')),
          transceivers: w.client.subscriber.pc.getTransceivers().length,
          violations: w.violations,
        };
      });
      assert.deepEqual(shape.kinds, ['audio+video', 'audio+video'], 'audio and video of each other feed');
      assert.equal(shape.transceivers, 4, 'two feeds × (audio, video) on the one subscriber connection');
      assert.deepEqual(shape.violations, [], 'nothing the strict policy refused');
    }
  });

  test('a publisher sends three simulcast layers, and a small tile gets the small one, a pinned tile the top one', async () => {
    const [ana, ben] = pages;
    // Widths of the layers Ana's browser sends now (a loaded machine may lower the top one: Chromium adapts to CPU).
    const sent = () =>
      ana.evaluate(async () => {
        const stats = await (window as any).client.publisher.pc.getStats();
        const widths: number[] = [];
        stats.forEach((r: any) => r.type === 'outbound-rtp' && r.kind === 'video' && r.frameWidth && widths.push(r.frameWidth));
        return widths.sort((a, b) => a - b);
      });
    const layers = await until('three layers sent', sent, (widths) => widths.length === 3);
    assert.equal(layers[0], 320, 'the smallest layer is a quarter of the 1280 px camera');
    const anaFeed = feeds[0];
    const tile = (heightPx: number, pinned = false) => ({ feedId: anaFeed, visible: true, heightPx, speaking: false, pinned });
    await ben.evaluate((tiles) => (window as any).client.showTiles(tiles), [tile(150)]);
    await until(
      'the small layer',
      () => received(ben),
      (r) => r[anaFeed]?.width === 320,
    );
    await ben.evaluate((tiles) => (window as any).client.showTiles(tiles), [tile(150, true)]);
    await until(
      'the top layer',
      async () => ({ received: (await received(ben))[anaFeed]?.width, sent: await sent() }),
      ({ received, sent }) => received === sent.at(-1) && received > 640,
    );
  });

  test('a tile not shown receives no video, and gets it back when shown', async () => {
    const ben = pages[1];
    const anaFeed = feeds[0];
    await ben.evaluate(
      (feedId) => (window as any).client.showTiles([{ feedId, visible: false, heightPx: 0, speaking: false, pinned: false }]),
      anaFeed,
    );
    // Frames already on the way still decode; then none come for as long as the tile stays hidden.
    let still = 0;
    await until(
      'no video while hidden',
      async () => {
        const before = (await received(ben))[anaFeed].frames;
        await new Promise((resolve) => setTimeout(resolve, 1500));
        still = (await received(ben))[anaFeed].frames;
        return still - before;
      },
      (newFrames) => newFrames === 0,
      10_000,
    );
    await ben.evaluate(
      (feedId) => (window as any).client.showTiles([{ feedId, visible: true, heightPx: 360, speaking: false, pinned: false }]),
      anaFeed,
    );
    await until(
      'video again',
      () => received(ben),
      (r) => r[anaFeed].frames > still + 10,
    );
  });

  test('one who leaves is gone for the others', async () => {
    const cai = pages[2];
    await cai.evaluate(() => (window as any).client.leave());
    await rooms.release('class', 'cai');
    for (const page of pages.slice(0, 2)) {
      await page.waitForFunction((feedId) => (window as any).gone.includes(feedId), feeds[2], { timeout: 10_000 });
      await until(
        'the subscription dropped',
        () => page.evaluate(() => (window as any).client.subscriber.feeds),
        (f) => !f.includes(feeds[2]),
      );
    }
  });
});
