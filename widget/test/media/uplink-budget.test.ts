import { expect } from '@open-wc/testing';
import { parseConfig } from '../../src/config.js';
import { applyUplinkBudget, DEFAULT_MAX_BITRATE_KBPS, encodingPerPeer } from '../../src/media/uplink-budget.js';

const HD = { width: 1280, height: 720 };

describe('encodingPerPeer', () => {
  it('gives each peer an even share of the total, in bits per second', () => {
    expect(encodingPerPeer(2500, 1, HD).maxBitrate).to.equal(2_500_000);
    expect(encodingPerPeer(2500, 2, HD).maxBitrate).to.equal(1_250_000);
    expect(encodingPerPeer(2400, 3, HD).maxBitrate).to.equal(800_000);
    expect(encodingPerPeer(2500, 5, HD).maxBitrate).to.equal(500_000);
  });

  it('keeps the shares within the total whatever the number of peers', () => {
    for (let peers = 1; peers <= 12; peers++) {
      const { maxBitrate } = encodingPerPeer(2500, peers, HD);
      expect(maxBitrate * peers).to.be.at.most(2_500_000);
      expect(maxBitrate * peers).to.be.above(2_500_000 * 0.99);
    }
  });

  it('sends 720p whole while a share keeps it sharp, and scales it down step by step as shares shrink', () => {
    expect(encodingPerPeer(2500, 1, HD).scaleResolutionDownBy).to.equal(1);
    expect(encodingPerPeer(2500, 2, HD).scaleResolutionDownBy).to.equal(1);
    const scales = [3, 4, 5, 6, 8, 12].map((peers) => encodingPerPeer(2500, peers, HD).scaleResolutionDownBy);
    expect(scales[0]).to.be.above(1);
    for (let i = 1; i < scales.length; i++) expect(scales[i]).to.be.at.least(scales[i - 1]);
  });

  it('leaves a small picture alone at a share that would scale a large one', () => {
    expect(encodingPerPeer(1000, 2, { width: 320, height: 240 }).scaleResolutionDownBy).to.equal(1);
    expect(encodingPerPeer(1000, 2, HD).scaleResolutionDownBy).to.be.above(1);
  });

  it('never scales a screen share (text must stay legible) nor a source of unknown size', () => {
    expect(encodingPerPeer(300, 4, { ...HD, contentHint: 'detail' }).scaleResolutionDownBy).to.equal(1);
    expect(encodingPerPeer(300, 4, { ...HD, contentHint: 'text' }).scaleResolutionDownBy).to.equal(1);
    expect(encodingPerPeer(300, 4).scaleResolutionDownBy).to.equal(1);
  });

  it('treats zero peers as one', () => {
    expect(encodingPerPeer(2500, 0, HD).maxBitrate).to.equal(2_500_000);
  });
});

/** Two connected RTCPeerConnections on this page, the first sending a canvas's video. */
async function connectedPair(): Promise<{ sender: RTCRtpSender; close(): void }> {
  const canvas = document.createElement('canvas');
  canvas.width = 1280;
  canvas.height = 720;
  canvas.getContext('2d')!.fillRect(0, 0, 10, 10);
  const track = canvas.captureStream(30).getVideoTracks()[0];
  const a = new RTCPeerConnection();
  const b = new RTCPeerConnection();
  a.onicecandidate = (e) => e.candidate && void b.addIceCandidate(e.candidate);
  b.onicecandidate = (e) => e.candidate && void a.addIceCandidate(e.candidate);
  const sender = a.addTrack(track, new MediaStream([track]));
  await a.setLocalDescription();
  await b.setRemoteDescription(a.localDescription!);
  await b.setLocalDescription();
  await a.setRemoteDescription(b.localDescription!);
  return {
    sender,
    close: () => {
      track.stop();
      a.close();
      b.close();
    },
  };
}

describe('applyUplinkBudget', () => {
  it('sets each real sender to its share, and again when the number of peers changes', async () => {
    const pairs = await Promise.all([connectedPair(), connectedPair(), connectedPair()]);
    try {
      const senders = pairs.map((p) => p.sender);
      await applyUplinkBudget(senders, 2400);
      for (const sender of senders) expect(sender.getParameters().encodings[0].maxBitrate).to.equal(800_000);

      await applyUplinkBudget(senders.slice(0, 2), 2400);
      for (const sender of senders.slice(0, 2)) expect(sender.getParameters().encodings[0].maxBitrate).to.equal(1_200_000);
    } finally {
      for (const pair of pairs) pair.close();
    }
  });

  it('scales the picture down when a share is too small for it', async () => {
    const pairs = await Promise.all([connectedPair(), connectedPair(), connectedPair(), connectedPair()]);
    try {
      await applyUplinkBudget(
        pairs.map((p) => p.sender),
        400,
      );
      for (const { sender } of pairs) {
        const [encoding] = sender.getParameters().encodings;
        expect(encoding.maxBitrate).to.equal(100_000);
        expect(encoding.scaleResolutionDownBy).to.be.above(1);
      }
    } finally {
      for (const pair of pairs) pair.close();
    }
  });

  it('sets a sender whose call has not been negotiated yet, and its share holds through the negotiation', async () => {
    const canvas = document.createElement('canvas');
    canvas.getContext('2d')!.fillRect(0, 0, 10, 10);
    const track = canvas.captureStream(30).getVideoTracks()[0];
    const a = new RTCPeerConnection();
    const b = new RTCPeerConnection();
    try {
      const sender = a.addTrack(track, new MediaStream([track]));
      // As the mesh does: the share first, then the offer.
      await applyUplinkBudget([sender], 900);
      await a.setLocalDescription();
      await b.setRemoteDescription(a.localDescription!);
      await b.setLocalDescription();
      await a.setRemoteDescription(b.localDescription!);
      expect(sender.getParameters().encodings[0].maxBitrate).to.equal(900_000);
    } finally {
      track.stop();
      a.close();
      b.close();
    }
  });

  it('leaves a sender already at its share alone, without reading its parameters again', async () => {
    const pair = await connectedPair();
    try {
      await applyUplinkBudget([pair.sender], 1000);
      let reads = 0;
      const read = pair.sender.getParameters.bind(pair.sender);
      pair.sender.getParameters = () => (reads++, read());
      // As when its link comes up: the same share again.
      await applyUplinkBudget([pair.sender], 1000);
      expect(reads, 'same share').to.equal(0);
      await applyUplinkBudget([pair.sender], 700);
      expect(reads, 'new share').to.equal(1);
      expect(read().encodings[0].maxBitrate).to.equal(700_000);
    } finally {
      pair.close();
    }
  });
});

describe('the max-bitrate attribute', () => {
  const parse = (maxBitrate: string | null) => parseConfig({ room: 'r', maxBitrate }, 'http://localhost:9000');

  it('defaults to 2500 kbit/s and takes a whole number within bounds', () => {
    const absent = parse(null);
    expect(absent.ok && absent.config.maxBitrate).to.equal(DEFAULT_MAX_BITRATE_KBPS);
    const given = parse(' 800 ');
    expect(given.ok && given.config.maxBitrate).to.equal(800);
  });

  it('refuses anything else as an invalid-attribute error', () => {
    for (const value of ['fast', '0', '-5', '99', '1.5', '100001', '2500000']) {
      const result = parse(value);
      expect(result.ok, value).to.equal(false);
      if (!result.ok) {
        expect(result.error.code).to.equal('invalid-attribute');
        expect(result.error.message).to.contain('max-bitrate');
      }
    }
  });
});
