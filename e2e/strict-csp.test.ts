import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { VideoChatServer } from '../peer-server/src/server.js';
import { closeAll, type HostSite, startBrowserAndServer, startHostSite, waitForMediaFromAll, waitForStatus } from './harness.js';

/** The policy the README gives site owners, for a server at `server` (an origin). */
export function documentedPolicy(server: string): string {
  const socket = server.replace(/^http/, 'ws');
  return [
    "default-src 'self'",
    `script-src 'self' ${server}`,
    `connect-src 'self' ${server} ${socket}`,
    "media-src 'self' blob: mediastream:",
    "img-src 'self' blob: data:",
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
  ].join('; ');
}

describe('a call on a host page with a strict Content-Security-Policy', () => {
  let browser: Browser;
  let server: VideoChatServer;
  let base: string;
  let site: HostSite;

  before(async () => {
    ({ browser, server, base } = await startBrowserAndServer());
    const policy = documentedPolicy(base);
    const page = (name: string) => `<!doctype html>
      <html><head><meta charset="utf-8"><title>Host</title>
      <script type="module" src="${base}/video-chat-room.js"></script>
      <script type="module" src="/host.js"></script></head>
      <body><video-chat-room room="csp-room" server="${base}" display-name="${name}" prejoin="off"></video-chat-room></body></html>`;
    site = await startHostSite({
      '/ana': { body: page('Ana'), headers: { 'content-security-policy': policy } },
      '/ben': { body: page('Ben'), headers: { 'content-security-policy': policy } },
      '/host.js': { body: 'document.documentElement.dataset.hostScript = "ran";', type: 'text/javascript' },
    });
  });
  after(() => closeAll(browser, server, site));

  async function openHostPage(path: string): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await page.addInitScript(() => {
      const violations: string[] = [];
      (window as any).__violations = violations;
      document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await page.goto(`${site.origin}${path}`);
    return page;
  }

  /** The entry and every chunk it may load. */
  async function allScripts(): Promise<string> {
    const chunks = new URL('../dist/chunks/', import.meta.url);
    const names = (await readdir(chunks)).filter((name) => name.endsWith('.js'));
    assert.ok(names.length >= 3, 'the lazy chunks are built');
    const files = [new URL('../dist/video-chat-room.js', import.meta.url), ...names.map((n) => new URL(n, chunks))];
    return (await Promise.all(files.map((file) => readFile(file, 'utf8')))).join('\n');
  }

  test('the bundle has no eval or new Function anywhere, dependencies and chunks included', async () => {
    const bundle = await allScripts();
    assert.doesNotMatch(bundle, /\beval\s*\(/);
    assert.doesNotMatch(bundle, /new\s+Function\s*\(/);
    assert.doesNotMatch(bundle, /[^.\w]Function\s*\(\s*["'`]/);
  });

  test('the bundle carries no static TURN password (PeerJS ships a public one by default)', async () => {
    const bundle = await allScripts();
    assert.doesNotMatch(bundle, /peerjsp|turn\.peerjs\.com|credential:\s*"/);
  });

  test('two people talk, and the policy reports no violation', async () => {
    const pages = [await openHostPage('/ana'), await openHostPage('/ben')];
    for (const page of pages) await waitForStatus(page, 'joined');
    for (const page of pages) await waitForMediaFromAll(page, 1);
    for (const page of pages) {
      assert.equal(await page.evaluate(() => document.documentElement.dataset.hostScript), 'ran');
      assert.deepEqual(await page.evaluate(() => (window as any).__violations), []);
    }
  });
});
