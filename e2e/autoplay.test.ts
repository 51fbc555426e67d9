import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import type { VideoChatServer } from '../peer-server/src/server.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';
import { openDemo, startServer, waitForMediaFromAll, waitForStatus } from './harness.js';

describe('a browser that blocks autoplay with sound', () => {
  let browser: Browser;
  let server: VideoChatServer;
  let base: string;
  before(async () => {
    // Chrome's own default policy: sound only after the person has clicked on the page.
    const args = CHROMIUM_ARGS.filter((a) => !a.startsWith('--autoplay-policy')).concat(
      '--autoplay-policy=document-user-activation-required',
    );
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args });
    ({ server, base } = await startServer());
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('remote sound is not left silently paused: an "Enable sound" prompt and an event, then playback on click', async () => {
    const ana = await openDemo(browser, base, { room: 'autoplay', name: 'Ana' });
    // Ben denied the camera and microphone: a page that captures may autoplay, a watcher may not.
    const ben = await openDemo(browser, base, { room: 'autoplay', name: 'Ben' }, () => {
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('denied', 'NotAllowedError'));
    });
    await waitForStatus(ana.page, 'joined');
    // Nothing is evaluated in Ben's page until his media has arrived: Playwright's
    // evaluate and locator polling count as user gestures, which lift the block.
    await ana.page.waitForFunction(
      () => document.querySelector('video-chat-room')!.shadowRoot!.querySelector('[data-peer-id][data-link=connected]'),
      null,
      {
        timeout: 15_000,
      },
    );
    // The element asks the policy itself a second after a stream starts (SOUND_CHECK_DELAY_MS): wait past that.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const prompt = ben.page.locator('video-chat-room [data-action=enable-sound]');
    assert.equal(await prompt.count(), 1, 'the "Enable sound" prompt shows');
    const blocked = (await ben.events()).find((e) => e.type === 'error' && e.detail.code === 'autoplay-blocked');
    assert.equal(blocked?.detail.fatal, false);
    await prompt.click();
    await ben.page.waitForFunction(
      () =>
        !(document.querySelector('video-chat-room')!.shadowRoot!.querySelector('[data-peer-id] video') as HTMLVideoElement)
          .paused,
    );
    assert.equal(await prompt.count(), 0);
    await waitForMediaFromAll(ben.page, 1);
    assert.equal(await ana.page.evaluate(() => document.querySelector('video-chat-room')!.status), 'joined');
  });
});
