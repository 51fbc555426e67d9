import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { VideoChatServer } from '../peer-server/src/server.js';
import { closeAll, launchBrowser, openDemo, remoteTileIds, startServer, waitForMediaFromAll, waitForStatus } from './harness.js';

const framesDecoded = (page: Page) =>
  page.evaluate(async () =>
    (await document.querySelector('video-chat-room')!.getConnectionStats()).reduce((n, s) => n + s.videoFramesDecoded, 0),
  );
const reconnecting = (page: Page) =>
  page.evaluate(() => !!document.querySelector('video-chat-room')!.shadowRoot!.querySelector('.reconnecting'));

describe('the server restarts during a call', () => {
  let browser: Browser;
  let server: VideoChatServer | undefined;
  before(async () => (browser = await launchBrowser()));
  after(() => closeAll(browser, server));

  test('calls keep their media, pages rejoin by themselves, and newcomers reach everyone', async () => {
    ({ server } = await startServer());
    const port = server.httpServer.address() as { port: number };
    const base = `http://127.0.0.1:${port.port}`;
    const people = [
      await openDemo(browser, base, { room: 'restart', name: 'Ana' }),
      await openDemo(browser, base, { room: 'restart', name: 'Ben' }),
    ];
    for (const { page } of people) await waitForStatus(page, 'joined');
    for (const { page } of people) await waitForMediaFromAll(page, 1);

    await server.close();
    server = undefined;
    for (const { page } of people)
      await page.waitForFunction(() => document.querySelector('video-chat-room')!.shadowRoot!.querySelector('.reconnecting'));
    // Media goes on peer to peer while the server is away.
    const before = await framesDecoded(people[0].page);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.ok((await framesDecoded(people[0].page)) > before, 'frames kept coming during the outage');

    ({ server } = await startServer({ port: port.port }));
    for (const { page } of people) {
      await page.waitForFunction(
        () => !document.querySelector('video-chat-room')!.shadowRoot!.querySelector('.reconnecting'),
        null,
        { timeout: 20_000 },
      );
      assert.equal(await reconnecting(page), false);
      assert.equal(await page.evaluate(() => document.querySelector('video-chat-room')!.status), 'joined');
    }
    assert.equal(server.rooms.memberCount('restart'), 2, 'both are members of the room again');

    const cy = await openDemo(browser, base, { room: 'restart', name: 'Cy' });
    await waitForStatus(cy.page, 'joined');
    for (const page of [...people.map((p) => p.page), cy.page]) {
      await waitForMediaFromAll(page, 2);
      const tiles = await remoteTileIds(page);
      assert.equal(new Set(tiles).size, 2, 'no one is shown twice');
    }
    const leaves = (await people[0].events()).filter((e) => e.type === 'participant-leave' || e.type === 'leave');
    assert.deepEqual(leaves, [], 'nobody left the call');
  });
});
