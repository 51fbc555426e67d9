import { expect, waitUntil } from '@open-wc/testing';
import type { MediaConnection, Peer } from 'peerjs';
import { PeerMesh, type LinkState } from '../../src/session/peer-mesh.js';

/** Just enough of a PeerJS MediaConnection to drive the mesh's listeners. */
class FakeCall extends EventTarget {
  closed = false;
  answeredWith: MediaStream | undefined;
  /** A real one, carrying what the call was made with (as PeerJS's addTrack does). */
  peerConnection: RTCPeerConnection | undefined;
  constructor(
    readonly peer: string,
    readonly metadata: unknown,
  ) {
    super();
  }
  on(name: string, listener: (value: unknown) => void) {
    this.addEventListener(name, (e) => listener((e as CustomEvent).detail));
  }
  fire(name: string, detail?: unknown) {
    this.dispatchEvent(new CustomEvent(name, { detail }));
  }
  answer(stream: MediaStream) {
    this.answeredWith = stream;
  }
  close() {
    this.closed = true;
    this.fire('close');
  }
}

function meshWithFakes() {
  const calls: FakeCall[] = [];
  const peer = {
    call: (id: string, stream: MediaStream, options: { metadata: unknown }) => {
      const call = new FakeCall(id, options.metadata);
      if (stream.getTracks().length) {
        call.peerConnection = new RTCPeerConnection();
        for (const track of stream.getTracks()) call.peerConnection.addTrack(track, stream);
      }
      calls.push(call);
      return call;
    },
  } as unknown as Peer;
  const streams: [string, MediaStream][] = [];
  const states: [string, LinkState][] = [];
  const local = new MediaStream();
  const mesh = new PeerMesh(peer, 'room-a', {
    stream: (id, s) => streams.push([id, s]),
    state: (id, s) => states.push([id, s]),
  });
  mesh.publish(local);
  return { mesh, calls, streams, states, local };
}

describe('PeerMesh', () => {
  // First in this file: no call has loaded the budget's chunk in this page yet.
  it('loads the uplink budget when a call is expected, before the call comes', async () => {
    const budgetLoaded = () =>
      performance.getEntriesByType('resource').some((entry) => entry.name.includes('/media/uplink-budget.'));
    const { mesh, calls } = meshWithFakes();
    expect(budgetLoaded(), 'before').to.equal(false);
    mesh.expectCall();
    await waitUntil(budgetLoaded, 'expectCall never loaded the budget', { timeout: 3000 });
    expect(calls, 'no call is made').to.have.length(0);
  });

  it('says when its calls have set their offers, or gives up waiting', async () => {
    const { mesh, calls, local } = meshWithFakes();
    const context = new AudioContext();
    local.addTrack(context.createMediaStreamDestination().stream.getAudioTracks()[0]);
    mesh.call('b');
    const connection = calls[0].peerConnection!;
    let set = false;
    const offered = mesh.offersSet(['b'], 10_000).then(() => (set = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(set, 'before the offer').to.equal(false);
    await connection.setLocalDescription(await connection.createOffer());
    await offered;
    expect(connection.signalingState).to.equal('have-local-offer');
    // A call that never sets its offer (nothing here sets it) holds nobody up for longer than the wait.
    mesh.call('c');
    const outcome = await Promise.race([
      mesh.offersSet(['c'], 50).then(() => 'gave up waiting'),
      new Promise((r) => setTimeout(() => r('still waiting'), 2000)),
    ]);
    expect(outcome).to.equal('gave up waiting');
    expect(calls[1].peerConnection!.signalingState, 'no offer was set').to.equal('stable');
    void context.close();
  });

  it('muted, sends no audio on the calls it has and those it makes; unmuted, sends the microphone again', async () => {
    const { mesh, calls, local } = meshWithFakes();
    const context = new AudioContext();
    const microphone = context.createMediaStreamDestination().stream.getAudioTracks()[0];
    local.addTrack(microphone);
    const sentAudio = (call: FakeCall) => call.peerConnection!.getSenders().find((s) => s.track?.kind === 'audio')?.track;
    const audioSender = (call: FakeCall) =>
      call.peerConnection!.getTransceivers().find((t) => t.receiver.track.kind === 'audio')!.sender;
    mesh.call('b');
    expect(sentAudio(calls[0])).to.equal(microphone);

    mesh.sendAudio(null);
    mesh.call('c');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(audioSender(calls[0]).track, 'the call already there').to.equal(null);
    expect(audioSender(calls[1]).track, 'a call made while muted').to.equal(null);
    // A microphone switched while muted is not sent either.
    mesh.replaceTrack('audio', context.createMediaStreamDestination().stream.getAudioTracks()[0]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls.map((call) => audioSender(call).track)).to.deep.equal([null, null]);

    mesh.sendAudio(microphone);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls.map((call) => audioSender(call).track)).to.deep.equal([microphone, microphone]);
    for (const call of calls) call.peerConnection!.close();
    await context.close();
  });

  it('reports a remote stream once although PeerJS fires stream once per track', () => {
    const { mesh, calls, streams } = meshWithFakes();
    mesh.call('b');
    const remote = new MediaStream();
    calls[0].fire('stream', remote);
    calls[0].fire('stream', remote);
    expect(streams).to.deep.equal([['b', remote]]);
  });

  it('calls each member once and tags the call with the room', () => {
    const { mesh, calls } = meshWithFakes();
    mesh.call('b');
    mesh.call('b');
    expect(calls).to.have.length(1);
    expect(calls[0].metadata).to.deep.equal({ room: 'room-a' });
  });

  it('tells apart calls for this room from others', () => {
    const { mesh } = meshWithFakes();
    expect(mesh.isForThisRoom(new FakeCall('x', { room: 'room-a' }) as unknown as MediaConnection)).to.equal(true);
    expect(mesh.isForThisRoom(new FakeCall('x', { room: 'room-b' }) as unknown as MediaConnection)).to.equal(false);
    expect(mesh.isForThisRoom(new FakeCall('x', undefined) as unknown as MediaConnection)).to.equal(false);
  });

  it('reports connection states and forgets closed calls', () => {
    const { mesh, calls, states } = meshWithFakes();
    mesh.call('b');
    calls[0].fire('iceStateChanged', 'checking');
    calls[0].fire('iceStateChanged', 'connected');
    calls[0].fire('iceStateChanged', 'failed');
    calls[0].fire('close');
    expect(states).to.deep.equal([
      ['b', 'connecting'],
      ['b', 'connected'],
      ['b', 'failed'],
      ['b', 'closed'],
    ]);
    mesh.call('b');
    expect(calls).to.have.length(2);
  });

  it('answers with the local stream, replacing an older call from the same peer', () => {
    const { mesh, local } = meshWithFakes();
    const first = new FakeCall('c', { room: 'room-a' });
    const second = new FakeCall('c', { room: 'room-a' });
    mesh.answer(first as unknown as MediaConnection);
    mesh.answer(second as unknown as MediaConnection);
    expect(first.closed).to.equal(true);
    expect(second.answeredWith).to.equal(local);
    expect(second.closed).to.equal(false);
  });
});
