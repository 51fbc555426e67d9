import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ROOM_SOCKET } from '../../protocol/room-protocol.js';
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
});
