import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Frame } from 'playwright-core';
import type { VideoChatServer } from '../peer-server/src/server.js';
import {
  closeAll,
  type HostSite,
  openDemo,
  openPage,
  remoteTileIds,
  startBrowserAndServer,
  startHostSite,
  waitForMediaFromAll,
  waitForStatus,
} from './harness.js';

const ALLOW = 'camera; microphone; display-capture; fullscreen; autoplay';

/** Waits until the element in `frame` shows a remote participant's video. */
function receivesVideo(frame: Frame) {
  return frame.waitForFunction(
    () => {
      const room = document.querySelector('video-chat-room')!;
      const video = room.shadowRoot!.querySelector('[data-peer-id] video') as HTMLVideoElement | null;
      return !!video && video.videoWidth > 0;
    },
    null,
    { timeout: 15_000 },
  );
}

describe('inside a cross-origin iframe (host page → framed page on a third origin → our server)', () => {
  let browser: Browser;
  let server: VideoChatServer;
  let base: string;
  let framedSite: HostSite;
  let hostSite: HostSite;

  before(async () => {
    ({ browser, server, base } = await startBrowserAndServer());
    const snippet = (room: string, name: string) => `<!doctype html><meta charset="utf-8">
      <script type="module" src="${base}/video-chat-room.js"></script>
      <video-chat-room room="${room}" server="${base}" display-name="${name}" prejoin="off" style="display:block;height:400px"></video-chat-room>`;
    framedSite = await startHostSite(
      { '/allowed': { body: snippet('frame-allowed', 'Framed') }, '/bare': { body: snippet('frame-bare', 'Bare frame') } },
      '127.0.0.2',
    );
    const host = (path: string, allow: string) =>
      `<!doctype html><meta charset="utf-8"><title>CMS page</title>
       <iframe id="embed" src="${framedSite.origin}${path}" ${allow} width="900" height="500"></iframe>`;
    hostSite = await startHostSite({
      '/with-allow': { body: host('/allowed', `allow="${ALLOW}"`) },
      '/without-allow': { body: host('/bare', '') },
    });
  });
  after(() => closeAll(browser, server, framedSite, hostSite));

  async function framedCall(hostPath: string, room: string) {
    const other = await openDemo(browser, base, { room, name: 'Outside' });
    const host = await openPage(browser, `${hostSite.origin}${hostPath}`);
    const frame = (await (await host.page.$('#embed'))!.contentFrame()) as Frame;
    await frame.waitForFunction(() => document.querySelector('video-chat-room')?.status === 'joined', null, { timeout: 15_000 });
    await waitForStatus(other.page, 'joined');
    return { other, host, frame };
  }

  test('with allow=…: the call, screen share and full screen all work', async () => {
    const { other, frame } = await framedCall('/with-allow', 'frame-allowed');
    await waitForMediaFromAll(other.page, 1);
    // Media both ways: the framed page receives too.
    await receivesVideo(frame);
    await frame.locator('video-chat-room button[data-action=screenshare]').click();
    await frame.waitForFunction(() =>
      document.querySelector('video-chat-room')!.shadowRoot!.querySelector('.local[data-screen=on]'),
    );
    await frame.locator('video-chat-room button[data-action=fullscreen]').click();
    await frame.waitForFunction(() => document.fullscreenElement?.localName === 'video-chat-room');
    const notices = await frame.evaluate(() => (window as any).__events.filter((e: { type: string }) => e.type === 'error'));
    assert.deepEqual(notices, []);
  });

  test('without allow: a message a site owner can act on, and the person still watches and listens', async () => {
    const { other, frame } = await framedCall('/without-allow', 'frame-bare');
    const notice = await frame.evaluate(() => (window as any).__events.find((e: { type: string }) => e.type === 'error')?.detail);
    assert.equal(notice.code, 'iframe-permissions');
    assert.equal(notice.fatal, false);
    const shown = await frame.locator('video-chat-room .notice').textContent();
    assert.match(shown ?? '', /allow="camera; microphone; display-capture; fullscreen; autoplay"/);
    // Receive-only: the framed person sees the other; the other sees their tile.
    await receivesVideo(frame);
    assert.equal((await remoteTileIds(other.page)).length, 1);
    assert.equal(
      await frame.locator('video-chat-room button[data-action=fullscreen]').count(),
      0,
      'no full screen button where the frame forbids it',
    );
  });
});
