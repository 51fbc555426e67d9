import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import type { VideoChatServer } from '../src/server.js';
import { STILL_CONNECTED_MS } from '../src/signaling-door.js';
import { SocketMember, peerSocketUrl, startServer, until } from './helpers.js';

/** The first message a raw socket hears and whether the server then closed it. */
function firstWordAndClose(url: string, headers: Record<string, string> = {}): Promise<{ type: string; closed: boolean }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('error', reject);
    ws.once('message', (data) => {
      const { type } = JSON.parse(String(data));
      ws.once('close', () => resolve({ type, closed: true }));
      setTimeout(() => resolve({ type, closed: false }), 2000).unref();
    });
  });
}

/** Status of an upgrade: 101 when accepted (the socket is then left open and returned). */
function upgrade(url: string, headers: Record<string, string> = {}): Promise<{ status: number; ws: WebSocket }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0, ws }));
    ws.on('open', () => resolve({ status: 101, ws }));
    ws.on('error', () => {});
  });
}

describe('who may open a signaling socket', { timeout: 20_000 }, () => {
  let server: VideoChatServer;
  let base: string;
  before(async () => {
    ({ server, base } = await startServer());
  });
  after(() => server.close());

  test('an id outside the rooms API pattern (markup, 6,000 characters) is refused with an ERROR and a closed socket', async () => {
    for (const id of [`<img src=x onerror=alert(1)>${'x'.repeat(6000)}`, 'a'.repeat(65), 'has space', 'dot.ted']) {
      const answer = await firstWordAndClose(peerSocketUrl(base, encodeURIComponent(id), 'token'));
      assert.deepEqual(answer, { type: 'ERROR', closed: true }, id.slice(0, 20));
    }
    assert.equal(server.peers.size, 0);
    await until(() => server.signalingSockets === 0, 'no socket left');
  });

  test('a second socket for a connected id is refused with ID-TAKEN, even with its token; the page keeps its room', async () => {
    const [victim, mate] = [await new SocketMember().open(base), await new SocketMember().open(base)];
    await victim.join('door-takeover', { displayName: 'Victim' });
    await mate.join('door-takeover');
    // The id and the token, as a log line would show them.
    const answer = await firstWordAndClose(peerSocketUrl(base, victim.id, victim.token));
    assert.deepEqual(answer, { type: 'ID-TAKEN', closed: true });
    assert.equal(server.rooms.isMember('door-takeover', victim.id), true);
    mate.relay('CANDIDATE', victim.id, { candidate: 'still mine' });
    await victim.next((m) => m.type === 'CANDIDATE' && m.src === mate.id, 'the relayed candidate');
    // Once the page's own socket has closed, its reconnect (same id and token) is welcome again.
    victim.close();
    await until(() => !server.peers.has(victim.id), 'the old socket gone');
    const again = await new SocketMember();
    Object.assign(again, { id: victim.id, token: victim.token });
    await again.open(base);
    assert.equal(server.peers.has(victim.id), true);
    again.close();
    mate.close();
  });

  test(`a socket silent for ${STILL_CONNECTED_MS / 1000} s (a dead network) is cut by its own page's reconnect, which then gets in; never by another token`, async () => {
    const gone = await new SocketMember().open(base, { ping: false });
    const cut = new Promise<void>((resolve) => gone.ws.once('close', () => resolve()));
    await new Promise((resolve) => setTimeout(resolve, STILL_CONNECTED_MS + 200));
    assert.deepEqual(await firstWordAndClose(peerSocketUrl(base, gone.id, 'another-token')), { type: 'ID-TAKEN', closed: true });
    assert.equal(gone.ws.readyState, WebSocket.OPEN, 'another token cuts nothing');
    // The page's reconnect (same id and token): refused while the dead socket is there, which it cuts.
    assert.deepEqual(await firstWordAndClose(peerSocketUrl(base, gone.id, gone.token)), { type: 'ID-TAKEN', closed: true });
    await cut;
    await until(() => !server.peers.has(gone.id), 'the dead socket forgotten');
    const back = new SocketMember();
    Object.assign(back, { id: gone.id, token: gone.token });
    await back.open(base);
    await back.join('door-silent');
    assert.equal(server.rooms.isMember('door-silent', gone.id), true);
    back.close();
  });
});

describe('sockets per address', { timeout: 20_000 }, () => {
  test('one address (an IPv6 client: its /64) holds at most --max-peers-per-address sockets; others are not affected', async () => {
    const { server, base } = await startServer({ socketsPerAddress: 3, trustProxy: true });
    const opened: WebSocket[] = [];
    const url = () => peerSocketUrl(base, `p${opened.length}-${Math.random().toString(36).slice(2)}`, 'token');
    try {
      for (let i = 1; i <= 3; i++) {
        const { status, ws } = await upgrade(url(), { 'x-forwarded-for': `2001:db8:1:2::${i}` });
        assert.equal(status, 101);
        opened.push(ws);
      }
      assert.equal((await upgrade(url(), { 'x-forwarded-for': '2001:db8:1:2:ffff::9' })).status, 429, 'same /64');
      const other = await upgrade(url(), { 'x-forwarded-for': '2001:db8:1:3::1' });
      assert.equal(other.status, 101, 'another /64');
      opened.push(other.ws);
      const v4 = await upgrade(url(), { 'x-forwarded-for': '203.0.113.5' });
      assert.equal(v4.status, 101, 'an IPv4 client');
      opened.push(v4.ws);
      opened[0].close();
      await until(() => server.limits.socketsOf('2001:db8:1:2::/64') === 2, 'the closed socket no longer counts');
      const fits = await upgrade(url(), { 'x-forwarded-for': '2001:db8:1:2::7' });
      assert.equal(fits.status, 101);
      opened.push(fits.ws);
    } finally {
      for (const ws of opened) ws.close();
      await server.close();
    }
  });
});

describe('joins per address', { timeout: 20_000 }, () => {
  test('joins over several sockets and over HTTP spend one allowance per address, and so do TURN credentials', async () => {
    const turn = { secret: 'x'.repeat(32), urls: ['turn:127.0.0.1:3478'], ttlSeconds: 600 };
    const { server, base } = await startServer({ joinsPerMinute: 5, turn });
    const sockets = await Promise.all([1, 2, 3].map(() => new SocketMember().open(base)));
    try {
      const outcomes: string[] = [];
      for (let round = 0; round < 3; round++) {
        for (const [i, s] of sockets.entries()) {
          outcomes.push(
            await s.join(`per-address-${i}-${round}`).then(
              () => 'welcome',
              (e: { code: string }) => e.code,
            ),
          );
        }
      }
      assert.deepEqual(outcomes, [...Array(5).fill('welcome'), ...Array(4).fill('rate-limited')]);
      assert.equal((await server.metrics.turnCredentials.get()).values[0].value, 5);
      const http = await fetch(`${base}/api/rooms/per-address-0-1/credentials`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ peerId: sockets[0].id, token: sockets[0].token }),
      });
      assert.equal(http.status, 429);
    } finally {
      for (const s of sockets) s.close();
      await server.close();
    }
  });
});
