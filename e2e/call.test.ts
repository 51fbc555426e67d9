import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { VideoChatServer } from '../peer-server/src/server.js';
import {
  closeAll,
  openDemo,
  type Person,
  remoteTileIds,
  startBrowserAndServer,
  waitForMediaFromAll,
  waitForStatus,
} from './harness.js';

describe('a call through <video-chat-room> on the demo page', () => {
  let browser: Browser;
  let server: VideoChatServer;
  let base: string;
  const people: Person[] = [];

  before(async () => {
    ({ browser, server, base } = await startBrowserAndServer({ maxRoomSize: 3 }));
  });
  after(() => closeAll(browser, server));

  test('two people see and hear each other', async () => {
    people.push(await openDemo(browser, base, { room: 'e2e-call', name: 'Ana' }));
    people.push(await openDemo(browser, base, { room: 'e2e-call', name: 'Ben' }));
    for (const person of people) await waitForStatus(person.page, 'joined');
    for (const person of people) await waitForMediaFromAll(person.page, 1);

    const [ana, ben] = people;
    const anaSees = await ana.page.locator('video-chat-room [data-peer-id] figcaption').textContent();
    const benSees = await ben.page.locator('video-chat-room [data-peer-id] figcaption').textContent();
    assert.equal(anaSees?.trim(), 'Ben');
    assert.equal(benSees?.trim(), 'Ana');
    const joins = (await ana.events()).filter((e) => e.type === 'participant-join');
    assert.equal(joins.length, 1, 'one participant-join for Ben, however many tracks he sends');
    assert.equal(joins[0].detail.displayName, 'Ben');
  });

  test('a third person joins and all three are connected', async () => {
    people.push(await openDemo(browser, base, { room: 'e2e-call', name: 'Cy' }));
    await waitForStatus(people[2].page, 'joined');
    for (const person of people) await waitForMediaFromAll(person.page, 2);
    for (const person of people) {
      const tiles = await remoteTileIds(person.page);
      assert.equal(tiles.length, 2);
      assert.equal(new Set(tiles).size, 2, 'no one is shown twice');
    }
  });

  test('a fourth person in a room capped at 3 is told the room is full', async () => {
    const dee = await openDemo(browser, base, { room: 'e2e-call', name: 'Dee' });
    await waitForStatus(dee.page, 'error');
    const error = (await dee.events()).find((e) => e.type === 'error');
    assert.equal(error?.detail.code, 'room-full');
    const shown = await dee.page.locator('video-chat-room [role=alert]').textContent();
    assert.match(shown ?? '', /full/i);
    // The others' call is untouched.
    for (const person of people) assert.equal((await remoteTileIds(person.page)).length, 2);
    await dee.context.close();
  });

  test('a tab closed abruptly leaves the others within 5 seconds', async () => {
    const cy = people.pop()!;
    const cyId = await cy.page.evaluate(
      () => (window as any).__events.find((e: { type: string }) => e.type === 'join').detail.self.id,
    );
    const closedAt = Date.now();
    await cy.context.close();
    for (const person of people) {
      await person.page.waitForFunction(
        (id) => !document.querySelector('video-chat-room')?.shadowRoot?.querySelector(`[data-peer-id="${id}"]`),
        cyId,
        { timeout: 5000, polling: 100 },
      );
    }
    const elapsed = Date.now() - closedAt;
    assert.ok(elapsed < 5000, `took ${elapsed} ms`);
    for (const person of people) {
      const left = (await person.events()).filter((e) => e.type === 'participant-leave');
      assert.deepEqual(
        left.map((e) => e.detail.id),
        [cyId],
      );
      await waitForMediaFromAll(person.page, 1);
    }
  });

  test('leaving releases the call and tells the other side', async () => {
    const [ana, ben] = people;
    await ben.page.locator('video-chat-room button[data-action=leave]').click();
    await waitForStatus(ben.page, 'left');
    await ana.page.waitForFunction(
      () => !document.querySelector('video-chat-room')?.shadowRoot?.querySelector('[data-peer-id]'),
      null,
      {
        timeout: 5000,
      },
    );
    const benTracks = await ben.page.evaluate(
      () => (window as any).__events.filter((e: { type: string }) => e.type === 'leave').length,
    );
    assert.equal(benTracks, 1);
  });
});
