import { expect, waitUntil } from '@open-wc/testing';
import type { Peer } from 'peerjs';
import { ROOM_SOCKET, type PresenceEvent } from '../../../protocol/room-protocol.js';
import { parseConfig, type RoomConfig } from '../../src/config.js';
import { RoomError } from '../../src/errors.js';
import { browserEnvironment } from '../../src/session/session-environment.js';
import { SignalConnection, type SignalEvents } from '../../src/session/signal-connection.js';

type Listener = (...args: unknown[]) => void;

/** A little event emitter, as PeerJS's peer and socket are. */
class Emitter {
  readonly #listeners = new Map<string, Set<Listener>>();
  on(name: string, listener: Listener) {
    if (!this.#listeners.has(name)) this.#listeners.set(name, new Set());
    this.#listeners.get(name)!.add(listener);
    return this;
  }
  off(name: string, listener: Listener) {
    this.#listeners.get(name)?.delete(listener);
    return this;
  }
  emit(name: string, ...args: unknown[]) {
    for (const listener of [...(this.#listeners.get(name) ?? [])]) listener(...args);
  }
  removeAllListeners() {
    this.#listeners.clear();
  }
}

/**
 * A PeerJS peer and our server behind its socket: opens when told, answers a
 * room join with a welcome (or with `refuse`'s code), and can drop the socket.
 */
class FakePeer extends Emitter {
  destroyed = false;
  disconnected = false;
  options = { config: {} };
  refuse: string | undefined;
  readonly sent: string[] = [];
  readonly socket = new Emitter() as Emitter & { send(message: { type: string; payload: { room: string } }): void };
  constructor(readonly id: string) {
    super();
    this.socket.send = ({ type, payload }) => {
      this.sent.push(type);
      if (type !== ROOM_SOCKET.join) return;
      const { room } = payload;
      queueMicrotask(() =>
        this.socket.emit(
          'message',
          this.refuse
            ? { type: ROOM_SOCKET.error, payload: { room, code: this.refuse, message: 'no' } }
            : {
                type: ROOM_SOCKET.event,
                payload: {
                  room,
                  type: 'welcome',
                  data: { self: { id: this.id, displayName: 'Me' }, members: [], maxParticipants: 6, iceServers: [] },
                },
              },
        ),
      );
    };
  }
  destroy() {
    this.destroyed = true;
  }
  reconnect() {
    this.disconnected = false;
    queueMicrotask(() => this.emit('open'));
  }
  /** The server went away: the socket drops. */
  drop() {
    this.disconnected = true;
    this.emit('disconnected');
  }
}

async function config(): Promise<RoomConfig> {
  const result = parseConfig({ room: 'signal-room', displayName: 'Me' }, 'http://127.0.0.1:9');
  if (!result.ok) throw result.error;
  return result.config;
}

async function signalWithFakes() {
  const peers: FakePeer[] = [];
  const env = {
    ...browserEnvironment(),
    createPeer: (id: string) => {
      const peer = new FakePeer(id);
      peers.push(peer);
      return peer as unknown as Peer;
    },
  };
  const told: string[] = [];
  let joined = false;
  const events: SignalEvents = {
    presence: (event: PresenceEvent) => {
      told.push(`presence ${event.type}`);
      if (event.type === 'welcome') joined = true;
    },
    incoming: () => told.push('incoming'),
    trouble: () => told.push('trouble'),
    joined: () => joined,
    rejoining: () => told.push('rejoining'),
    refused: (error: RoomError) => told.push(`refused ${error.code}`),
    online: () => told.push('online'),
    offline: () => told.push('offline'),
  };
  const signal = new SignalConnection(env, await config(), events);
  return { signal, peers, told };
}

describe('SignalConnection', () => {
  it('opens the socket at once, joins the room over it, and hands on the welcome', async () => {
    const { signal, peers, told } = await signalWithFakes();
    expect(peers, 'the socket opens as the attempt starts').to.have.length(1);
    const opening = signal.open();
    peers[0].emit('open');
    expect(await opening).to.equal(peers[0]);
    await signal.enter();
    expect(peers[0].sent).to.deep.equal([ROOM_SOCKET.join]);
    expect(told).to.deep.equal(['presence welcome']);
    signal.close();
    expect(peers[0].sent.at(-1), 'leaving tells the room').to.equal(ROOM_SOCKET.leave);
    expect(peers[0].destroyed).to.equal(true);
  });

  it('closed while the socket opens: the socket is closed as it opens, and open() gives nothing', async () => {
    const { signal, peers } = await signalWithFakes();
    const opening = signal.open();
    signal.close();
    peers[0].emit('open');
    expect(await opening).to.equal(undefined);
    expect(peers[0].destroyed).to.equal(true);
    expect(signal.closed).to.equal(true);
  });

  it('the server lost while joined: rejoins with the same identity, the network coming back cutting the wait short', async () => {
    const { signal, peers, told } = await signalWithFakes();
    const opening = signal.open();
    peers[0].emit('open');
    await opening;
    await signal.enter();
    signal.watchNetwork();
    peers[0].drop();
    await waitUntil(() => told.includes('rejoining'), 'never started rejoining', { timeout: 200 });
    expect(told.slice(1)).to.deep.equal(['trouble', 'rejoining']);
    window.dispatchEvent(new Event('online'));
    await waitUntil(() => told.filter((t) => t === 'presence welcome').length === 2, 'never rejoined', { timeout: 500 });
    expect(peers, 'the same peer, reopened').to.have.length(1);
    expect(peers[0].sent.filter((t) => t === ROOM_SOCKET.join)).to.have.length(2);
    signal.close();
  });

  it('a refusal while rejoining (the room filled up meanwhile) ends it for good', async () => {
    const { signal, peers, told } = await signalWithFakes();
    const opening = signal.open();
    peers[0].emit('open');
    await opening;
    await signal.enter();
    signal.watchNetwork();
    peers[0].refuse = 'room-full';
    peers[0].drop();
    await waitUntil(() => told.includes('rejoining'), 'never started rejoining', { timeout: 200 });
    window.dispatchEvent(new Event('online'));
    await waitUntil(() => told.includes('refused room-full'), 'never refused', { timeout: 500 });
    signal.close();
  });

  it('closed, it tells nothing more: no network news, no rejoining', async () => {
    const { signal, peers, told } = await signalWithFakes();
    const opening = signal.open();
    peers[0].emit('open');
    await opening;
    await signal.enter();
    signal.watchNetwork();
    signal.close();
    window.dispatchEvent(new Event('offline'));
    window.dispatchEvent(new Event('online'));
    peers[0].drop();
    await new Promise((r) => setTimeout(r, 50));
    expect(told).to.deep.equal(['presence welcome']);
  });
});
