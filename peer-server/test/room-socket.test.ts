import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SignJWT } from 'jose';
import { ROOM_SOCKET } from '../../protocol/room-protocol.js';
import { JOINS_PER_SOCKET_PER_MINUTE } from '../src/room-socket.js';
import type { VideoChatServer } from '../src/server.js';
import { FakePeerSocket, startServer } from './helpers.js';

/** A PeerJS socket that also speaks the rooms protocol, recording what the server says. */
class Member extends FakePeerSocket {
  readonly heard: { type: string; payload: any }[] = [];

  override async open(base: string): Promise<this> {
    await super.open(base);
    this.ws.on('message', (data) => {
      const message = JSON.parse(String(data));
      if (message.type === ROOM_SOCKET.event || message.type === ROOM_SOCKET.error) this.heard.push(message);
    });
    return this;
  }

  send(type: string, payload: unknown): void {
    this.ws.send(JSON.stringify({ type, payload }));
  }

  async next(predicate: (m: { type: string; payload: any }) => boolean, what: string): Promise<{ type: string; payload: any }> {
    const deadline = Date.now() + 3000;
    while (Date.now() < deadline) {
      const found = this.heard.find(predicate);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`never heard ${what}; heard ${JSON.stringify(this.heard)}`);
  }
}

const event = (name: string) => (m: { type: string; payload: any }) => m.type === ROOM_SOCKET.event && m.payload.type === name;

describe('rooms over the PeerJS socket', () => {
  let server: VideoChatServer;
  let base: string;
  const open: Member[] = [];
  const member = async () => {
    const m = await new Member().open(base);
    open.push(m);
    return m;
  };

  before(async () => {
    ({ server, base } = await startServer({ maxRoomSize: 2 }));
  });
  after(async () => {
    for (const m of open) m.close();
    await server.close();
  });

  test('join, hear others come, rename and go; a closed socket leaves the room', async () => {
    const ana = await member();
    ana.send(ROOM_SOCKET.join, { room: 'sock-a', displayName: 'Ana' });
    const welcome = await ana.next(event('welcome'), 'welcome');
    assert.equal(welcome.payload.room, 'sock-a');
    assert.deepEqual(welcome.payload.data.self, { id: ana.id, displayName: 'Ana' });
    assert.deepEqual(welcome.payload.data.members, []);

    const ben = await member();
    ben.send(ROOM_SOCKET.join, { room: 'sock-a', displayName: '<b>Ben</b>' });
    const benWelcome = await ben.next(event('welcome'), 'welcome');
    assert.deepEqual(benWelcome.payload.data.members, [{ id: ana.id, displayName: 'Ana' }]);
    assert.deepEqual((await ana.next(event('join'), 'join')).payload.data, { id: ben.id, displayName: '<b>Ben</b>' });

    ben.send(ROOM_SOCKET.profile, { room: 'sock-a', displayName: 'Benito' });
    assert.equal((await ana.next(event('update'), 'update')).payload.data.displayName, 'Benito');

    ben.close();
    assert.deepEqual((await ana.next(event('leave'), 'leave')).payload.data, { id: ben.id });
    assert.equal(server.rooms.isMember('sock-a', ben.id), false);
  });

  test('a full room and a bad room name are refused with codes; the others are untouched', async () => {
    const [a, b, c] = [await member(), await member(), await member()];
    a.send(ROOM_SOCKET.join, { room: 'sock-full', displayName: 'A' });
    b.send(ROOM_SOCKET.join, { room: 'sock-full', displayName: 'B' });
    await a.next(event('welcome'), 'welcome');
    await b.next(event('welcome'), 'welcome');
    c.send(ROOM_SOCKET.join, { room: 'sock-full', displayName: 'C' });
    const full = await c.next((m) => m.type === ROOM_SOCKET.error, 'an error');
    assert.equal(full.payload.code, 'room-full');
    c.send(ROOM_SOCKET.join, { room: '../etc', displayName: 'C' });
    assert.ok(await c.next((m) => m.payload.code === 'invalid-room', 'invalid-room'));
    assert.equal(a.heard.filter((m) => m.payload.type === 'join').length, 1, 'A heard only B join');
  });

  test('ROOM-LEAVE leaves; a socket may only rename itself in its own room', async () => {
    const [a, b] = [await member(), await member()];
    a.send(ROOM_SOCKET.join, { room: 'sock-l', displayName: 'A' });
    await a.next(event('welcome'), 'welcome');
    b.send(ROOM_SOCKET.join, { room: 'sock-l', displayName: 'B' });
    await b.next(event('welcome'), 'welcome');
    b.send(ROOM_SOCKET.profile, { room: 'sock-other', displayName: 'X' });
    assert.equal((await b.next((m) => m.type === ROOM_SOCKET.error, 'refusal')).payload.code, 'not-a-member');
    b.send(ROOM_SOCKET.leave, { room: 'sock-l' });
    assert.deepEqual((await a.next(event('leave'), 'leave')).payload.data, { id: b.id });
  });

  test('room tokens are required over the socket too when the server has a secret', async () => {
    const { server: strict, base: strictBase } = await startServer({ roomTokenSecret: 's'.repeat(32) });
    try {
      const m = await new Member().open(strictBase);
      m.send(ROOM_SOCKET.join, { room: 'private', displayName: 'M' });
      assert.equal((await m.next((x) => x.type === ROOM_SOCKET.error, 'refusal')).payload.code, 'token-rejected');
      assert.equal(strict.rooms.isMember('private', m.id), false);
      m.close();
    } finally {
      await strict.close();
    }
  });

  test('one socket may join only so often a minute; the refusal names the limit and the others carry on', async () => {
    const [a, b] = [await member(), await member()];
    // One at a time: a join overtaken by the next before its admission ends is not welcomed.
    for (let i = 0; i < JOINS_PER_SOCKET_PER_MINUTE; i++) {
      a.send(ROOM_SOCKET.join, { room: `sock-rate-${i % 2}`, displayName: 'A' });
      await a.next(() => a.heard.filter(event('welcome')).length === i + 1, `welcome ${i + 1}`);
    }
    a.send(ROOM_SOCKET.join, { room: 'sock-rate-0', displayName: 'A' });
    assert.equal((await a.next((m) => m.type === ROOM_SOCKET.error, 'refusal')).payload.code, 'rate-limited');
    // The last allowed join (room 1) still holds; the refused one changed nothing.
    assert.equal(server.rooms.isMember('sock-rate-1', a.id), true);
    assert.equal(server.rooms.isMember('sock-rate-0', a.id), false);
    b.send(ROOM_SOCKET.join, { room: 'sock-rate-1', displayName: 'B' });
    assert.deepEqual((await b.next(event('welcome'), 'welcome')).payload.data.members, [{ id: a.id, displayName: 'A' }]);
  });

  test('a join overtaken by a leave or by another join is not admitted when its token check ends', async () => {
    const secret = 's'.repeat(32);
    const { server: strict, base: strictBase } = await startServer({ roomTokenSecret: secret });
    const token = (room: string) =>
      new SignJWT({ room }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('5m').sign(new TextEncoder().encode(secret));
    try {
      const [first, second, third] = await Promise.all(['first', 'second', 'third'].map(token));
      const m = await new Member().open(strictBase);
      // Sent back to back: the token checks are asynchronous, so the leave and the second join arrive first.
      m.send(ROOM_SOCKET.join, { room: 'first', displayName: 'M', roomToken: first });
      m.send(ROOM_SOCKET.join, { room: 'second', displayName: 'M', roomToken: second });
      const welcome = await m.next(event('welcome'), 'welcome');
      assert.equal(welcome.payload.room, 'second');
      assert.equal(strict.rooms.isMember('first', m.id), false);
      assert.equal(strict.rooms.isMember('second', m.id), true);
      m.send(ROOM_SOCKET.join, { room: 'third', displayName: 'M', roomToken: third });
      m.send(ROOM_SOCKET.leave, { room: 'third' });
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(strict.rooms.isMember('third', m.id), false);
      assert.equal(m.heard.filter(event('welcome')).length, 1, 'no welcome for the overtaken joins');
      m.close();
    } finally {
      await strict.close();
    }
  });
});
