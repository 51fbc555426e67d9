import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SignJWT } from 'jose';
import type { VideoChatServer } from '../src/server.js';
import { FakePeerSocket, SocketMember, joinRoom, startServer } from './helpers.js';

const SECRET = 'site-backend-shared-secret-0123456789';

/** What a site's backend does (the README's example, in short). */
function mint(claims: Record<string, unknown>, { secret = SECRET, expiresIn = '10m' } = {}): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}

describe('room tokens (server started with a room token secret)', () => {
  let server: VideoChatServer;
  let base: string;
  before(async () => ({ server, base } = await startServer({ roomTokenSecret: SECRET })));
  after(() => server.close());

  async function join(roomToken?: string, room = 'private', displayName = 'Page says') {
    const peer = await new FakePeerSocket().open(base);
    const joined = await joinRoom(base, room, { peerId: peer.id, token: peer.token, displayName, roomToken });
    return { peer, joined };
  }

  test('a valid token admits to its room, with the name the site chose', async () => {
    const { peer, joined } = await join(await mint({ room: 'private', name: 'Dr. Site' }));
    assert.equal(joined.status, 200);
    const welcome = await joined.next((e) => e.event === 'welcome');
    assert.equal(welcome.data.self.displayName, 'Dr. Site');
    joined.abort();
    peer.close();
  });

  for (const [why, token, says] of [
    ['no token', async () => undefined, /needs a token/],
    ['a token for another room', () => mint({ room: 'elsewhere' }), /another room/],
    ['an expired token', () => mint({ room: 'private' }, { expiresIn: '-1m' }), /expired/],
    [
      'a token signed with another secret',
      () => mint({ room: 'private' }, { secret: 'not-the-site-secret-0123456789abcd' }),
      /not signed/,
    ],
    [
      'a token without expiry',
      () => new SignJWT({ room: 'private' }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(SECRET)),
      /malformed|incomplete/,
    ],
    [
      'an unsigned token',
      async () =>
        `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"room":"private","exp":9999999999}').toString('base64url')}.`,
      /malformed/,
    ],
  ] as const) {
    test(`${why} is refused with 401 token-rejected`, async () => {
      const { peer, joined } = await join(await token());
      assert.equal(joined.status, 401);
      assert.equal(joined.body?.error.code, 'token-rejected');
      assert.match(joined.body?.error.message ?? '', says);
      assert.equal(server.rooms.memberCount('private'), 0);
      peer.close();
    });
  }
});

describe('what a room token fixes', () => {
  let server: VideoChatServer;
  let base: string;
  before(async () => ({ server, base } = await startServer({ roomTokenSecret: SECRET, maxRoomSize: 10 })));
  after(() => server.close());

  test('a token lasting more than 24 hours is refused, from its iat or (without one) from now', async () => {
    const key = new TextEncoder().encode(SECRET);
    const now = Math.floor(Date.now() / 1000);
    const centuryLong = await new SignJWT({ room: 'lifetime' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt(now)
      .setExpirationTime(now + 100 * 365 * 86400)
      .sign(key);
    const noIat = await new SignJWT({ room: 'lifetime' })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime(now + 25 * 3600)
      .sign(key);
    const aDay = await new SignJWT({ room: 'lifetime' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt(now)
      .setExpirationTime(now + 24 * 3600)
      .sign(key);
    for (const [token, status] of [
      [centuryLong, 401],
      [noIat, 401],
      [aDay, 200],
    ] as const) {
      const peer = await new SocketMember().open(base);
      const outcome = await peer.join('lifetime', { roomToken: token }).then(
        () => 200,
        (e: { code: string; message: string }) => {
          assert.equal(e.code, 'token-rejected');
          assert.match(e.message, /longer than 24 hours/);
          return 401;
        },
      );
      assert.equal(outcome, status);
      peer.close();
    }
  });

  test('a member whose token set its name cannot rename itself, over the socket or HTTP; the others keep seeing that name', async () => {
    const named = await new SocketMember().open(base);
    const other = await new SocketMember().open(base);
    await named.join('fixed-name', { roomToken: await mint({ room: 'fixed-name', name: 'Dr. Site' }), displayName: 'x' });
    await other.join('fixed-name', { roomToken: await mint({ room: 'fixed-name' }) });
    named.send('ROOM-PROFILE', { room: 'fixed-name', displayName: 'Someone Else' });
    const refusal = await named.next((m) => m.type === 'ROOM-ERROR', 'the refusal');
    assert.equal(refusal.payload.code, 'name-fixed');
    const http = await fetch(`${base}/api/rooms/fixed-name/profile`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ peerId: named.id, token: named.token, displayName: 'Someone Else' }),
    });
    assert.equal(http.status, 403);
    assert.equal(((await http.json()) as { error: { code: string } }).error.code, 'name-fixed');
    // A member without a name in its token still renames itself.
    other.send('ROOM-PROFILE', { room: 'fixed-name', displayName: 'Free' });
    await named.next((m) => m.type === 'ROOM-EVENT' && m.payload.type === 'update', 'the free rename');
    assert.deepEqual(
      other.heard.filter((m) => m.payload?.type === 'update'),
      [],
    );
    named.close();
    other.close();
  });

  test('a token with a jti (or sub) seats one page at a time; the same page may rejoin, another may once it has left', async () => {
    const token = await mint({ room: 'one-seat', jti: 'visit-42' });
    const [first, second] = [await new SocketMember().open(base), await new SocketMember().open(base)];
    await first.join('one-seat', { roomToken: token });
    await assert.rejects(second.join('one-seat', { roomToken: token }), (e: { code: string; message: string }) => {
      assert.equal(e.code, 'token-rejected');
      assert.match(e.message, /in use/);
      return true;
    });
    await first.join('one-seat', { roomToken: token });
    const bySub = await mint({ room: 'one-seat', sub: 'user-7' });
    await first.join('one-seat', { roomToken: token });
    await second.join('one-seat', { roomToken: bySub });
    const third = await new SocketMember().open(base);
    await assert.rejects(third.join('one-seat', { roomToken: bySub }));
    first.send('ROOM-LEAVE', { room: 'one-seat' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await third.join('one-seat', { roomToken: token });
    assert.equal(server.rooms.memberCount('one-seat'), 2);
    for (const p of [first, second, third]) p.close();
  });

  test("only the server or the token sets a room's cap: a page asking for 2 neither caps the room nor learns its size", async () => {
    const pages = await Promise.all([1, 2, 3].map(() => new SocketMember().open(base)));
    for (const page of pages) await page.join('no-squat', { roomToken: await mint({ room: 'no-squat' }), maxParticipants: 2 });
    assert.equal(server.rooms.memberCount('no-squat'), 3);
    const capped = await Promise.all([1, 2, 3].map(() => new SocketMember().open(base)));
    const capToken = await mint({ room: 'capped', maxParticipants: 2 });
    const outcomes = [];
    for (const page of capped)
      outcomes.push(
        await page.join('capped', { roomToken: capToken }).then(
          () => 'in',
          (e: { code: string; message: string }) => `${e.code}: ${e.message}`,
        ),
      );
    assert.deepEqual(outcomes, ['in', 'in', 'room-full: This room is full.']);
    for (const p of [...pages, ...capped]) p.close();
  });
});
