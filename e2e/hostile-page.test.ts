import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { VideoChatServer } from '../peer-server/src/server.js';
import {
  closeAll,
  type HostSite,
  openPage,
  startBrowserAndServer,
  startHostSite,
  waitForMediaFromAll,
  waitForStatus,
} from './harness.js';

/** What a site's global CSS does to everything it can reach. */
const HOSTILE_CSS = `
  * { box-sizing: content-box !important; margin: 8px; }
  video { display: none !important; }
  button { all: unset; }
  figure, figcaption, p { padding: 20px !important; }
  html {
    font: italic 40px/3 "Comic Sans MS", cursive; color: transparent; letter-spacing: 4px; word-spacing: 10px;
    text-transform: uppercase; text-indent: 30px; text-align: right; white-space: pre; cursor: wait;
  }
`;

/** Where each part of the element sits, relative to the element's own box, and whether it shows. */
function layoutOf(): unknown {
  const room = document.querySelector('video-chat-room')!;
  const origin = room.getBoundingClientRect();
  const root = room.shadowRoot!;
  // Anonymous functions only: tsx names named ones with a helper the page lacks.
  return ['.stage', '.tile', 'video', 'figcaption', '.controls', 'button'].flatMap((selector) =>
    [...root.querySelectorAll<HTMLElement>(selector)].map((el) => {
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      return {
        selector,
        x: Math.round(box.x - origin.x),
        y: Math.round(box.y - origin.y),
        width: Math.round(box.width),
        height: Math.round(box.height),
        visible: style.display !== 'none' && style.visibility !== 'hidden' && box.width > 0 && box.height > 0,
        color: style.color,
        fontSize: style.fontSize,
        text: el.localName === 'video' ? undefined : el.textContent?.trim(),
      };
    }),
  );
}

describe('a host page with aggressive global CSS and dir="rtl"', () => {
  let browser: Browser;
  let server: VideoChatServer;
  let base: string;
  let site: HostSite;

  before(async () => {
    ({ browser, server, base } = await startBrowserAndServer());
    const page = (hostile: boolean, name: string) => `<!doctype html>
      <html ${hostile ? 'dir="rtl"' : ''}><head><meta charset="utf-8">
      ${hostile ? '<link rel="stylesheet" href="/hostile.css">' : ''}
      <link rel="stylesheet" href="/size.css">
      <script type="module" src="${base}/video-chat-room.js"></script></head>
      <body><video-chat-room room="hostile" server="${base}" display-name="${name}" prejoin="off"></video-chat-room></body></html>`;
    site = await startHostSite({
      '/plain': { body: page(false, 'Same') },
      '/hostile': { body: page(true, 'Same') },
      '/hostile.css': { body: HOSTILE_CSS, type: 'text/css' },
      '/size.css': { body: 'video-chat-room { width: 800px; height: 450px; }', type: 'text/css' },
    });
  });
  after(() => closeAll(browser, server, site));

  async function opened(path: string): Promise<Page> {
    const { page } = await openPage(browser, `${site.origin}${path}`);
    await page.setViewportSize({ width: 1000, height: 700 });
    return page;
  }

  test('tiles and controls sit, size and show exactly as on a plain page', async () => {
    const plain = await opened('/plain');
    const hostile = await opened('/hostile');
    for (const page of [plain, hostile]) await waitForStatus(page, 'joined');
    for (const page of [plain, hostile]) await waitForMediaFromAll(page, 1);
    const [expected, actual] = [await plain.evaluate(layoutOf), await hostile.evaluate(layoutOf)];
    assert.ok((expected as unknown[]).length >= 8, 'measured the parts');
    assert.deepEqual(actual, expected);
    for (const part of actual as { visible: boolean; color: string }[]) {
      assert.equal(part.visible, true);
      assert.notEqual(part.color, 'rgba(0, 0, 0, 0)');
    }
  });
});
