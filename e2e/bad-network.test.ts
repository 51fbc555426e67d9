import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { VideoChatServer } from '../peer-server/src/server.js';
import {
  launchBrowser,
  openDemo,
  type Person,
  remoteTileIds,
  startServer,
  waitForMediaFromAll,
  waitForStatus,
} from './harness.js';
import { issueTurnCredentials } from '../peer-server/src/turn-credentials.js';
import { freeTurnPort, newTurnSecret, startCoturn, type RunningCoturn } from '../scripts/coturn.mjs';
import { type ImpairedRelay, startImpairedRelay } from './impaired-relay.js';
import { launchHostChromium, NetworkNamespace, SERVER_ADDRESS } from './network-namespace.js';

const ALIVE_TIMEOUT_MS = 10_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What one page receives from its one remote participant so far. */
const received = (page: Page) =>
  page.evaluate(async () => {
    const [stats] = await document.querySelector('video-chat-room')!.getConnectionStats();
    return { frames: stats?.videoFramesDecoded ?? 0, audio: stats?.audioBytesReceived ?? 0 };
  });

const eventCount = (person: Person, type: string) =>
  person.page.evaluate((t) => (window as any).__events.filter((e: any) => e.type === t).length as number, type);

/** Polls until `check` holds; resolves with the milliseconds it took. */
async function within(what: string, timeout: number, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeout) throw new Error(`${what}: not within ${timeout} ms`);
    await sleep(200);
  }
  return Date.now() - started;
}

/**
 * Samples both directions once a second for `seconds`: every sample must see
 * audio bytes grow (no gap of a second), and the video frame rate is returned.
 */
async function mediaOver(from: Page, seconds: number): Promise<{ fps: number; audioGaps: number }> {
  let last = await received(from);
  const first = last;
  let audioGaps = 0;
  for (let i = 0; i < seconds; i++) {
    await sleep(1000);
    const now = await received(from);
    if (now.audio <= last.audio) audioGaps++;
    last = now;
  }
  return { fps: (last.frames - first.frames) / seconds, audioGaps };
}

describe('bad networks: one page in a network namespace of its own', () => {
  let ns: NetworkNamespace;
  let server: VideoChatServer;
  let hostBrowser: Browser;
  let nsBrowser: Browser;
  let ana: Person;
  let ben: Person;

  before(async () => {
    ns = new NetworkNamespace(0);
    const { server: started, base } = await startServer({ host: SERVER_ADDRESS, aliveTimeoutMs: ALIVE_TIMEOUT_MS });
    server = started;
    [hostBrowser, nsBrowser] = await Promise.all([launchHostChromium(base), ns.launchChromium(base)]);
    ana = await openDemo(hostBrowser, base, { room: 'e2e-bad-network', name: 'Ana' });
    ben = await openDemo(nsBrowser, base, { room: 'e2e-bad-network', name: 'Ben' });
    for (const person of [ana, ben]) await waitForStatus(person.page, 'joined');
    for (const person of [ana, ben]) await waitForMediaFromAll(person.page, 1);
  });
  after(async () => {
    await hostBrowser?.close();
    await nsBrowser?.close();
    await server?.close();
    await ns?.close();
  });

  test('an uplink capped at 300 kbit/s: video keeps coming (5+ frames/s), audio without gaps, quality fair or poor, no reconnect', async () => {
    ns.capUplink(300);
    try {
      await sleep(4000);
      const { fps, audioGaps } = await mediaOver(ana.page, 6);
      // The page on the capped link rates its link to Ana (its video to her is what the cap holds back).
      const quality = await ben.page.evaluate(
        () =>
          document.querySelector('video-chat-room')!.shadowRoot!.querySelector<HTMLElement>('[data-peer-id]')!.dataset.quality,
      );
      console.log(`capped uplink: ${fps.toFixed(1)} frames/s from Ben, his quality cue ${quality}`);
      assert.ok(fps >= 5, `at least 5 frames a second (got ${fps})`);
      assert.equal(audioGaps, 0, 'audio bytes grow every second');
      assert.match(String(quality), /fair|poor/);
    } finally {
      ns.capUplink(undefined);
    }
    for (const person of [ana, ben]) assert.equal(await eventCount(person, 'participant-leave'), 0);
    for (const person of [ana, ben]) assert.equal(await eventCount(person, 'participant-join'), 1);
  });

  test('the server unreachable for one page only: its call goes on peer to peer, and its signaling is back after', async () => {
    ns.routeToServer(false);
    try {
      const [fromBen, fromAna] = await Promise.all([mediaOver(ana.page, 5), mediaOver(ben.page, 5)]);
      assert.ok(fromBen.fps > 5 && fromAna.fps > 5, `video both ways (${fromBen.fps}, ${fromAna.fps})`);
      assert.equal(fromBen.audioGaps + fromAna.audioGaps, 0);
    } finally {
      ns.routeToServer(true);
    }
    await ben.page.evaluate(() => document.querySelector('video-chat-room')!.setAttribute('display-name', 'Ben B'));
    await within('the rename to reach Ana through the server', 15_000, () =>
      ana.page.evaluate(
        () =>
          document
            .querySelector('video-chat-room')!
            .shadowRoot!.querySelector('[data-peer-id] figcaption')
            ?.textContent?.trim() === 'Ben B',
      ),
    );
    assert.equal(await eventCount(ana, 'participant-leave'), 0);
  });

  test('a dead link for 20 s: the others see the page leave, it shows it is offline, and rejoins by itself once the link is back', async () => {
    const joinsBefore = await eventCount(ana, 'participant-join');
    ns.setLink(false);
    const down = Date.now();
    let leftAfter: number;
    let noticeAfter: number;
    try {
      [leftAfter, noticeAfter] = await Promise.all([
        within('Ana to see Ben leave', ALIVE_TIMEOUT_MS + 5000, async () => (await eventCount(ana, 'participant-leave')) === 1),
        within('Ben to show he is offline or reconnecting', 19_000, () =>
          ben.page.evaluate(
            () =>
              (window as any).__events.some((e: any) => e.type === 'error' && e.detail.code === 'network-offline') ||
              document.querySelector('video-chat-room')!.shadowRoot!.querySelector('.reconnecting') !== null,
          ),
        ),
      ]);
      await sleep(20_000 - (Date.now() - down));
    } finally {
      ns.setLink(true);
    }
    const up = Date.now();
    const rejoinedAfter = await within(
      'Ana to see Ben again',
      10_000,
      async () => (await eventCount(ana, 'participant-join')) > joinsBefore,
    );
    for (const person of [ana, ben]) await waitForMediaFromAll(person.page, 1, Math.max(1000, 10_000 - (Date.now() - up)));
    const restoredAfter = Date.now() - up;
    console.log(
      `dead link: left after ${leftAfter} ms, offline shown after ${noticeAfter} ms; after the link is back, rejoined in ${rejoinedAfter} ms, call restored in ${restoredAfter} ms`,
    );
    for (const person of [ana, ben]) assert.equal((await remoteTileIds(person.page)).length, 1, 'one tile per person');
    assert.equal(await ben.page.evaluate(() => document.querySelector('video-chat-room')!.status), 'joined');
    assert.ok(restoredAfter < 10_000);
  });
});

describe('a lossy, slow link: 150 ms each way and 3 % loss between a relay-only page and coturn', () => {
  const secret = newTurnSecret();
  let coturn: RunningCoturn;
  let relay: ImpairedRelay;
  let server: VideoChatServer;
  let browser: Browser;
  let ana: Person;
  let ben: Person;

  before(async () => {
    const turnPort = await freeTurnPort();
    coturn = await startCoturn({ secret, port: turnPort });
    relay = await startImpairedRelay(turnPort, { delayMs: 150, jitterMs: 10, loss: 0.03 });
    const turn = { secret, urls: [`turn:127.0.0.1:${turnPort}?transport=udp`], ttlSeconds: 3600 };
    let base: string;
    ({ server, base } = await startServer({ turn }));
    browser = await launchBrowser();
    // Ben's only way out is the impaired relay: his TURN server is it, with credentials coturn accepts.
    const impaired = { ...turn, urls: [`turn:127.0.0.1:${relay.port}?transport=udp`] };
    const benIce = JSON.stringify([issueTurnCredentials(impaired, 'ben')]);
    ana = await openDemo(browser, base, { room: 'e2e-lossy', name: 'Ana', 'ice-transport': 'relay' });
    // The demo takes no ice-servers from its address: the list is set on the element before it joins.
    ben = await openDemo(browser, base, { room: 'e2e-lossy', name: 'Ben', 'ice-transport': 'relay', prejoin: 'on' });
    await ben.page.evaluate((iceServers) => {
      const element = document.querySelector('video-chat-room')!;
      element.setAttribute('ice-servers', iceServers);
      return element.join();
    }, benIce);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await relay?.close();
    await coturn?.stop();
  });

  test('the call stays up, audio and video keep flowing both ways, and the quality cue says fair or poor', async () => {
    for (const person of [ana, ben]) await waitForMediaFromAll(person.page, 1, 30_000);
    await sleep(3000);
    const [fromBen, fromAna] = await Promise.all([mediaOver(ana.page, 6), mediaOver(ben.page, 6)]);
    const tileQuality = (page: Page) =>
      page.evaluate(
        () =>
          document.querySelector('video-chat-room')!.shadowRoot!.querySelector<HTMLElement>('[data-peer-id]')!.dataset.quality,
      );
    const qualities = [await tileQuality(ana.page), await tileQuality(ben.page)];
    console.log(
      `lossy link: ${fromBen.fps.toFixed(1)} / ${fromAna.fps.toFixed(1)} frames/s, quality ${qualities.join(' / ')}, relay ${JSON.stringify(relay.counts())}`,
    );
    assert.ok(relay.counts().dropped > 0, 'the relay dropped datagrams');
    assert.ok(fromBen.fps >= 5 && fromAna.fps >= 5, 'video both ways');
    assert.equal(fromBen.audioGaps + fromAna.audioGaps, 0, 'audio every second, both ways');
    for (const quality of qualities) assert.match(String(quality), /fair|poor/);
    const stats = await ben.page.evaluate(() => document.querySelector('video-chat-room')!.getConnectionStats());
    assert.equal(stats[0].localCandidateType, 'relay');
    for (const person of [ana, ben]) assert.equal(await eventCount(person, 'participant-leave'), 0);
  });
});
