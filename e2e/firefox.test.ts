import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { Browser as FirefoxBrowser, Page as FirefoxPage } from 'puppeteer-core';
import type { VideoChatServer } from '../peer-server/src/server.js';
import { freeTurnPort, newTurnSecret, startCoturn, type RunningCoturn } from '../scripts/coturn.mjs';
import { launchFirefox, openFirefoxPage } from './firefox.js';
import {
  type Evaluates,
  launchBrowser,
  openDemo,
  type Person,
  startServer,
  waitForMediaFromAll,
  waitForStatus,
} from './harness.js';

/** Polls `check` in the page until it holds (a boolean: Puppeteer hands a DOM node back as a handle, not as truthy). */
async function waitIn(page: Evaluates, check: () => boolean, what: string, timeout = 15_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    if (await page.evaluate(check)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Sends a 2 MB file of random bytes from the page to everyone; resolves with its SHA-256 once sent. */
const sendRandomFile = (page: Evaluates) =>
  page.evaluate(async () => {
    const bytes = new Uint8Array(2 * 1024 * 1024);
    for (let at = 0; at < bytes.length; at += 65536) crypto.getRandomValues(bytes.subarray(at, at + 65536));
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
    await document.querySelector('video-chat-room')!.sendFile(new File([bytes], 'random.bin'));
    return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
  });

/** The SHA-256 the element reported for the file received, and the one of the bytes it handed over. */
const receivedFileHashes = (page: Evaluates) =>
  page.evaluate(async () => {
    const received = (window as any).__events.find((e: any) => e.type === 'file-received')?.detail;
    if (!received) return null;
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await received.file.arrayBuffer()));
    return { reported: received.sha256, bytes: [...digest].map((b) => b.toString(16).padStart(2, '0')).join('') };
  });

/** What the page's one remote tile shows of the other person: microphone, camera and screen cues. */
const remoteCues = (page: Evaluates) =>
  page.evaluate(() => {
    const tile = document.querySelector('video-chat-room')!.shadowRoot!.querySelector<HTMLElement>('[data-peer-id]');
    return {
      muted: Boolean(tile?.querySelector('[part=muted-icon]')),
      camera: tile?.dataset.camera,
      screen: tile?.dataset.screen,
    };
  });

const framesDecoded = (page: Evaluates) =>
  page.evaluate(async () => (await document.querySelector('video-chat-room')!.getConnectionStats())[0].videoFramesDecoded);

const leaves = (page: Evaluates) =>
  page.evaluate(() => (window as any).__events.filter((e: any) => e.type === 'participant-leave').length as number);

describe('a Chromium page and a Firefox page in one call', () => {
  const secret = newTurnSecret();
  let coturn: RunningCoturn;
  let chromium: Browser;
  let firefox: FirefoxBrowser;
  let server: VideoChatServer;
  let base: string;
  let ana: Person;
  let ben: FirefoxPage;
  const firefoxErrors: string[] = [];

  before(async () => {
    const turnPort = await freeTurnPort();
    coturn = await startCoturn({ secret, port: turnPort });
    ({ server, base } = await startServer({
      turn: { secret, urls: [`turn:127.0.0.1:${turnPort}?transport=udp`], ttlSeconds: 3600 },
    }));
    [chromium, firefox] = await Promise.all([launchBrowser(), launchFirefox()]);
    ana = await openDemo(chromium, base, { room: 'e2e-firefox', name: 'Ana' });
    ben = await openFirefoxPage(firefox, `${base}/?prejoin=off&room=e2e-firefox&name=Ben`);
    ben.on('pageerror', (error) => firefoxErrors.push(String(error)));
  });
  after(async () => {
    await firefox?.close();
    await chromium?.close();
    await server?.close();
    await coturn?.stop();
  });

  test('media flows both ways: decoded frames and audio bytes on each side', async () => {
    await waitForStatus(ana.page, 'joined');
    await waitIn(ben, () => document.querySelector('video-chat-room')?.status === 'joined', 'Firefox to join');
    await waitForMediaFromAll(ana.page, 1);
    await waitForMediaFromAll(ben, 1);
  });

  test('mute and camera-off cues show on the other side, both ways', async () => {
    for (const [from, to] of [
      [ana.page, ben],
      [ben, ana.page],
    ] as Evaluates[][]) {
      await from.evaluate(() => {
        const el = document.querySelector('video-chat-room')!;
        el.toggleMicrophone(false);
        el.toggleCamera(false);
      });
      await waitIn(
        to,
        () =>
          document.querySelector('video-chat-room')!.shadowRoot!.querySelector('[data-camera=off] [part=muted-icon]') !== null,
        'the cues',
      );
      assert.deepEqual(await remoteCues(to), { muted: true, camera: 'off', screen: 'off' });
      // A camera turned off sends a small blank picture a second, so the tile keeps playing.
      const before = await framesDecoded(to);
      await new Promise((r) => setTimeout(r, 2500));
      assert.ok((await framesDecoded(to)) > before, 'blank frames keep coming while the camera is off');
      await from.evaluate(() => {
        const el = document.querySelector('video-chat-room')!;
        el.toggleMicrophone(true);
        el.toggleCamera(true);
      });
      await waitIn(
        to,
        () => document.querySelector('video-chat-room')!.shadowRoot!.querySelector('[data-camera=on]') !== null,
        'the camera back',
      );
      assert.deepEqual(await remoteCues(to), { muted: false, camera: 'on', screen: 'off' });
    }
    await waitForMediaFromAll(ana.page, 1);
    await waitForMediaFromAll(ben, 1);
  });

  test('chat goes both ways', async () => {
    assert.equal(
      await ana.page.evaluate(() => document.querySelector('video-chat-room')!.sendMessage('Hola from Chromium')),
      true,
    );
    assert.equal(await ben.evaluate(() => document.querySelector('video-chat-room')!.sendMessage('Hello from Firefox')), true);
    await waitIn(
      ben,
      () => (window as any).__events.some((e: any) => e.type === 'chat-message' && e.detail.text === 'Hola from Chromium'),
      'Firefox to get the message',
    );
    await waitIn(
      ana.page,
      () => (window as any).__events.some((e: any) => e.type === 'chat-message' && e.detail.text === 'Hello from Firefox'),
      'Chromium to get the message',
    );
  });

  test('a file goes each way and arrives with a matching SHA-256', async () => {
    const [fromAna, fromBen] = await Promise.all([sendRandomFile(ana.page), sendRandomFile(ben)]);
    assert.deepEqual(await receivedFileHashes(ben), { reported: fromAna, bytes: fromAna });
    assert.deepEqual(await receivedFileHashes(ana.page), { reported: fromBen, bytes: fromBen });
  });

  test('a screen shared from Chromium is seen by Firefox; Firefox without a screen to share says so and stays in the call', async () => {
    assert.equal(await ana.page.evaluate(() => document.querySelector('video-chat-room')!.toggleScreenshare(true)), true);
    await waitIn(
      ben,
      () => document.querySelector('video-chat-room')!.shadowRoot!.querySelector('[data-screen=on]') !== null,
      'the share',
    );
    const before = await framesDecoded(ben);
    await new Promise((r) => setTimeout(r, 1000));
    assert.ok((await framesDecoded(ben)) > before, 'the shared screen keeps arriving');
    await ana.page.evaluate(() => document.querySelector('video-chat-room')!.toggleScreenshare(false));
    await waitIn(
      ben,
      () => document.querySelector('video-chat-room')!.shadowRoot!.querySelector('[data-screen=off]') !== null,
      'the share to end',
    );
    // Headless Firefox's fake devices include no screen: getDisplayMedia fails with NotFoundError.
    assert.equal(await ben.evaluate(() => document.querySelector('video-chat-room')!.toggleScreenshare(true)), false);
    assert.equal(await ben.evaluate(() => document.querySelector('video-chat-room')!.status), 'joined');
    await waitForMediaFromAll(ana.page, 1);
  });

  test('Firefox closes its page: Chromium sees it leave within 5 s', async () => {
    assert.deepEqual(firefoxErrors, [], 'no uncaught error in the Firefox page during the call');
    const started = Date.now();
    await ben.close();
    await waitIn(ana.page, () => (window as any).__events.some((e: any) => e.type === 'participant-leave'), 'the leave', 5000);
    assert.ok(Date.now() - started < 5000);
    assert.equal(await leaves(ana.page), 1);
  });

  test('a relay-only call through coturn, then Chromium closes and Firefox sees it leave within 5 s', async () => {
    const cy = await openDemo(chromium, base, { room: 'e2e-firefox-relay', name: 'Cy', 'ice-transport': 'relay' });
    const dee = await openFirefoxPage(firefox, `${base}/?prejoin=off&room=e2e-firefox-relay&name=Dee&ice-transport=relay`);
    await waitForMediaFromAll(cy.page, 1);
    await waitForMediaFromAll(dee, 1);
    for (const page of [cy.page, dee] as Evaluates[]) {
      const stats = await page.evaluate(() => document.querySelector('video-chat-room')!.getConnectionStats());
      assert.equal(stats[0].localCandidateType, 'relay');
    }
    const started = Date.now();
    await cy.context.close();
    await waitIn(dee, () => (window as any).__events.some((e: any) => e.type === 'participant-leave'), 'the leave', 5000);
    assert.ok(Date.now() - started < 5000);
  });
});
