import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { freeTcpPort, startJanus, type RunningJanus } from '../../../scripts/janus.mjs';
import { JanusRooms } from '../../src/media-server/janus-rooms.js';
import type { MediaServerOptions } from '../../src/media-server/media-server-options.js';
import { MediaServerError } from '../../src/media-server/media-server-error.js';
import { RawJanusClient } from './janus-client.js';

function optionsFor(janus: RunningJanus): MediaServerOptions {
  return {
    janusUrl: janus.url,
    janusAdminUrl: janus.adminUrl,
    apiSecret: janus.apiSecret,
    adminSecret: janus.adminSecret,
    tokenTtlSeconds: 600,
  };
}

describe('VideoRooms on a real Janus', () => {
  let janus: RunningJanus;
  let rooms: JanusRooms;
  const pages: RawJanusClient[] = [];
  const page = async () => {
    const client = await new RawJanusClient().open(janus.url);
    pages.push(client);
    return client;
  };

  before(async () => {
    janus = await startJanus();
    rooms = new JanusRooms(optionsFor(janus));
  });
  after(async () => {
    for (const client of pages) client.close();
    await rooms?.shutdown();
    await janus?.stop();
  });

  test("a member's token and pin join the room's VideoRoom; a wrong pin does not", async () => {
    await rooms.open('standup', 25);
    const grant = await rooms.grant('standup', 'alice');
    assert.equal(grant.url, janus.url);
    assert.notEqual(grant.room, 'standup', 'the VideoRoom id is random, not our room name');
    const client = await page();
    const { session, handle, error } = await client.attachVideoRoom(grant.token);
    assert.equal(error, undefined);
    const wrongPin = await client.videoRoom(session!, handle!, grant.token, {
      request: 'join',
      ptype: 'publisher',
      room: grant.room,
      pin: 'not-the-pin',
      id: grant.feedId,
    });
    assert.equal(wrongPin.videoroom, 'event');
    assert.equal(wrongPin.error_code, 433, 'a wrong pin is unauthorized');
    const joined = await client.videoRoom(session!, handle!, grant.token, {
      request: 'join',
      ptype: 'publisher',
      room: grant.room,
      pin: grant.pin,
      id: grant.feedId,
    });
    assert.equal(joined.videoroom, 'joined');
    assert.equal(joined.id, grant.feedId);
  });

  test('the VideoRoom has a secret, is not listed, and cannot be created by a member', async () => {
    await rooms.open('class', 25);
    const grant = await rooms.grant('class', 'bob');
    const client = await page();
    const { session, handle } = await client.attachVideoRoom(grant.token);
    const destroy = await client.videoRoom(session!, handle!, grant.token, {
      request: 'destroy',
      room: grant.room,
      secret: 'a-guess',
    });
    assert.equal(destroy.error_code, 433, 'destroying needs the room secret');
    const list = await client.videoRoom(session!, handle!, grant.token, { request: 'list' });
    assert.ok(!list.list?.some((room: { room: string }) => room.room === grant.room), 'private rooms are not listed');
    const create = await client.videoRoom(session!, handle!, grant.token, {
      request: 'create',
      room: 'mine',
      admin_key: 'a-guess',
    });
    assert.equal(create.error_code, 433, 'creating needs the admin key');
  });

  test('a forged or missing token is refused by Janus', async () => {
    await rooms.open('standup', 25);
    const real = await rooms.grant('standup', 'carol');
    const client = await page();
    const missing = await client.attachVideoRoom(undefined);
    assert.equal(missing.error?.code, 403);
    const [expiry] = real.token.split('.');
    const forged = await client.attachVideoRoom(`${expiry}.${'A'.repeat(32)}`);
    assert.equal(forged.error?.code, 403);
    const secretAsToken = await client.attachVideoRoom(janus.adminSecret);
    assert.equal(secretAsToken.error?.code, 403);
  });

  test('a member who leaves loses its token and its feed; the last one out destroys the VideoRoom', async () => {
    await rooms.open('retro', 25);
    const dave = await rooms.grant('retro', 'dave');
    const erin = await rooms.grant('retro', 'erin');
    assert.equal(dave.room, erin.room);
    assert.notEqual(dave.token, erin.token);
    const client = await page();
    const { session, handle } = await client.attachVideoRoom(dave.token);
    const join = { request: 'join', ptype: 'publisher', room: dave.room, pin: dave.pin, id: dave.feedId };
    assert.equal((await client.videoRoom(session!, handle!, dave.token, join)).videoroom, 'joined');

    await rooms.release('retro', 'dave');
    const keepalive = await client.request({ janus: 'keepalive', session_id: session, token: dave.token });
    assert.equal(keepalive.error?.code, 403, 'the removed token opens nothing any more');
    assert.equal((await client.attachVideoRoom(dave.token)).error?.code, 403);
    const other = await page();
    const watcher = await other.attachVideoRoom(erin.token);
    const participants = await other.videoRoom(watcher.session!, watcher.handle!, erin.token, {
      request: 'listparticipants',
      room: erin.room,
    });
    assert.deepEqual(participants.participants, [], "dave's feed was kicked");
    assert.ok(rooms.has('retro'));

    await rooms.release('retro', 'erin');
    assert.ok(!rooms.has('retro'));
    const gone = await other.videoRoom(watcher.session!, watcher.handle!, erin.token, { request: 'exists', room: erin.room });
    assert.equal(gone.coreError?.code, 403, "erin's token went with her");
    const control = await page();
    const check = await control.request({ janus: 'create', apisecret: janus.apiSecret });
    const attached = await control.request({
      janus: 'attach',
      session_id: check.data.id,
      plugin: 'janus.plugin.videoroom',
      apisecret: janus.apiSecret,
    });
    const exists = await control.request({
      janus: 'message',
      session_id: check.data.id,
      handle_id: attached.data.id,
      apisecret: janus.apiSecret,
      body: { request: 'exists', room: erin.room },
    });
    assert.equal(exists.plugindata.data.exists, false, 'the VideoRoom was destroyed');
  });

  test('expired tokens are swept from Janus, live ones stay', async () => {
    await rooms.open('sweep', 25);
    const grant = await rooms.grant('sweep', 'frank');
    const shortLived = new JanusRooms({ ...optionsFor(janus), tokenTtlSeconds: 1 });
    try {
      await shortLived.open('brief', 25);
      const brief = await shortLived.grant('brief', 'gina');
      const client = await page();
      assert.equal((await client.attachVideoRoom(brief.token)).error, undefined);
      await new Promise((resolve) => setTimeout(resolve, brief.expiresAt - Date.now() + 50));
      // Its own sweeper (every quarter of the TTL) may have removed it already; a sweep now makes sure.
      await shortLived.sweepTokens();
      assert.equal((await client.attachVideoRoom(brief.token)).error?.code, 403, 'the expired token was removed');
      assert.equal((await client.attachVideoRoom(grant.token)).error, undefined, 'a live token stays');
    } finally {
      await shortLived.shutdown();
    }
  });
});

describe('Janus unreachable', () => {
  test('opening a room fails at once with media-server-unreachable', async () => {
    const port = await freeTcpPort();
    const rooms = new JanusRooms({
      janusUrl: `ws://127.0.0.1:${port}`,
      janusAdminUrl: `ws://127.0.0.1:${port}`,
      apiSecret: 'x'.repeat(32),
      adminSecret: 'y'.repeat(32),
      tokenTtlSeconds: 600,
    });
    const started = Date.now();
    await assert.rejects(rooms.open('standup', 25), (error: unknown) => {
      assert.ok(error instanceof MediaServerError);
      assert.equal(error.code, 'media-server-unreachable');
      assert.match(error.message, /Janus is unreachable/);
      return true;
    });
    assert.ok(Date.now() - started < 5000, 'no minute of retries');
    assert.ok(!rooms.has('standup'), 'a failed room is not kept');
    await rooms.shutdown();
  });

  test('Janus stopping under an open room makes the next grant fail with media-server-unreachable', async () => {
    const janus = await startJanus();
    const rooms = new JanusRooms(optionsFor(janus));
    try {
      await rooms.open('standup', 25);
      await rooms.grant('standup', 'hal');
      await janus.stop();
      await assert.rejects(rooms.grant('standup', 'ivy'), (error: unknown) => {
        assert.ok(error instanceof MediaServerError);
        assert.equal(error.code, 'media-server-unreachable');
        return true;
      });
    } finally {
      await rooms.shutdown();
      await janus.stop();
    }
  });
});
