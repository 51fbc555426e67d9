import { expect } from '@open-wc/testing';
import { watchGathering } from '../../src/session/gathering-watch.js';

/** A stand-in connection: an EventTarget with the fields the watch reads. */
function connection() {
  const target = new EventTarget() as EventTarget & {
    localDescription: RTCSessionDescription | null;
    iceGatheringState: RTCIceGatheringState;
  };
  target.localDescription = null;
  target.iceGatheringState = 'new';
  const setLocal = () => {
    target.localDescription = { type: 'offer', sdp: '' } as RTCSessionDescription;
    target.iceGatheringState = 'gathering';
    target.dispatchEvent(new Event('signalingstatechange'));
  };
  return { target: target as unknown as RTCPeerConnection, setLocal, raw: target };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('gathering watch', () => {
  it('reports a connection that gathers no candidate in time after its offer is set', async () => {
    const { target, setLocal } = connection();
    let stuck = 0;
    watchGathering(target, () => stuck++, 50);
    await sleep(80);
    expect(stuck, 'the clock starts at setLocalDescription, not before').to.equal(0);
    setLocal();
    await sleep(80);
    expect(stuck).to.equal(1);
  });

  it('lets a connection that gathered a candidate, or finished gathering with none, be', async () => {
    const gathered = connection();
    const done = connection();
    let stuck = 0;
    watchGathering(gathered.target, () => stuck++, 50);
    watchGathering(done.target, () => stuck++, 50);
    gathered.setLocal();
    gathered.raw.dispatchEvent(new Event('icecandidate'));
    done.setLocal();
    done.raw.iceGatheringState = 'complete';
    await sleep(80);
    expect(stuck).to.equal(0);
  });

  it('stops watching when told', async () => {
    const { target, setLocal } = connection();
    let stuck = 0;
    const stop = watchGathering(target, () => stuck++, 50);
    setLocal();
    stop();
    await sleep(80);
    expect(stuck).to.equal(0);
  });
});
