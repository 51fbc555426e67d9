import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { VideoChatServer } from '../src/server.js';
import { FakePeerSocket, joinRoom, startServer } from './helpers.js';

describe('rooms API', () => {
  let server: VideoChatServer;
  let base: string;
  before(async () => {
    const distDir = await mkdtemp(path.join(tmpdir(), 'vcr-dist-'));
    await writeFile(path.join(distDir, 'video-chat-room.js'), 'export {};\n');
    ({ server, base } = await startServer({ maxRoomSize: 3, aliveTimeoutMs: 2500, distDir }));
  });
  after(() => server.close());

  test('a newcomer gets the current members; members hear of joins and leaves', async () => {
    const a = await new FakePeerSocket().open(base);
    const b = await new FakePeerSocket().open(base);
    const joinA = await joinRoom(base, 'standup', { peerId: a.id, token: a.token, displayName: 'Ana' });
    assert.equal(joinA.status, 200);
    const welcomeA = await joinA.next((e) => e.event === 'welcome');
    assert.deepEqual(welcomeA.data.self, { id: a.id, displayName: 'Ana' });
    assert.deepEqual(welcomeA.data.members, []);
    assert.equal(welcomeA.data.maxParticipants, 3);

    const joinB = await joinRoom(base, 'standup', { peerId: b.id, token: b.token, displayName: 'Ben' });
    const welcomeB = await joinB.next((e) => e.event === 'welcome');
    assert.deepEqual(welcomeB.data.members, [{ id: a.id, displayName: 'Ana' }]);
    const joined = await joinA.next((e) => e.event === 'join');
    assert.deepEqual(joined.data, { id: b.id, displayName: 'Ben' });

    joinB.abort();
    const left = await joinA.next((e) => e.event === 'leave');
    assert.equal(left.data.id, b.id);
    assert.equal(server.rooms.memberCount('standup'), 1);
    joinA.abort();
    a.close();
    b.close();
  });

  test('a member renames itself and the others get an update; outsiders cannot', async () => {
    const a = await new FakePeerSocket().open(base);
    const b = await new FakePeerSocket().open(base);
    const joinA = await joinRoom(base, 'rename', { peerId: a.id, token: a.token, displayName: 'Ana' });
    const joinB = await joinRoom(base, 'rename', { peerId: b.id, token: b.token, displayName: 'Ben' });
    await joinB.next((e) => e.event === 'welcome');
    const rename = (peer: FakePeerSocket, room: string, displayName: string) =>
      fetch(`${base}/api/rooms/${room}/profile`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ peerId: peer.id, token: peer.token, displayName }),
      });
    assert.equal((await rename(b, 'rename', ' Benjamin\u0007 ')).status, 204);
    const update = await joinA.next((e) => e.event === 'update');
    assert.deepEqual(update.data, { id: b.id, displayName: 'Benjamin' });
    assert.equal((await rename(b, 'other-room', 'X')).status, 403);
    joinA.abort();
    joinB.abort();
    a.close();
    b.close();
  });

  test('display names are cleaned of control characters and cut to 64 characters', async () => {
    const a = await new FakePeerSocket().open(base);
    const joined = await joinRoom(base, 'names', {
      peerId: a.id,
      token: a.token,
      displayName: `  <b>Zoë</b>\u0000\u202e ${'x'.repeat(100)}`,
    });
    const welcome = await joined.next((e) => e.event === 'welcome');
    assert.equal(welcome.data.self.displayName, `<b>Zoë</b> ${'x'.repeat(53)}`);
    joined.abort();
    a.close();
  });

  test('a join with a wrong token or an unconnected peer id is refused', async () => {
    const a = await new FakePeerSocket().open(base);
    const wrong = await joinRoom(base, 'proof', { peerId: a.id, token: 'not-the-token' });
    assert.equal(wrong.status, 403);
    assert.equal(wrong.body?.error.code, 'peer-unverified');
    const ghost = await joinRoom(base, 'proof', { peerId: 'nobody-connected', token: a.token });
    assert.equal(ghost.status, 403);
    assert.equal(server.rooms.memberCount('proof'), 0);
    a.close();
  });

  test("a full room answers 409 room-full, saying no more; a page's maxParticipants does not cap the room", async () => {
    const peers = await Promise.all([1, 2, 3, 4].map(() => new FakePeerSocket().open(base)));
    const joins = [];
    for (const peer of peers.slice(0, 3)) {
      const joined = await joinRoom(base, 'capped', { peerId: peer.id, token: peer.token });
      assert.equal(joined.status, 200);
      joins.push(joined);
    }
    const fourth = await joinRoom(base, 'capped', { peerId: peers[3].id, token: peers[3].token });
    assert.equal(fourth.status, 409);
    assert.equal(fourth.body?.error.code, 'room-full');
    assert.equal(fourth.body?.error.message, 'This room is full.');

    const small = await joinRoom(base, 'pair', { peerId: peers[3].id, token: peers[3].token, maxParticipants: 2 });
    assert.equal((await small.next((e) => e.event === 'welcome')).data.maxParticipants, 3);
    const second = await joinRoom(base, 'pair', { peerId: peers[0].id, token: peers[0].token, maxParticipants: 2 });
    assert.equal(second.status, 200);
    const third = await joinRoom(base, 'pair', { peerId: peers[1].id, token: peers[1].token });
    assert.equal(third.status, 200, 'the first joiner did not cap the room at 2');
    for (const j of [...joins, small, second, third]) j.abort();
    for (const p of peers) p.close();
  });

  test('closing the PeerJS socket removes the member and ends its presence stream', async () => {
    const a = await new FakePeerSocket().open(base);
    const b = await new FakePeerSocket().open(base);
    const joinA = await joinRoom(base, 'crash', { peerId: a.id, token: a.token });
    const joinB = await joinRoom(base, 'crash', { peerId: b.id, token: b.token });
    await joinB.next((e) => e.event === 'welcome');
    b.ws.terminate();
    const left = await joinA.next((e) => e.event === 'leave', 2000);
    assert.equal(left.data.id, b.id);
    await joinB.ended;
    joinA.abort();
    a.close();
  });

  test('a peer that stops sending heartbeats is removed after the alive timeout', async () => {
    const a = await new FakePeerSocket().open(base);
    const b = await new FakePeerSocket().open(base);
    const joinA = await joinRoom(base, 'silent', { peerId: a.id, token: a.token });
    const joinB = await joinRoom(base, 'silent', { peerId: b.id, token: b.token });
    await joinB.next((e) => e.event === 'welcome');
    b.stopPinging();
    // The server's alive timeout here is 2.5 s: a healthy peer (a) stays, the silent one goes.
    const left = await joinA.next((e) => e.event === 'leave', 6000);
    assert.equal(left.data.id, b.id);
    assert.equal(server.rooms.memberCount('silent'), 1);
    joinA.abort();
    a.close();
    b.close();
  });

  test('bad input gets a status and a code, and the server keeps serving', async () => {
    const a = await new FakePeerSocket().open(base);
    const badRoom = await joinRoom(base, '../etc', { peerId: a.id, token: a.token });
    assert.equal(badRoom.status, 400);
    assert.equal(badRoom.body?.error.code, 'invalid-room');
    const longRoom = await joinRoom(base, 'r'.repeat(65), { peerId: a.id, token: a.token });
    assert.equal(longRoom.body?.error.code, 'invalid-room');

    const malformed = await fetch(`${base}/api/rooms/x/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"peerId":',
    });
    assert.equal(malformed.status, 400);
    assert.equal((await malformed.json()).error.code, 'invalid-request');

    const huge = await fetch(`${base}/api/rooms/x/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ peerId: a.id, token: a.token, displayName: 'x'.repeat(10_000) }),
    });
    assert.equal(huge.status, 413);

    const missing = await joinRoom(base, 'x', { peerId: '', token: '' });
    assert.equal(missing.status, 400);

    const ok = await joinRoom(base, 'still-up', { peerId: a.id, token: a.token });
    assert.equal(ok.status, 200);
    ok.abort();
    a.close();
  });

  test('nobody can list peers or rooms', async () => {
    const a = await new FakePeerSocket().open(base);
    const joined = await joinRoom(base, 'secret-room', { peerId: a.id, token: a.token });
    for (const path of ['/peerjs/peerjs/peers', '/api/rooms', '/api/rooms/secret-room', '/api/rooms/secret-room/join']) {
      const response = await fetch(`${base}${path}`);
      const text = await response.text();
      assert.ok(response.status >= 400, `${path} answered ${response.status}`);
      assert.ok(!text.includes(a.id), `${path} leaked a peer id`);
      assert.ok(!text.includes('secret-room') || response.status === 404, `${path} leaked the room`);
    }
    joined.abort();
    a.close();
  });

  test('other sites are allowed by default (CORS), including the bundle', async () => {
    const preflight = await fetch(`${base}/api/rooms/x/join`, {
      method: 'OPTIONS',
      headers: { origin: 'https://some-site.example', 'access-control-request-method': 'POST' },
    });
    assert.equal(preflight.headers.get('access-control-allow-origin'), 'https://some-site.example');
    const bundle = await fetch(`${base}/video-chat-room.js`, { headers: { origin: 'https://some-site.example' } });
    assert.equal(bundle.status, 200);
    assert.match(bundle.headers.get('content-type') ?? '', /javascript/);
    assert.equal(bundle.headers.get('access-control-allow-origin'), '*');
  });
});

describe('rooms API with allowed origins', () => {
  test('joins from other origins are refused with origin-not-allowed', async () => {
    const { server, base } = await startServer({ allowedOrigins: ['https://good.example'] });
    try {
      const a = await new FakePeerSocket().open(base);
      const bad = await joinRoom(base, 'r', { peerId: a.id, token: a.token }, { origin: 'https://evil.example' });
      assert.equal(bad.status, 403);
      assert.equal(bad.body?.error.code, 'origin-not-allowed');
      const good = await joinRoom(base, 'r', { peerId: a.id, token: a.token }, { origin: 'https://good.example' });
      assert.equal(good.status, 200);
      // The signaling socket itself is refused to the other site's page.
      const refused = await new Promise<number>((resolve) => {
        const ws = new WebSocket(`${base.replace('http', 'ws')}/peerjs/peerjs?key=peerjs&id=evil-1&token=t`, {
          headers: { origin: 'https://evil.example' },
        });
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => resolve(101));
        ws.on('error', () => {});
      });
      assert.equal(refused, 403);
      good.abort();
      a.close();
    } finally {
      await server.close();
    }
  });
});

describe('rooms API under a base path', () => {
  test('signaling, joins and presence all work under --base-path', async () => {
    const { server, base } = await startServer({ basePath: '/video' });
    try {
      assert.match(base, /\/video$/);
      const a = await new FakePeerSocket().open(base);
      const b = await new FakePeerSocket().open(base);
      const joinA = await joinRoom(base, 'prefixed', { peerId: a.id, token: a.token });
      const joinB = await joinRoom(base, 'prefixed', { peerId: b.id, token: b.token });
      assert.deepEqual(
        (await joinB.next((e) => e.event === 'welcome')).data.members.map((m: { id: string }) => m.id),
        [a.id],
      );
      assert.equal((await joinA.next((e) => e.event === 'join')).data.id, b.id);
      const outside = await fetch(`${base.replace('/video', '')}/api/rooms/prefixed/join`, { method: 'POST' });
      assert.equal(outside.status, 404);
      joinA.abort();
      joinB.abort();
      a.close();
      b.close();
    } finally {
      await server.close();
    }
  });
});
