import { expect } from '@open-wc/testing';
import type { Peer } from 'peerjs';
import { DataMesh } from '../../src/session/data-mesh.js';

/** Just enough of a PeerJS DataConnection: opens when told, and records what its channel sent. */
class FakeConnection extends EventTarget {
  open = false;
  readonly sent: string[] = [];
  readonly dataChannel = {
    readyState: 'connecting' as RTCDataChannelState,
    send: (frame: string) => this.sent.push(frame),
  };
  constructor(readonly peer: string) {
    super();
  }
  on(name: string, listener: (value: unknown) => void) {
    this.addEventListener(name, (e) => listener((e as CustomEvent).detail));
  }
  opens() {
    this.open = true;
    this.dataChannel.readyState = 'open';
    this.dispatchEvent(new CustomEvent('open'));
  }
  close() {
    this.open = false;
  }
}

function meshWithFakes() {
  const connections: FakeConnection[] = [];
  const opened: string[] = [];
  const peer = {
    connect: (id: string) => {
      const connection = new FakeConnection(id);
      connections.push(connection);
      return connection;
    },
  } as unknown as Peer;
  const mesh = new DataMesh(peer, 'room-a', {
    open: (id) => opened.push(id),
    message: () => {},
    chunk: () => {},
    lost: () => {},
  });
  return { mesh, connections, opened };
}

const texts = (connection: FakeConnection) => connection.sent.map((frame) => JSON.parse(frame).text);
const chat = (text: string) => ({ t: 'chat', id: text, text, sentAt: 0 }) as const;

describe('DataMesh.deliver', () => {
  it('sends at once over an open link, and keeps the newest messages for a link still opening until it opens', () => {
    const { mesh, connections, opened } = meshWithFakes();
    mesh.connect('b');
    mesh.connect('c');
    const [b, c] = connections;
    b.opens();
    for (const text of ['one', 'two', 'three', 'four']) mesh.deliver(['b', 'c'], chat(text), 3);
    expect(texts(b), 'open: sent as said').to.deep.equal(['one', 'two', 'three', 'four']);
    expect(c.sent, 'opening: held').to.deep.equal([]);
    c.opens();
    expect(opened).to.deep.equal(['b', 'c']);
    expect(texts(c), 'the newest 3, in order, once open').to.deep.equal(['two', 'three', 'four']);
    // Nothing is sent twice.
    mesh.deliver(['c'], chat('five'), 3);
    expect(texts(c)).to.deep.equal(['two', 'three', 'four', 'five']);
    mesh.closeAll();
  });

  it('keeps messages for a member with no link yet, and drops them when the member leaves', () => {
    const { mesh, connections } = meshWithFakes();
    mesh.deliver(['b', 'd'], chat('early'), 8);
    mesh.close('d');
    mesh.connect('b');
    mesh.connect('d');
    const [b, d] = connections;
    b.opens();
    d.opens();
    expect(texts(b)).to.deep.equal(['early']);
    expect(d.sent, 'd left before its link opened').to.deep.equal([]);
    mesh.closeAll();
  });
});
