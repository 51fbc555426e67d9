import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { VideoChatServer } from '../peer-server/src/server.js';
import { closeAll, openDemo, type Person, startBrowserAndServer, waitForMediaFromAll, waitForStatus } from './harness.js';

/** Hostile text: each would run `__pwned()` (or a dialog) if it ever became markup or a URL. */
const CORPUS = [
  '<script>__pwned()</script>',
  '<img src=x onerror="__pwned()">',
  '<svg onload=__pwned()>',
  '"><iframe src="javascript:__pwned()">',
  "' onmouseover='__pwned()' x='",
  'javascript:__pwned()',
  'evil\u202Egnp.exe',
  '\u2066\u2067overrides\u2069',
  'W'.repeat(10_000),
];

async function armTrap(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as any).__hits = 0;
    (window as any).__pwned = () => (window as any).__hits++;
  });
  page.on('dialog', (dialog) => {
    (page as any).__dialogs = ((page as any).__dialogs ?? 0) + 1;
    void dialog.dismiss();
  });
}

/** The element's box, and whether any of its tiles, captions or chat lines spill out of it. */
const layout = (page: Page) =>
  page.evaluate(() => {
    const el = document.querySelector('video-chat-room')!;
    const host = el.getBoundingClientRect();
    const parts = [...el.shadowRoot!.querySelectorAll('.tile, figcaption, .chat-message, .transfer, .controls')];
    const spills = parts.filter((part) => {
      const r = part.getBoundingClientRect();
      return r.width > 0 && (r.left < host.left - 1 || r.right > host.right + 1);
    });
    return { width: Math.round(host.width), height: Math.round(host.height), spills: spills.map((s) => s.className) };
  });

describe('injection corpus through names, chat and file names', () => {
  let browser: Browser;
  let server: VideoChatServer;
  let base: string;
  let ana: Person;
  let ben: Person;

  before(async () => {
    ({ browser, server, base } = await startBrowserAndServer());
    ana = await openDemo(browser, base, { room: 'e2e-inject', name: 'Ana' });
    await armTrap(ana.page);
  });
  after(() => closeAll(browser, server));

  test('every payload stays text: no script runs, no element is made, the layout holds', async () => {
    const before = await layout(ana.page);
    // A hostile display name (the server and the element cut it to 64 characters).
    ben = await openDemo(browser, base, { room: 'e2e-inject', name: CORPUS[1] + CORPUS[6] });
    await armTrap(ben.page);
    for (const person of [ana, ben]) await waitForStatus(person.page, 'joined');
    for (const person of [ana, ben]) await waitForMediaFromAll(person.page, 1);
    await ana.page.evaluate(() => document.querySelector('video-chat-room')!.toggleChat(true));

    for (const text of CORPUS) {
      const sent = await ben.page.evaluate((t) => document.querySelector('video-chat-room')!.sendMessage(t), text);
      assert.equal(sent, text.length <= 2000, `sent ${JSON.stringify(text.slice(0, 30))}`);
      await ben.page.evaluate(
        ([name, i]) => {
          const file = new File([`payload ${i}`], name as string);
          return document.querySelector('video-chat-room')!.sendFile(file);
        },
        [text, CORPUS.indexOf(text)],
      );
    }
    // A long unbroken message that fits the limit.
    await ben.page.evaluate(() => document.querySelector('video-chat-room')!.sendMessage('W'.repeat(2000)));
    await ana.page.waitForFunction(
      (n) => (window as any).__events.filter((e: any) => e.type === 'file-received').length === n,
      CORPUS.length,
      { timeout: 20_000 },
    );

    const shown = await ana.page.evaluate(() => {
      const root = document.querySelector('video-chat-room')!.shadowRoot!;
      return {
        texts: [...root.querySelectorAll('.chat-text')].map((p) => p.textContent),
        made: root.querySelectorAll(
          '.chat-text *, figcaption img, figcaption svg:not([aria-hidden]), .transfer-name *, iframe, script',
        ).length,
        fileNames: [...root.querySelectorAll<HTMLAnchorElement>('a[download]')].map((a) => a.download),
        hrefs: [...root.querySelectorAll<HTMLAnchorElement>('a[download]')].map((a) => a.protocol),
        caption: root.querySelector('[data-peer-id] .name-text')?.textContent,
      };
    });
    assert.deepEqual(
      shown.texts.slice(0, 8),
      CORPUS.slice(0, 8).map((t) => t.replace(/[\u202a-\u202e\u2066-\u2069]/g, '').trim()),
    );
    assert.equal(shown.made, 0, 'no element made from any payload');
    assert.ok(
      shown.hrefs.every((p) => p === 'blob:'),
      'download links are blob: URLs only',
    );
    for (const name of shown.fileNames) {
      assert.doesNotMatch(name, /[\\/<>:"|?*\u202a-\u202e\u2066-\u2069]/, name);
      assert.ok([...name].length <= 120, `short name (${name.length})`);
    }
    assert.ok((shown.caption ?? '').length <= 64, 'the name is cut to 64 characters');
    assert.match(shown.caption ?? '', /^<img src=x onerror=/, 'the name shows as typed, as text');

    for (const person of [ana, ben]) {
      assert.equal(await person.page.evaluate(() => (window as any).__hits), 0, 'no payload ran');
      assert.equal((person.page as any).__dialogs ?? 0, 0, 'no dialog opened');
    }
    const afterAll = await layout(ana.page);
    assert.deepEqual(afterAll.spills, [], 'nothing spills out of the element');
    assert.equal(afterAll.width, before.width, 'the element kept its width');
  });
});
