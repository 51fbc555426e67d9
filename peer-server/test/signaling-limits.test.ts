import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import type { VideoChatServer } from '../src/server.js';
import { FakePeerSocket, SocketMember, peerSocketUrl, startServer } from './helpers.js';

const LIMIT = 64 * 1024;

/** The next message `peer` receives, parsed. */
function nextMessage(peer: FakePeerSocket, timeoutMs = 2000): Promise<{ type: string; src?: string; payload?: unknown }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no message')), timeoutMs);
    peer.ws.once('message', (data) => {
      clearTimeout(timer);
      resolve(JSON.parse(String(data)));
    });
  });
}

function closed(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => {
    if (ws.readyState === WebSocket.CLOSED) resolve(-1);
    ws.once('close', (code) => resolve(code));
  });
}

/** Status of a refused upgrade, or 101 when it was accepted. */
function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('open', () => {
      resolve(101);
      ws.close();
    });
    ws.on('error', () => {});
  });
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.ok(condition(), what);
}

describe('signaling socket limits', { timeout: 20_000 }, () => {
  let server: VideoChatServer;
  let base: string;
  before(async () => {
    ({ server, base } = await startServer({ concurrentLimit: 4 }));
  });
  after(() => server.close());

  /** Two sockets in one room, so that the server relays between them. */
  async function roomMates(room: string): Promise<[SocketMember, SocketMember]> {
    const a = await new SocketMember().open(base);
    const b = await new SocketMember().open(base);
    await a.join(room);
    await b.join(room);
    return [a, b];
  }

  test('a message over 64 KiB closes that socket (1009); one just under is relayed', async () => {
    const [a, b] = await roomMates('limits-size');
    const envelope = JSON.stringify({ type: 'OFFER', dst: b.id, payload: { sdp: '' } });
    const fits = JSON.stringify({ type: 'OFFER', dst: b.id, payload: { sdp: 'v'.repeat(LIMIT - envelope.length) } });
    assert.equal(Buffer.byteLength(fits), LIMIT);
    const relayed = nextMessage(b);
    a.ws.send(fits);
    const offer = await relayed;
    assert.equal(offer.type, 'OFFER');
    assert.equal(offer.src, a.id);

    const aClosed = closed(a.ws);
    a.ws.send(`${fits} `);
    assert.equal(await aClosed, 1009);
    a.stopPinging();
    await until(() => server.peers.size === 1, 'the oversized sender is gone from the registry');
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
    const stillHere = nextMessage(b);
    b.ws.send(JSON.stringify({ type: 'HEARTBEAT' }));
    b.ws.send(JSON.stringify({ type: 'OFFER', dst: b.id, payload: { sdp: 'to myself' } }));
    assert.equal((await stillHere).type, 'OFFER');
    b.close();
  });

  test('a socket that floods (offers for absent peers, which PeerServer would hold) is closed with 1008 after its budget', async () => {
    const flooder = await new FakePeerSocket().open(base, { ping: false });
    const payload = 'x'.repeat(60_000);
    let sent = 0;
    const closedWith = closed(flooder.ws);
    while (flooder.ws.readyState === WebSocket.OPEN && sent < 20_000_000) {
      const frame = JSON.stringify({ type: 'OFFER', dst: `ghost-${sent}`, payload });
      await new Promise<void>((resolve) => flooder.ws.send(frame, () => resolve()));
      sent += frame.length;
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.equal(await closedWith, 1008);
    // The burst is 1 MiB; what was in flight when the close arrived comes on top.
    assert.ok(sent > 1024 * 1024 && sent < 4 * 1024 * 1024, `sent ${sent} bytes`);
    const metrics = await server.metrics.registry.metrics();
    assert.match(metrics, /^vcr_signaling_budget_closed_total 1$/m);
    await until(() => server.signalingSockets === 0, 'the flooder is gone');
  });

  test('a page joining a full room (five calls at once) stays well inside the budget', async () => {
    const [a, b] = await roomMates('limits-calls');
    let received = 0;
    b.ws.on('message', () => received++);
    const sdp = 's'.repeat(12_000);
    for (let call = 0; call < 5; call++) {
      a.ws.send(JSON.stringify({ type: 'OFFER', dst: b.id, payload: { sdp, connectionId: `mc_${call}` } }));
      for (let c = 0; c < 30; c++)
        a.ws.send(JSON.stringify({ type: 'CANDIDATE', dst: b.id, payload: { candidate: 'c'.repeat(300) } }));
    }
    await until(() => received === 5 * 31, 'everything relayed');
    assert.equal(a.ws.readyState, WebSocket.OPEN);
    a.close();
    b.close();
    await until(() => server.signalingSockets === 0, 'all sockets closed');
  });

  test('malformed JSON, wrong shapes and unknown types are ignored: the socket and the server carry on', async () => {
    const [a, b] = await roomMates('limits-junk');
    const junk: (string | Buffer)[] = [
      'not json',
      '{"type":',
      '5',
      'null',
      '"OFFER"',
      '[]',
      '{}',
      '{"type":"NOPE"}',
      '{"type":{"nested":1}}',
      '{"type":"OFFER"}',
      '{"type":"OFFER","dst":{}}',
      '{"type":"OFFER","dst":["x"]}',
      '{"type":"ANSWER","dst":"nobody-here"}',
      '{"type":"__proto__","dst":"x"}',
      '{"__proto__":{"type":"OFFER"},"dst":"x"}',
      Buffer.from([0, 255, 1, 2, 3]),
      Buffer.from('{"type":"HEARTBEAT"}'),
    ];
    for (const frame of junk) a.ws.send(frame);
    // Still connected and still relaying, in order after the junk.
    const relayed = nextMessage(b);
    a.ws.send(JSON.stringify({ type: 'CANDIDATE', dst: b.id, payload: { candidate: 'c' } }));
    assert.deepEqual(await relayed, { type: 'CANDIDATE', src: a.id, dst: b.id, payload: { candidate: 'c' } });
    assert.equal(a.ws.readyState, WebSocket.OPEN);
    assert.equal(server.peers.size, 2);
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
    a.close();
    b.close();
    await until(() => server.signalingSockets === 0, 'all sockets closed');
  });

  test('bad or missing id, token or key: an ERROR message and a closed socket, nothing registered', async () => {
    for (const query of ['', '?key=peerjs', '?key=peerjs&id=x', '?key=wrong&id=x&token=t', '?id=x&token=t']) {
      const ws = new WebSocket(`${base.replace('http', 'ws')}/peerjs/peerjs${query}`);
      const first = await new Promise<{ type: string }>((resolve) => ws.once('message', (d) => resolve(JSON.parse(String(d)))));
      assert.equal(first.type, 'ERROR', query);
      await closed(ws);
    }
    assert.equal(server.peers.size, 0);
  });

  test('more sockets than --max-peers are refused with 503, counting sockets whose id PeerServer forgot', async () => {
    const peers = await Promise.all([1, 2, 3, 4].map(() => new FakePeerSocket().open(base)));
    // A LEAVE without a destination makes PeerServer forget the id while the socket stays open.
    peers[0].ws.send(JSON.stringify({ type: 'LEAVE' }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(server.signalingSockets, 4);
    assert.equal(await upgradeStatus(peerSocketUrl(base, 'fifth', 'token')), 503);
    peers[3].close();
    await until(() => server.signalingSockets === 3, 'a socket closed');
    const fifth = await new FakePeerSocket().open(base);
    assert.equal(server.signalingSockets, 4);
    for (const peer of [...peers, fifth]) peer.close();
    await until(() => server.signalingSockets === 0 && server.peers.size === 0, 'all sockets closed');
  });
});
