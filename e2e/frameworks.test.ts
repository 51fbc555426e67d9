import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { VideoChatServer } from '../peer-server/src/server.js';
import { closeAll, openDemo, openPage, startBrowserAndServer, waitForMediaFromAll, waitForStatus } from './harness.js';

describe('the element inside framework apps (demo/react.html, demo/vue.html)', () => {
  let browser: Browser;
  let server: VideoChatServer;
  let base: string;
  before(async () => {
    ({ browser, server, base } = await startBrowserAndServer());
  });
  after(() => closeAll(browser, server));

  for (const framework of ['react', 'vue']) {
    test(`${framework}: attributes, a property and events reach the element, and it joins a call`, async () => {
      const room = `${framework}-e2e`;
      const app = await openPage(browser, `${base}/${framework}.html?room=${room}&name=${framework}-user&prejoin=off`);
      const other = await openDemo(browser, base, { room, name: 'Plain page' });
      await waitForStatus(app.page, 'joined');
      await waitForStatus(other.page, 'joined');
      await waitForMediaFromAll(app.page, 1);
      const element = await app.page.evaluate(() => {
        const el = document.querySelector('video-chat-room')!;
        return { room: el.room, name: el.getAttribute('display-name'), maxParticipants: el.maxParticipants };
      });
      assert.deepEqual(element, { room, name: `${framework}-user`, maxParticipants: 4 });
      // The app's own listeners saw the events.
      await app.page.waitForFunction(() => document.getElementById('framework-status')?.textContent?.includes('Plain page'));
      assert.equal(await app.page.getAttribute('#framework-status', 'data-status'), 'joined');
      await app.context.close();
      await other.context.close();
    });
  }
});
