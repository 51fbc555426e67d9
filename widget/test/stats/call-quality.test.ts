import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { CallQuality, rateQuality } from '../../src/stats/call-quality.js';
import type { ConnectionStats } from '../../src/stats/connection-stats.js';
import { joinedElement, shadow, uniqueRoom } from '../helpers.js';

const stats = (peerId: string, patch: Partial<ConnectionStats> = {}): ConnectionStats => ({
  peerId,
  audioBytesReceived: 0,
  videoFramesDecoded: 0,
  packetsReceived: 0,
  packetsLost: 0,
  ...patch,
});

describe('call quality', () => {
  it('rates round-trip time and loss as good, fair or poor', () => {
    expect(rateQuality(0.05, 0)).to.equal('good');
    expect(rateQuality(0.4, 0)).to.equal('fair');
    expect(rateQuality(0.05, 0.05)).to.equal('fair');
    expect(rateQuality(0.7, 0)).to.equal('poor');
    expect(rateQuality(undefined, 0.2)).to.equal('poor');
  });

  it('rates a short uplink that holds our video back as fair or poor, and one only our own cap holds back as good', () => {
    expect(rateQuality(0.01, 0, { bitsPerSecond: 250_000, limiting: true })).to.equal('fair');
    expect(rateQuality(0.01, 0, { bitsPerSecond: 100_000, limiting: true })).to.equal('poor');
    expect(rateQuality(0.01, 0, { bitsPerSecond: 250_000, limiting: false })).to.equal('good');
    expect(rateQuality(0.01, 0, { bitsPerSecond: 5_000_000, limiting: true })).to.equal('good');
  });

  it('counts loss per interval, not since the call began', () => {
    const quality = new CallQuality();
    quality.read([stats('a', { packetsReceived: 900, packetsLost: 100 })], 0);
    const { readings } = quality.read([stats('a', { packetsReceived: 1900, packetsLost: 100 })], 1000);
    expect(readings[0].packetLoss).to.equal(0);
    expect(readings[0].quality).to.equal('good');
  });

  it('measures loudness over the whole interval from the energy sums', () => {
    const quality = new CallQuality();
    quality.read([stats('a', { totalAudioEnergy: 1, totalSamplesDuration: 10, audioLevel: 0 })], 0);
    // 0.09 energy over 1 s: an RMS level of 0.3, though the instant's level reads 0.
    const { readings } = quality.read([stats('a', { totalAudioEnergy: 1.09, totalSamplesDuration: 11, audioLevel: 0 })], 1000);
    expect(readings[0].audioLevel).to.be.closeTo(0.3, 1e-9);
    expect(readings[0].speaking).to.equal(true);
  });

  it('keeps the active speaker through a short pause, then hands over to the loudest', () => {
    const quality = new CallQuality(1500);
    expect(quality.read([stats('a', { audioLevel: 0.3 }), stats('b', { audioLevel: 0.1 })], 0).activeSpeaker).to.equal('a');
    expect(quality.read([stats('a', { audioLevel: 0 }), stats('b', { audioLevel: 0.2 })], 1000).activeSpeaker).to.equal('a');
    expect(quality.read([stats('a', { audioLevel: 0 }), stats('b', { audioLevel: 0.2 })], 2000).activeSpeaker).to.equal('b');
    expect(quality.read([stats('a'), stats('b')], 4000).activeSpeaker).to.equal(undefined);
  });

  it("a call shows each remote tile's quality and fires connection-quality", async () => {
    const room = uniqueRoom('quality');
    const first = await joinedElement(room, 'First');
    const rated = oneEvent(first, 'connection-quality');
    const speakers: (string | null)[] = [];
    first.addEventListener('active-speaker', (e) => speakers.push(e.detail.id));
    const second = await joinedElement(room, 'Second');
    const { detail } = await rated;
    expect(detail.id).to.equal(await secondId(first));
    expect(detail.quality).to.equal('good');
    await waitUntil(() => shadow(first).querySelector('[data-peer-id][data-quality=good] [part=quality]'), 'no quality shown');
    const label = shadow(first).querySelector('[part=quality]')!.getAttribute('aria-label');
    expect(label).to.equal('Connection: good');
    // Chromium's fake microphone beeps: its sound makes the other the active speaker, outlined.
    const id = await secondId(first);
    await waitUntil(() => speakers.includes(id), 'the other never became the active speaker', { timeout: 8000 });
    await waitUntil(
      () => shadow(first).querySelector('[data-peer-id]')!.getAttribute('data-speaking') === 'yes',
      'the speaker was never outlined',
      { timeout: 8000 },
    );
    first.remove();
    second.remove();
  });
});

async function secondId(el: HTMLElement): Promise<string> {
  await waitUntil(() => el.shadowRoot!.querySelector('[data-peer-id]'));
  return (el.shadowRoot!.querySelector('[data-peer-id]') as HTMLElement).dataset.peerId!;
}
