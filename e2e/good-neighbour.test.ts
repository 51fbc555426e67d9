import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { VideoChatServer } from '../peer-server/src/server.js';
import { closeAll, type HostSite, startBrowserAndServer, startHostSite } from './harness.js';

/** What a page's globals look like: window's own names and RTCPeerConnection's prototype. */
function globalsSnapshot() {
  const describe = Object.getOwnPropertyDescriptors(RTCPeerConnection.prototype);
  return {
    window: Object.getOwnPropertyNames(window).sort(),
    RTCPeerConnection: window.RTCPeerConnection.toString(),
    prototype: Object.keys(describe)
      .sort()
      .map((name) => `${name}:${String(describe[name].value ?? describe[name].get)}`),
    getUserMedia: String(navigator.mediaDevices.getUserMedia),
    RTCIceCandidate: String(window.RTCIceCandidate),
  };
}

describe('a good neighbour on the host page', () => {
  let browser: Browser;
  let server: VideoChatServer;
  let base: string;
  let site: HostSite;

  before(async () => {
    ({ browser, server, base } = await startBrowserAndServer());
    site = await startHostSite({
      '/': { body: '<!doctype html><meta charset="utf-8"><title>Host</title><p>Host page</p>' },
      '/tag-only': {
        body: `<!doctype html><meta charset="utf-8"><title>Tag only</title><script type="module" src="${base}/video-chat-room.js"></script>`,
      },
    });
  });
  after(() => closeAll(browser, server, site));

  async function hostPage(): Promise<{ page: Page; warnings: string[]; errors: string[] }> {
    const page = await (await browser.newContext()).newPage();
    const warnings: string[] = [];
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(site.origin);
    return { page, warnings, errors };
  }

  test('a plain page whose only script is the tag gets the element defined', async () => {
    const page = await (await browser.newContext()).newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${site.origin}/tag-only`);
    await page.waitForFunction(() => customElements.get('video-chat-room'));
    assert.equal(
      await page.evaluate(() => (customElements.get('video-chat-room') as unknown as { version: string }).version),
      '0.1.0',
    );
    assert.deepEqual(errors, []);
  });

  test('loading the bundle adds nothing to window and patches no WebRTC global', async () => {
    const { page, errors } = await hostPage();
    const before = await page.evaluate(globalsSnapshot);
    await page.evaluate((url) => import(url), `${base}/video-chat-room.js`);
    assert.ok(await page.evaluate(() => !!customElements.get('video-chat-room')));
    const after = await page.evaluate(globalsSnapshot);
    // Lit's own registry of loaded Lit versions and its shared decorator
    // metadata are the only names allowed: Lit writes them in every page that
    // uses it, so that copies of Lit can coexist.
    const litOwn = new Set(['litElementVersions', 'litHtmlVersions', 'litPropertyMetadata', 'reactiveElementVersions']);
    const added = after.window.filter((name) => !before.window.includes(name));
    assert.deepEqual(
      added.filter((name) => !litOwn.has(name)),
      [],
      `added to window: ${added}`,
    );
    assert.deepEqual({ ...after, window: [] }, { ...before, window: [] }, 'WebRTC globals untouched');
    assert.deepEqual(errors, []);
  });

  test('two copies of the same version do not throw; another version already registered is reported once', async () => {
    const same = await hostPage();
    await same.page.evaluate((url) => import(url), `${base}/video-chat-room.js`);
    await same.page.evaluate((url) => import(url), `${base}/video-chat-room.js?second-copy`);
    assert.deepEqual(same.errors, []);
    assert.deepEqual(
      same.warnings.filter((w) => w.includes('video-chat-room')),
      [],
    );

    const other = await hostPage();
    await other.page.evaluate(() =>
      customElements.define(
        'video-chat-room',
        class extends HTMLElement {
          static version = '0.0.1';
        },
      ),
    );
    await other.page.evaluate((url) => import(url), `${base}/video-chat-room.js`);
    await other.page.evaluate((url) => import(url), `${base}/video-chat-room.js?again`);
    assert.deepEqual(other.errors, []);
    const reports = other.warnings.filter((w) => w.includes('0.0.1'));
    assert.equal(reports.length, 2, 'each copy that loads says it once');
    assert.match(reports[0], /already registered/);
  });
});
