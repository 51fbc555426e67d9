import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { VideoChatServer } from '../peer-server/src/server.js';
import { closeAll, type HostSite, openPage, startBrowserAndServer, startHostSite } from './harness.js';

describe('the demo page against crafted links and framing sites', () => {
  let browser: Browser;
  let server: VideoChatServer;
  let base: string;
  let otherSite: HostSite;

  before(async () => {
    ({ browser, server, base } = await startBrowserAndServer());
    otherSite = await startHostSite({
      '/frames-demo': { body: `<!doctype html><iframe id="demo" src="${base}/?room=framed" width="800" height="400"></iframe>` },
    });
  });
  after(() => closeAll(browser, server, otherSite));

  test('an invite link cannot hand the element TURN servers (ice-servers), while the plain switches still pass', async () => {
    const crafted = JSON.stringify([{ urls: 'turn:198.18.0.1:3478', username: 'attacker', credential: 'x' }]);
    const person = await openPage(
      browser,
      `${base}/?room=crafted&prejoin=off&video=off&ice-servers=${encodeURIComponent(crafted)}`,
    );
    const attributes = await person.page.evaluate(() => {
      const element = document.querySelector('video-chat-room')!;
      return { ice: element.getAttribute('ice-servers'), video: element.getAttribute('video') };
    });
    assert.deepEqual(attributes, { ice: null, video: 'off' });
    await person.context.close();
  });

  test('another site cannot frame the demo page (frame-ancestors): the frame stays empty', async () => {
    const person = await openPage(browser, `${otherSite.origin}/frames-demo`);
    const blocked = person.page.waitForEvent('console', { predicate: (m) => /frame-ancestors/.test(m.text()), timeout: 10_000 });
    await person.page.reload();
    await blocked;
    const frame = person.page.frames().find((f) => f !== person.page.mainFrame());
    const framed = await frame?.evaluate(() => document.querySelector('video-chat-room') !== null).catch(() => false);
    assert.equal(framed ?? false, false);
    await person.context.close();
  });
});
