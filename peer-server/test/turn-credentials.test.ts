import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { freeTurnPort, newTurnSecret, startCoturn } from '../../scripts/coturn.mjs';
import type { VideoChatServer } from '../src/server.js';
import { issueTurnCredentials } from '../src/turn-credentials.js';
import { FakePeerSocket, joinRoom, startServer } from './helpers.js';

const run = promisify(execFile);

describe('issueTurnCredentials', () => {
  test('follows the TURN REST API formula coturn checks (known vector)', () => {
    // Vector: printf '1700003600:peer-1' | openssl dgst -sha1 -hmac 'north-secret-0123456789' -binary | base64
    const server = issueTurnCredentials(
      { secret: 'north-secret-0123456789', urls: ['turn:t.example:3478'], ttlSeconds: 3600 },
      'peer-1',
      1_700_000_000_000,
    );
    assert.equal(server.username, '1700003600:peer-1');
    assert.equal(server.credential, 'nSzfqZpMqnlqn4zgfYAobz93SXc=');
    assert.deepEqual(server.urls, ['turn:t.example:3478']);
  });
});

describe('TURN credentials from the rooms API', () => {
  const secret = newTurnSecret();
  let server: VideoChatServer;
  let base: string;
  before(async () => {
    ({ server, base } = await startServer({
      stunUrls: ['stun:127.0.0.1:3478'],
      turn: { secret, urls: ['turn:127.0.0.1:3478?transport=udp', 'turn:127.0.0.1:3478?transport=tcp'], ttlSeconds: 600 },
    }));
  });
  after(() => server.close());

  test('a member gets STUN plus TURN credentials for its own id that expire after the TTL', async () => {
    const a = await new FakePeerSocket().open(base);
    const joined = await joinRoom(base, 'turn-room', { peerId: a.id, token: a.token });
    const { data } = await joined.next((e) => e.event === 'welcome');
    const [stun, turn] = data.iceServers;
    assert.deepEqual(stun, { urls: ['stun:127.0.0.1:3478'] });
    const [expiry, peerId] = turn.username.split(':');
    assert.equal(peerId, a.id);
    const lifetime = Number(expiry) - Date.now() / 1000;
    assert.ok(lifetime > 590 && lifetime <= 600, `lifetime ${lifetime}`);
    assert.equal(turn.credential, createHmac('sha1', secret).update(turn.username).digest('base64'));

    const renewed = await fetch(`${base}/api/rooms/turn-room/credentials`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ peerId: a.id, token: a.token }),
    });
    assert.equal(renewed.status, 200);
    const body = await renewed.json();
    assert.equal(body.iceServers[1].username.split(':')[1], a.id);
    joined.abort();
    a.close();
  });

  test('credentials are refused to peers that are not members, or not who they claim', async () => {
    const a = await new FakePeerSocket().open(base);
    const outsider = await fetch(`${base}/api/rooms/turn-room/credentials`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ peerId: a.id, token: a.token }),
    });
    assert.equal(outsider.status, 403);
    assert.equal((await outsider.json()).error.code, 'not-a-member');
    const impostor = await fetch(`${base}/api/rooms/turn-room/credentials`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ peerId: a.id, token: 'guess' }),
    });
    assert.equal(impostor.status, 403);
    assert.equal((await impostor.json()).error.code, 'peer-unverified');
    a.close();
  });

  test('the secret appears in no response', async () => {
    const a = await new FakePeerSocket().open(base);
    const joined = await joinRoom(base, 'leak-check', { peerId: a.id, token: a.token });
    await joined.next((e) => e.event === 'welcome');
    const texts = [JSON.stringify(joined.events)];
    for (const path of ['/', '/video-chat-room.js', '/peerjs', '/peerjs/peerjs/id', '/api/rooms/leak-check/credentials']) {
      texts.push(await (await fetch(`${base}${path}`)).text());
    }
    for (const text of texts) assert.ok(!text.includes(secret));
    joined.abort();
    a.close();
  });
});

describe('rate limits', () => {
  test('joins past the per-IP limit get 429 rate-limited', async () => {
    const { server, base } = await startServer({ joinsPerMinute: 3 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const refused = await joinRoom(base, 'limited', { peerId: 'nobody', token: 'x' });
        statuses.push(refused.status);
        if (refused.status === 429) assert.equal(refused.body?.error.code, 'rate-limited');
      }
      assert.deepEqual(statuses, [403, 403, 403, 429, 429]);
    } finally {
      await server.close();
    }
  });
});

describe('with a real coturn (dev config)', () => {
  const secret = newTurnSecret();
  let port: number;
  let coturn: Awaited<ReturnType<typeof startCoturn>>;
  let server: VideoChatServer;
  let base: string;
  before(async () => {
    port = await freeTurnPort();
    coturn = await startCoturn({ secret, port });
    ({ server, base } = await startServer({
      turn: { secret, urls: [`turn:127.0.0.1:${port}?transport=udp`], ttlSeconds: 600 },
    }));
  });
  after(async () => {
    await server.close();
    await coturn.stop();
  });

  async function issued(): Promise<{ username: string; credential: string }> {
    const a = await new FakePeerSocket().open(base);
    const joined = await joinRoom(base, 'coturn-room', { peerId: a.id, token: a.token });
    const { data } = await joined.next((e) => e.event === 'welcome');
    joined.abort();
    a.close();
    return data.iceServers.at(-1);
  }

  const uclient = (username: string, password: string) =>
    run('turnutils_uclient', ['-y', '-n', '3', '-u', username, '-w', password, '-p', String(port), '127.0.0.1'], {
      timeout: 15_000,
    })
      .then(({ stdout }) => ({ ok: true, out: stdout }))
      .catch((error: { stdout?: string; stderr?: string }) => ({ ok: false, out: `${error.stdout}${error.stderr}` }));

  test('turnutils_uclient authenticates with credentials our server issued and relays', async () => {
    const { username, credential } = await issued();
    const result = await uclient(username, credential);
    assert.ok(result.ok, result.out);
    const received = Number(/start_mclient: tot_send_msgs=\d+, tot_recv_msgs=(\d+)/.exec(result.out)?.[1] ?? 0);
    assert.ok(received > 0, `no messages came back through the relay:\n${result.out}`);
  });

  test('a tampered or expired credential is refused', async () => {
    const { username, credential } = await issued();
    // Change the first character for certain (the last ones may not change the decoded bytes).
    const tamperedCredential = `${credential[0] === 'A' ? 'B' : 'A'}${credential.slice(1)}`;
    assert.notEqual(tamperedCredential, credential);
    const tampered = await uclient(username, tamperedCredential);
    assert.equal(tampered.ok, false);
    assert.match(tampered.out, /Cannot complete Allocation|401|error/i);
    // Correctly signed, but its expiry is a minute ago.
    const expired = issueTurnCredentials({ secret, urls: [], ttlSeconds: -60 }, 'someone');
    assert.equal((await uclient(expired.username!, expired.credential!)).ok, false);
    // The same signature with a future expiry works: the refusal above was the expiry.
    const fresh = issueTurnCredentials({ secret, urls: [], ttlSeconds: 60 }, 'someone');
    assert.equal((await uclient(fresh.username!, fresh.credential!)).ok, true);
  });
});
