import { expect } from '@open-wc/testing';
import { Peer } from 'peerjs';
import { peerServerLocation } from '../../src/config.js';
import { MAX_OFFERS_PER_CALLER, MAX_UNANNOUNCED_CALLERS, OfferGate, UNANNOUNCED_GRACE_MS } from '../../src/session/offer-gate.js';
import { testServer } from '../helpers.js';

type Message = { type: string; src: string; n?: number };

/** Just the handler PeerJS feeds server messages to, recording what reached it. */
function fakePeer() {
  const handled: Message[] = [];
  const peer = { _handleMessage: (message: Message) => handled.push(message) };
  return { peer: peer as unknown as Peer, handled, feed: (m: Message) => peer._handleMessage(m) };
}

describe('OfferGate', () => {
  it('lets members’ offers and every other message through at once', () => {
    const { peer, handled, feed } = fakePeer();
    new OfferGate(peer, (id) => id === 'member');
    feed({ type: 'OFFER', src: 'member' });
    feed({ type: 'CANDIDATE', src: 'stranger' });
    feed({ type: 'ANSWER', src: 'stranger' });
    expect(handled.map((m) => `${m.type} ${m.src}`)).to.deep.equal(['OFFER member', 'CANDIDATE stranger', 'ANSWER stranger']);
  });

  it('holds an unannounced caller’s offers until the announcement, then hands them over in order', () => {
    const { peer, handled, feed } = fakePeer();
    const gate = new OfferGate(peer, () => false);
    feed({ type: 'OFFER', src: 'newcomer', n: 1 });
    feed({ type: 'OFFER', src: 'newcomer', n: 2 });
    expect(handled).to.deep.equal([]);
    gate.release('newcomer');
    expect(handled.map((m) => m.n)).to.deep.equal([1, 2]);
    gate.release('newcomer');
    expect(handled.length).to.equal(2);
  });

  it('holds a bounded number of offers: more callers or more offers per caller are dropped', () => {
    const { peer, handled, feed } = fakePeer();
    const gate = new OfferGate(peer, () => false);
    for (let caller = 0; caller < MAX_UNANNOUNCED_CALLERS + 5; caller++)
      for (let n = 0; n < MAX_OFFERS_PER_CALLER + 50; n++) feed({ type: 'OFFER', src: `caller-${caller}`, n });
    for (let caller = 0; caller < MAX_UNANNOUNCED_CALLERS + 5; caller++) gate.release(`caller-${caller}`);
    expect(handled.length).to.equal(MAX_UNANNOUNCED_CALLERS * MAX_OFFERS_PER_CALLER);
    expect(new Set(handled.map((m) => m.src)).size).to.equal(MAX_UNANNOUNCED_CALLERS);
  });

  it('drops what waited longer than the grace period, making room for others', async () => {
    const { peer, handled, feed } = fakePeer();
    const gate = new OfferGate(peer, () => false);
    feed({ type: 'OFFER', src: 'never-announced' });
    await new Promise((resolve) => setTimeout(resolve, UNANNOUNCED_GRACE_MS + 100));
    gate.release('never-announced');
    expect(handled).to.deep.equal([]);
  }).timeout(UNANNOUNCED_GRACE_MS + 2_000);

  it('keeps PeerJS from building a connection for a stranger’s data offer', async () => {
    const local = new RTCPeerConnection();
    local.createDataChannel('probe');
    const sdp = await local.createOffer();
    local.close();
    const peer = new Peer(crypto.randomUUID(), { ...peerServerLocation(new URL(await testServer())), debug: 0 });
    const gate = new OfferGate(peer, () => false);
    const offer = {
      type: 'OFFER',
      src: 'stranger',
      payload: { type: 'data', connectionId: 'dc_probe', sdp, serialization: 'raw', reliable: true, label: 'dc_probe' },
    };
    (peer as unknown as { _handleMessage(m: unknown): void })._handleMessage(offer);
    expect(peer.getConnection('stranger', 'dc_probe')).to.equal(null);
    gate.release('stranger');
    expect(peer.getConnection('stranger', 'dc_probe')?.type).to.equal('data');
    peer.destroy();
  });
});
