import { expect } from '@open-wc/testing';
import { relayCandidateOn } from '../../src/network/ice-preflight.js';

/** A stand-in for a call's RTCPeerConnection: only its ICE events matter here. */
function fakeConnection(): RTCPeerConnection & { emit(type: string, fields: object): void } {
  const target = new EventTarget() as RTCPeerConnection & { emit(type: string, fields: object): void };
  target.emit = (type, fields) => target.dispatchEvent(Object.assign(new Event(type), fields));
  return target;
}

describe('relay check on a call’s own gathering', () => {
  it('finds relay at the first relay candidate', async () => {
    const connection = fakeConnection();
    const result = relayCandidateOn(connection, 2000);
    connection.emit('icecandidate', { candidate: { type: 'host' } });
    connection.emit('icecandidate', { candidate: { type: 'relay' } });
    expect(await result).to.deep.equal({ found: true, authFailed: false });
  });

  it('says not found, with refused credentials, when gathering ends without a relay candidate', async () => {
    const connection = fakeConnection();
    const result = relayCandidateOn(connection, 2000);
    connection.emit('icecandidateerror', { errorCode: 401 });
    connection.emit('icecandidate', { candidate: null });
    expect(await result).to.deep.equal({ found: false, authFailed: true });
  });

  it('finds relay among candidates gathered before it looked (in the local description)', async () => {
    const connection = Object.assign(fakeConnection(), {
      localDescription: { sdp: 'a=candidate:1 1 udp 2 198.51.100.7 50000 typ relay raddr 0.0.0.0 rport 0\r\n' },
    });
    expect(await relayCandidateOn(connection, 2000)).to.deep.equal({ found: true, authFailed: false });
  });

  it('says not found when nothing comes within the time', async () => {
    expect(await relayCandidateOn(fakeConnection(), 50)).to.deep.equal({ found: false, authFailed: false });
  });
});
