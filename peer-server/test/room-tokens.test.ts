import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SignJWT } from 'jose';
import type { VideoChatServer } from '../src/server.js';
import { FakePeerSocket, joinRoom, startServer } from './helpers.js';

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
