import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { freeTurnPort, newTurnSecret, startCoturn, type RunningCoturn } from '../scripts/coturn.mjs';
import type { VideoChatServer } from '../peer-server/src/server.js';
import { launchBrowser, openDemo, startServer, waitForMediaFromAll, waitForStatus, type Person } from './harness.js';

describe('TURN: relay-only calls through a real coturn, and the network test', () => {
  const secret = newTurnSecret();
  let turnPort: number;
  let coturn: RunningCoturn;
  let browser: Browser;
  let server: VideoChatServer;
  let base: string;
  const people: Person[] = [];

  before(async () => {
    turnPort = await freeTurnPort();
    coturn = await startCoturn({ secret, port: turnPort });
    browser = await launchBrowser();
    ({ server, base } = await startServer({
      turn: { secret, urls: [`turn:127.0.0.1:${turnPort}?transport=udp`], ttlSeconds: 3600 },
    }));
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await coturn?.stop();
  });

  test('two people with ice-transport="relay" talk through coturn only', async () => {
    for (const name of ['Ana', 'Ben']) {
      people.push(await openDemo(browser, base, { room: 'e2e-relay', name, 'ice-transport': 'relay' }));
    }
    for (const person of people) await waitForStatus(person.page, 'joined');
    for (const person of people) await waitForMediaFromAll(person.page, 1);
    for (const person of people) {
      const stats = await person.page.evaluate(() => document.querySelector('video-chat-room')!.getConnectionStats());
      assert.equal(stats.length, 1);
      assert.equal(stats[0].localCandidateType, 'relay', `${JSON.stringify(stats)} ${JSON.stringify(await person.events())}`);
    }
  });

  test('the page holds no TURN secret, only short-lived credentials', async () => {
    const page = people[0].page;
    const html = await page.content();
    const bundle = await (await fetch(`${base}/video-chat-room.js`)).text();
    assert.ok(!html.includes(secret) && !bundle.includes(secret));
  });

  test('the network test page finds a relay candidate on the local coturn', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/network-test.html`);
    await page.waitForFunction(() => document.body.dataset.done, null, { timeout: 20_000 });
    const report = await page.evaluate(() => (window as any).networkTestReport);
    assert.equal(report.relayAvailable, true);
    assert.equal(report.servers[0].verdict, 'turn-reachable');
    assert.ok(report.servers[0].candidates.relay > 0);
    assert.match((await page.locator('#summary').textContent()) ?? '', /TURN reachable/);
    await page.context().close();
  });

  test('the network test page says "not reachable" for a closed port', async () => {
    const page = await (await browser.newContext()).newPage();
    const closed = JSON.stringify([{ urls: 'turn:127.0.0.1:9?transport=udp', username: 'u', credential: 'p' }]);
    // A list in the address is not taken (a crafted link could name the TURN server): the page tests the server's.
    await page.goto(`${base}/network-test.html?ice-servers=${encodeURIComponent(closed)}`);
    await page.waitForFunction(() => document.body.dataset.done, null, { timeout: 20_000 });
    assert.equal(await page.evaluate(() => (window as any).networkTestReport.relayAvailable), true);
    // Typed into the form, it is tested.
    await page.locator('textarea[name=ice-servers]').fill(closed);
    await page.locator('#test-form button[type=submit]').click();
    await page.waitForFunction(() => document.body.dataset.done && !(window as any).networkTestReport.relayAvailable, null, {
      timeout: 20_000,
    });
    const verdict = await page.locator('#results tbody tr td:last-child').textContent();
    assert.match(verdict ?? '', /not reachable/);
    assert.equal(await page.evaluate(() => (window as any).networkTestReport.relayAvailable), false);
    await page.context().close();
  });

  test('with coturn stopped, a relay-only join shows a readable error instead of hanging; the call in progress goes on', async () => {
    await coturn.stop();
    const cy = await openDemo(browser, base, { room: 'e2e-relay-2', name: 'Cy', 'ice-transport': 'relay' });
    await waitForStatus(cy.page, 'error', 20_000);
    const error = (await cy.events()).find((e) => e.type === 'error');
    assert.equal(error?.detail.code, 'turn-unreachable');
    assert.match((await cy.page.locator('video-chat-room [role=alert]').textContent()) ?? '', /TURN/);
    for (const person of people)
      assert.equal(await person.page.evaluate(() => document.querySelector('video-chat-room')!.status), 'joined');
  });
});
