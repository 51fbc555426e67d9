import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { VideoChatServer } from '../peer-server/src/server.js';
import { closeAll, openCall, type Person, startBrowserAndServer, waitForMediaFromAll } from './harness.js';

/** Video frames decoded so far from each remote participant. */
const framesFrom = (page: Page) =>
  page.evaluate(async () =>
    (await document.querySelector('video-chat-room')!.getConnectionStats()).map((s) => s.videoFramesDecoded),
  );

describe('one page loses its network for a few seconds', () => {
  let browser: Browser;
  let server: VideoChatServer;
  let base: string;
  let ana: Person;
  let ben: Person;

  before(async () => {
    ({ browser, server, base } = await startBrowserAndServer());
    [ana, ben] = await openCall(browser, base, 'e2e-blip', ['Ana', 'Ben']);
  });
  after(() => closeAll(browser, server));

  test('the page says it is offline, then rejoins by itself and both see each other again', async () => {
    // Offline: the signaling socket drops (the server lets Ben go); peer-to-peer media is not emulated away.
    await ben.context.setOffline(true);
    await ben.page.waitForFunction(() =>
      (window as any).__events.some((e: any) => e.type === 'error' && e.detail.code === 'network-offline'),
    );
    await ana.page.waitForFunction(() => (window as any).__events.some((e: any) => e.type === 'participant-leave'), null, {
      timeout: 15_000,
    });
    await new Promise((r) => setTimeout(r, 2000));
    await ben.context.setOffline(false);

    // Back: Ben rejoins under the same id, Ana sees him again, and media flows both ways afresh.
    await ana.page.waitForFunction(
      () => (window as any).__events.filter((e: any) => e.type === 'participant-join').length >= 2,
      null,
      { timeout: 20_000 },
    );
    for (const person of [ana, ben]) await waitForMediaFromAll(person.page, 1, 20_000);
    const before = [...(await framesFrom(ana.page)), ...(await framesFrom(ben.page))];
    await new Promise((r) => setTimeout(r, 1500));
    const later = [...(await framesFrom(ana.page)), ...(await framesFrom(ben.page))];
    assert.equal(later.length, 2, 'each sees exactly one other');
    later.forEach((frames, i) => assert.ok(frames > before[i], `frames still arriving (${before[i]} → ${frames})`));
    const tiles = await ana.page.evaluate(
      () => document.querySelector('video-chat-room')!.shadowRoot!.querySelectorAll('[data-peer-id]').length,
    );
    assert.equal(tiles, 1, 'Ben is shown once');
    assert.equal(await ben.page.evaluate(() => document.querySelector('video-chat-room')!.status), 'joined');
  });
});
