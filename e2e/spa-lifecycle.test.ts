import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { VideoChatServer } from '../peer-server/src/server.js';
import { closeAll, openDemo, type Person, remoteTileIds, startBrowserAndServer, waitForStatus } from './harness.js';

/**
 * Counts what a page has open: RTCPeerConnections not closed, media tracks
 * not ended, WebSockets not closed, and timers pending. Installed before any
 * page script runs.
 */
function installResourceCounters(): void {
  const live = {
    peerConnections: new Set<RTCPeerConnection>(),
    tracks: new Set<MediaStreamTrack>(),
    sockets: new Set<WebSocket>(),
    timeouts: new Set<number>(),
    intervals: new Set<number>(),
  };
  (window as any).__live = live;
  const NativePC = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends NativePC {
    constructor(...args: ConstructorParameters<typeof RTCPeerConnection>) {
      super(...args);
      live.peerConnections.add(this);
      const close = this.close.bind(this);
      this.close = () => {
        live.peerConnections.delete(this);
        close();
      };
    }
  } as typeof RTCPeerConnection;
  const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (constraints) => {
    const stream = await getUserMedia(constraints);
    for (const track of stream.getTracks()) {
      live.tracks.add(track);
      const stop = track.stop.bind(track);
      track.stop = () => {
        live.tracks.delete(track);
        stop();
      };
    }
    return stream;
  };
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      super(...args);
      live.sockets.add(this);
      this.addEventListener('close', () => live.sockets.delete(this));
    }
  } as typeof WebSocket;
  const { setTimeout: st, clearTimeout: ct, setInterval: si, clearInterval: ci } = window;
  window.setTimeout = ((fn: TimerHandler, ms?: number, ...rest: unknown[]) => {
    const id: number = st(() => {
      live.timeouts.delete(id);
      if (typeof fn === 'function') fn(...rest);
    }, ms);
    live.timeouts.add(id);
    return id;
  }) as typeof setTimeout;
  window.clearTimeout = ((id?: number) => {
    if (id !== undefined) live.timeouts.delete(id);
    ct(id);
  }) as typeof clearTimeout;
  window.setInterval = ((fn: TimerHandler, ms?: number, ...rest: unknown[]) => {
    const id = si(fn, ms, ...rest);
    live.intervals.add(id);
    return id;
  }) as typeof setInterval;
  window.clearInterval = ((id?: number) => {
    if (id !== undefined) live.intervals.delete(id);
    ci(id);
  }) as typeof clearInterval;
}

const counts = (page: Page) =>
  page.evaluate(() => {
    const live = (window as any).__live;
    return {
      peerConnections: live.peerConnections.size,
      liveTracks: [...live.tracks].filter((t: MediaStreamTrack) => t.readyState === 'live').length,
      openSockets: [...live.sockets].filter((s: WebSocket) => s.readyState !== WebSocket.CLOSED).length,
      intervals: live.intervals.size,
      timeouts: live.timeouts.size,
    };
  });

describe('single-page apps: mount, move, change, unmount', () => {
  let browser: Browser;
  let server: VideoChatServer;
  let base: string;
  let host: Person;

  before(async () => {
    ({ browser, server, base } = await startBrowserAndServer());
    host = await openDemo(browser, base, { room: 'spa-room', name: 'Host' });
    await waitForStatus(host.page, 'joined');
  });
  after(() => closeAll(browser, server));

  async function appPage(): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await page.addInitScript(installResourceCounters);
    await page.goto(`${base}/spa.html`);
    await page.waitForFunction(() => customElements.get('video-chat-room'));
    return page;
  }

  const mount = (page: Page, room: string, name: string) =>
    page.evaluate(
      ([r, n]) => {
        const el = document.createElement('video-chat-room');
        el.setAttribute('room', r);
        el.setAttribute('display-name', n);
        el.setAttribute('prejoin', 'off');
        document.getElementById('app')!.append(el);
      },
      [room, name],
    );

  test('ten mount/unmount cycles leave no connection, track, socket or timer behind', async () => {
    const page = await appPage();
    const before = await counts(page);
    for (let cycle = 0; cycle < 10; cycle++) {
      await mount(page, 'spa-room', `Visitor ${cycle}`);
      await waitForStatus(page, 'joined');
      await host.page.waitForFunction(
        () =>
          document.querySelector('video-chat-room')!.shadowRoot!.querySelectorAll('[data-peer-id][data-link=connected]')
            .length === 1,
        null,
        { timeout: 10_000 },
      );
      assert.ok((await counts(page)).peerConnections >= 1, 'a call was really made');
      await page.evaluate(() => document.querySelector('video-chat-room')!.remove());
      await host.page.waitForFunction(
        () => !document.querySelector('video-chat-room')!.shadowRoot!.querySelector('[data-peer-id]'),
        null,
        { timeout: 5000 },
      );
    }
    await page.waitForTimeout(1500);
    const after = await counts(page);
    assert.deepEqual(after, { ...before, timeouts: after.timeouts }, JSON.stringify({ before, after }));
    assert.ok(after.timeouts <= before.timeouts + 1, `pending timeouts grew: ${JSON.stringify({ before, after })}`);
    const leaves = (await host.events()).filter((e) => e.type === 'participant-leave');
    assert.equal(leaves.length, 10);
    await page.context().close();
  });

  test('moving the element keeps the call; changing room moves to the new room', async () => {
    const page = await appPage();
    await mount(page, 'spa-room', 'Mover');
    await waitForStatus(page, 'joined');
    const joinsBefore = (await host.events()).filter((e) => e.type === 'participant-join').length;
    await page.evaluate(() => {
      const el = document.querySelector('video-chat-room')!;
      const other = document.createElement('section');
      document.body.append(other);
      other.append(el);
    });
    await page.waitForTimeout(500);
    assert.equal(await page.evaluate(() => document.querySelector('video-chat-room')!.status), 'joined');
    assert.equal((await host.events()).filter((e) => e.type === 'participant-join').length, joinsBefore);
    assert.equal((await remoteTileIds(host.page)).length, 1);

    await page.evaluate(() => document.querySelector('video-chat-room')!.setAttribute('room', 'spa-elsewhere'));
    await host.page.waitForFunction(
      () => !document.querySelector('video-chat-room')!.shadowRoot!.querySelector('[data-peer-id]'),
      null,
      { timeout: 5000 },
    );
    await waitForStatus(page, 'joined');
    assert.equal(await page.evaluate(() => document.querySelector('video-chat-room')!.room), 'spa-elsewhere');
    await page.context().close();
  });
});
