import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OFFERS_PER_CALLEE_PER_MINUTE, OFFERS_PER_CALLER_PER_MINUTE, QUEUED_BYTES_PER_SENDER } from '../src/relay-policy.js';
import type { VideoChatServer } from '../src/server.js';
import { SocketMember, startServer, until } from './helpers.js';

/** Frames the server refused to relay so far, by reason. */
async function dropped(server: VideoChatServer, reason: string): Promise<number> {
  const { values } = await server.metrics.signalingDropped.get();
  return values.find((v) => v.labels.reason === reason)?.value ?? 0;
}

const RELAYED_TYPES = ['OFFER', 'ANSWER', 'CANDIDATE', 'LEAVE', 'EXPIRE'];

describe('what the signaling server relays', { timeout: 30_000 }, () => {
  let server: VideoChatServer;
  let base: string;
  const open: SocketMember[] = [];
  const member = async () => {
    const m = await new SocketMember().open(base);
    open.push(m);
    return m;
  };

  before(async () => {
    ({ server, base } = await startServer({ maxRoomSize: 50 }));
  });
  after(async () => {
    for (const m of open) m.close();
    await server.close();
  });

  test('a peer in no room, or in another room, reaches no member; members of one room reach each other', async () => {
    const [ana, ben, stranger, elsewhere] = [await member(), await member(), await member(), await member()];
    await ana.join('relay-a');
    await ben.join('relay-a');
    await elsewhere.join('relay-b');
    const before = await dropped(server, 'stranger');
    for (const type of RELAYED_TYPES) {
      stranger.relay(type, ana.id, { sdp: 'from a stranger', connectionId: 'mc_x' });
      elsewhere.relay(type, ana.id, { sdp: 'from another room', connectionId: 'mc_y' });
    }
    await untilAsync(async () => (await dropped(server, 'stranger')) - before === 2 * RELAYED_TYPES.length, 'all ten dropped');
    ben.relay('OFFER', ana.id, { sdp: 'from a room-mate', connectionId: 'mc_z' });
    const offer = await ana.next((m) => m.type === 'OFFER', 'the room-mate offer');
    assert.equal(offer.src, ben.id);
    assert.deepEqual(
      ana.heard.filter((m) => m.src === stranger.id || m.src === elsewhere.id),
      [],
      'nothing from outside the room',
    );
  });

  test('a callee out of the room (rejoining) still answers its caller; it cannot start calls, nor hear new candidates', async () => {
    const [caller, callee] = [await member(), await member()];
    await caller.join('relay-rejoin');
    await callee.join('relay-rejoin');
    caller.relay('OFFER', callee.id, { sdp: 'offer', connectionId: 'mc_1' });
    await callee.next((m) => m.type === 'OFFER', 'the offer');
    callee.send('ROOM-LEAVE', { room: 'relay-rejoin' });
    await until(() => !server.rooms.isMember('relay-rejoin', callee.id), 'the callee left');
    callee.relay('ANSWER', caller.id, { sdp: 'answer', connectionId: 'mc_1' });
    callee.relay('CANDIDATE', caller.id, { candidate: 'c', connectionId: 'mc_1' });
    await caller.next((m) => m.type === 'CANDIDATE' && m.src === callee.id, 'the callee candidate');
    assert.equal(caller.relayedFrom(callee.id, 'ANSWER').length, 1);
    const before = await dropped(server, 'stranger');
    callee.relay('OFFER', caller.id, { sdp: 'a new call', connectionId: 'mc_2' });
    caller.relay('CANDIDATE', callee.id, { candidate: 'late', connectionId: 'mc_1' });
    await untilAsync(async () => (await dropped(server, 'stranger')) - before === 2, 'both dropped');
    assert.equal(caller.relayedFrom(callee.id, 'OFFER').length, 0);
  });

  test(`one member's offers to another stop after ${OFFERS_PER_CALLER_PER_MINUTE} a minute; other callers still get through`, async () => {
    const [victim, flooder, friend] = [await member(), await member(), await member()];
    for (const m of [victim, flooder, friend]) await m.join('relay-offers');
    for (let i = 0; i < 300; i++) flooder.relay('OFFER', victim.id, { sdp: 'x', connectionId: `mc_${i}` });
    await untilAsync(
      async () => (await dropped(server, 'offer-limit')) >= 300 - OFFERS_PER_CALLER_PER_MINUTE,
      'the excess dropped',
    );
    friend.relay('OFFER', victim.id, { sdp: 'real', connectionId: 'mc_real' });
    await victim.next((m) => m.type === 'OFFER' && m.src === friend.id, "the friend's offer");
    assert.equal(victim.relayedFrom(flooder.id, 'OFFER').length, OFFERS_PER_CALLER_PER_MINUTE);
  });

  test(`one member receives at most ${OFFERS_PER_CALLEE_PER_MINUTE} offers a minute from a whole room together`, async () => {
    const callers = Math.ceil(OFFERS_PER_CALLEE_PER_MINUTE / OFFERS_PER_CALLER_PER_MINUTE) + 1;
    const victim = await member();
    await victim.join('relay-crowd');
    const crowd = await Promise.all(Array.from({ length: callers }, () => member()));
    for (const m of crowd) await m.join('relay-crowd');
    const before = await dropped(server, 'offer-limit');
    for (const m of crowd)
      for (let i = 0; i < OFFERS_PER_CALLER_PER_MINUTE; i++) m.relay('OFFER', victim.id, { sdp: 'x', connectionId: `mc_${i}` });
    const excess = callers * OFFERS_PER_CALLER_PER_MINUTE - OFFERS_PER_CALLEE_PER_MINUTE;
    await untilAsync(async () => (await dropped(server, 'offer-limit')) - before === excess, 'the excess dropped');
    await until(
      () => victim.heard.filter((m) => m.type === 'OFFER').length === OFFERS_PER_CALLEE_PER_MINUTE,
      'the allowed offers relayed',
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(victim.heard.filter((m) => m.type === 'OFFER').length, OFFERS_PER_CALLEE_PER_MINUTE);
  });

  test(`what waits for an absent peer is at most ${QUEUED_BYTES_PER_SENDER / 1024} KiB from one sender`, async () => {
    const [caller, callee] = [await member(), await member()];
    await caller.join('relay-queue');
    await callee.join('relay-queue');
    caller.relay('OFFER', callee.id, { sdp: 'offer', connectionId: 'mc_q' });
    await callee.next((m) => m.type === 'OFFER', 'the offer');
    // The caller's socket goes; its answer and candidates wait in PeerServer's queue for it to come back.
    caller.close();
    await until(() => !server.peers.has(caller.id), 'the caller is gone');
    const candidate = { candidate: 'c'.repeat(2000), connectionId: 'mc_q' };
    for (let i = 0; i < 100; i++) callee.relay('CANDIDATE', caller.id, candidate);
    await untilAsync(async () => (await dropped(server, 'queue-full')) > 0, 'the excess dropped');
    const back = await new SocketMember();
    Object.assign(back, { id: caller.id, token: caller.token });
    await back.open(base);
    open.push(back);
    await back.next((m) => m.type === 'CANDIDATE', 'the queued candidates');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const delivered = back.relayedFrom(callee.id, 'CANDIDATE').length;
    const frameBytes = JSON.stringify({ type: 'CANDIDATE', dst: caller.id, payload: candidate }).length;
    assert.equal(delivered, Math.floor(QUEUED_BYTES_PER_SENDER / frameBytes));
  });
});

describe('a destination that stops reading', { timeout: 30_000 }, () => {
  test('is cut once about 1 MiB waits for it, and leaves its room; the sender carries on', async () => {
    const budget = { burstBytes: 64 * 1024 * 1024, bytesPerSecond: 1024 * 1024, burstMessages: 10_000, messagesPerSecond: 1000 };
    const { server, base } = await startServer({ signalingBudget: budget });
    try {
      const [victim, sender] = [await new SocketMember().open(base), await new SocketMember().open(base)];
      await victim.join('slow-reader');
      await sender.join('slow-reader');
      // The victim's TCP socket stops reading: what is sent to it piles up in the kernel, then in the server.
      (victim.ws as unknown as { _socket: import('node:net').Socket })._socket.pause();
      const candidate = { candidate: 'c'.repeat(60_000) };
      for (let i = 0; i < 600 && server.rooms.isMember('slow-reader', victim.id); i++) {
        await new Promise<void>((resolve) =>
          sender.ws.send(JSON.stringify({ type: 'CANDIDATE', dst: victim.id, payload: candidate }), () => resolve()),
        );
      }
      await until(() => !server.rooms.isMember('slow-reader', victim.id), 'the victim is out of its room', 5000);
      assert.equal((await server.metrics.signalingBackedUp.get()).values[0]?.value, 1);
      assert.equal(server.rooms.isMember('slow-reader', sender.id), true);
      victim.stopPinging();
      victim.ws.terminate();
      sender.close();
    } finally {
      await server.close();
    }
  });
});

async function untilAsync(condition: () => Promise<boolean>, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting: ${what}`);
}
