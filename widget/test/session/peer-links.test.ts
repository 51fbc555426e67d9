import { expect, waitUntil } from '@open-wc/testing';
import type { DataConnection, MediaConnection, Peer } from 'peerjs';
import type { LinkState } from '../../src/session/media-path.js';
import { PeerLinks } from '../../src/session/peer-links.js';
import type { RoomChannels } from '../../src/session/room-channels.js';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Just enough of a PeerJS MediaConnection or DataConnection to drive the links' listeners. */
class FakeConnection extends EventTarget {
  closed = false;
  answered = false;
  peerConnection: RTCPeerConnection | undefined;
  constructor(
    readonly peer: string,
    readonly type: 'media' | 'data',
    readonly metadata: unknown = { room: 'room-a' },
  ) {
    super();
  }
  on(name: string, listener: (value: unknown) => void) {
    this.addEventListener(name, (e) => listener((e as CustomEvent).detail));
  }
  fire(name: string, detail?: unknown) {
    this.dispatchEvent(new CustomEvent(name, { detail }));
  }
  answer() {
    this.answered = true;
  }
  close() {
    this.closed = true;
    this.fire('close');
  }
}

/** Links as `selfId` among `members`, with fake calls and fake chat-and-files channels that record what they were asked. */
function linksWithFakes(selfId: string, members: Record<string, LinkState>) {
  const calls: FakeConnection[] = [];
  const peer = {
    _handleMessage: () => {},
    call: (id: string) => {
      const call = new FakeConnection(id, 'media');
      calls.push(call);
      return call;
    },
  } as unknown as Peer;
  const asked: string[] = [];
  const channels = {
    mesh: { isOpen: () => false, isConnecting: (id: string) => asked.includes(`connect ${id}`) },
    isForThisRoom: (c: DataConnection) => (c.metadata as { room?: string }).room === 'room-a',
    connect: (id: string) => asked.push(`connect ${id}`),
    accept: (c: DataConnection) => asked.push(`accept ${c.peer}`),
    drop: (id: string) => asked.push(`drop ${id}`),
  } as unknown as RoomChannels;
  const states: string[] = [];
  const links = new PeerLinks(
    peer,
    'room-a',
    {
      selfId: () => selfId,
      linkOf: (id) => members[id],
      stillHere: (id) => id in members,
      channels: () => channels,
      ensureChannels: () => Promise.resolve(channels),
    },
    {
      stream: () => {},
      link: (id, state) => {
        members[id] = state;
        states.push(`${id} ${state}`);
      },
    },
  );
  return { links, calls, asked, states, members };
}

const incoming = (links: PeerLinks, connection: FakeConnection) =>
  links.incoming(connection as unknown as MediaConnection | DataConnection);

describe('PeerLinks', () => {
  it("joining calls each member, and a call's data connection follows once the call is up, not before", async () => {
    const { links, calls, asked, states } = linksWithFakes('a', { b: 'connecting' });
    links.join(['b']);
    expect(calls.map((c) => c.peer)).to.deep.equal(['b']);
    expect(states).to.deep.equal(['b connecting']);
    await wait(50);
    expect(asked, 'no data connection while the call negotiates').to.deep.equal([]);
    calls[0].fire('iceStateChanged', 'connected');
    expect(states.at(-1)).to.equal('b connected');
    expect(asked, 'not at once either').to.deep.equal([]);
    await waitUntil(() => asked.length > 0, 'the data connection never followed', { timeout: 2000 });
    expect(asked).to.deep.equal(['connect b']);
    links.close();
  });

  it('after a rejoin, a call that kept going with its data connection still to follow is not made again', () => {
    const { links, calls } = linksWithFakes('a', { b: 'connecting' });
    links.join(['b']);
    calls[0].fire('iceStateChanged', 'connected');
    links.join(['b']);
    expect(calls, 'the live call stays').to.have.length(1);
    links.close();
  });

  it('calls that cross: the side with the smaller id keeps its own, the other answers', () => {
    const small = linksWithFakes('a', { b: 'connecting' });
    small.links.join(['b']);
    const theirs = new FakeConnection('b', 'media');
    incoming(small.links, theirs);
    expect(theirs.closed, 'a keeps its own call').to.equal(true);
    expect(small.calls[0].closed).to.equal(false);

    const large = linksWithFakes('c', { b: 'connecting' });
    large.links.join(['b']);
    const fromSmaller = new FakeConnection('b', 'media');
    incoming(large.links, fromSmaller);
    expect(fromSmaller.answered, 'c answers b').to.equal(true);
    small.links.close();
    large.links.close();
  });

  it('refuses a connection for another room, and one from someone not announced (their offers wait in the gate instead)', async () => {
    const members: Record<string, LinkState> = {};
    const { links, asked } = linksWithFakes('a', members);
    const stranger = new FakeConnection('x', 'media', { room: 'room-b' });
    incoming(links, stranger);
    expect(stranger.closed).to.equal(true);
    const early = new FakeConnection('b', 'media');
    incoming(links, early);
    expect(early.closed, 'not a member').to.equal(true);
    members.b = 'connecting';
    const announced = new FakeConnection('b', 'data');
    incoming(links, announced);
    await waitUntil(() => asked.length > 0, 'never accepted', { timeout: 1000 });
    expect(asked).to.deep.equal(['accept b']);
    links.close();
  });

  it('drop clears everything of a member: the call, the data connection still to follow, and its channels', async () => {
    const { links, calls, asked } = linksWithFakes('a', { b: 'connecting' });
    links.join(['b']);
    calls[0].fire('iceStateChanged', 'connected');
    links.drop('b');
    expect(calls[0].closed).to.equal(true);
    expect(asked).to.deep.equal(['drop b']);
    await wait(700);
    expect(asked, 'no data connection to someone gone').to.deep.equal(['drop b']);
    links.close();
  });

  it('a lost link to someone still here is made again by the side with the smaller id', async () => {
    const { links, calls } = linksWithFakes('a', { b: 'connecting' });
    links.join(['b']);
    calls[0].fire('iceStateChanged', 'connected');
    calls[0].fire('iceStateChanged', 'failed');
    await waitUntil(() => calls.length === 2, 'never called again', { timeout: 3000 });
    expect(calls[1].peer).to.equal('b');
    links.close();
  });
});
