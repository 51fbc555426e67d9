import { expect, waitUntil } from '@open-wc/testing';
import { parseConfig, type RoomConfig } from '../../src/config.js';
import { RoomSession } from '../../src/session/room-session.js';
import { browserEnvironment, type SessionEnvironment } from '../../src/session/session-environment.js';
import { testServer, uniqueRoom } from '../helpers.js';

async function config(room = uniqueRoom('session')): Promise<RoomConfig> {
  const result = parseConfig({ room, displayName: 'Tester' }, await testServer());
  if (!result.ok) throw result.error;
  return result.config;
}

function errorsOf(session: RoomSession): { code: string; fatal: boolean }[] {
  const errors: { code: string; fatal: boolean }[] = [];
  session.addEventListener('error', (e) => errors.push((e as CustomEvent).detail));
  return errors;
}

describe('RoomSession', () => {
  it('refuses to start on an insecure page', async () => {
    const session = new RoomSession(await config(), { ...browserEnvironment(), isSecureContext: false });
    const errors = errorsOf(session);
    await session.join();
    expect(session.state.status).to.equal('error');
    expect(errors).to.deep.equal([{ code: 'insecure-context', message: session.state.error!.message, fatal: true }]);
  });

  it('refuses an http server from an https page before anything else (mixed content)', async () => {
    const result = parseConfig({ room: 'r', server: 'http://chat.example.com' }, 'https://x.example');
    if (!result.ok) throw result.error;
    let askedForCamera = false;
    const session = new RoomSession(result.config, {
      ...browserEnvironment(),
      pageUrl: 'https://shop.example/page',
      getUserMedia: () => ((askedForCamera = true), Promise.reject(new Error('unexpected'))),
    });
    await session.join();
    expect(session.state.error?.code).to.equal('mixed-content');
    expect(askedForCamera).to.equal(false);
  });

  it('in an iframe without camera and microphone permission, says what to add and joins receive-only', async () => {
    let askedForCamera = false;
    const framed: SessionEnvironment = {
      ...browserEnvironment(),
      allowsFeature: () => false,
      getUserMedia: () => ((askedForCamera = true), Promise.reject(new Error('unexpected'))),
    };
    const session = new RoomSession(await config(), framed);
    const errors = errorsOf(session);
    await session.join();
    await new Promise<void>((resolve) => {
      if (session.state.status === 'joined') resolve();
      session.addEventListener('join', () => resolve());
    });
    expect(askedForCamera).to.equal(false);
    expect(errors.map((e) => [e.code, e.fatal])).to.deep.equal([['iframe-permissions', false]]);
    expect(session.state.notices[0].message).to.contain('allow="camera; microphone');
    session.leave();
  });

  it("asks for calls with the page's transport policy, one bundled transport, and no candidate pool (in Chromium a pooled connection may never gather)", async () => {
    const given: { config?: RTCConfiguration }[] = [];
    const env = browserEnvironment();
    const recording: SessionEnvironment = {
      ...env,
      createPeer: (id, options) => (given.push(options as { config?: RTCConfiguration }), env.createPeer(id, options)),
    };
    const session = new RoomSession({ ...(await config()), iceTransport: 'relay' }, recording);
    await session.join();
    expect(given[0].config?.iceCandidatePoolSize ?? 0).to.equal(0);
    expect(given[0].config?.iceTransportPolicy).to.equal('relay');
    expect(given[0].config?.bundlePolicy).to.equal('max-bundle');
    session.leave();
  });

  it('refuses to start without WebRTC', async () => {
    const session = new RoomSession(await config(), { ...browserEnvironment(), hasWebRTC: false });
    await session.join();
    expect(session.state.error?.code).to.equal('webrtc-unsupported');
  });

  it('joins receive-only when camera and microphone are denied, and says so', async () => {
    const denied: SessionEnvironment = {
      ...browserEnvironment(),
      getUserMedia: () => Promise.reject(new DOMException('denied', 'NotAllowedError')),
    };
    const session = new RoomSession(await config(), denied);
    const errors = errorsOf(session);
    await session.join();
    await new Promise<void>((resolve) => {
      if (session.state.status === 'joined') resolve();
      session.addEventListener('join', () => resolve());
    });
    expect(errors.map((e) => [e.code, e.fatal])).to.deep.equal([['permission-denied', false]]);
    expect(session.state.hasCamera || session.state.hasMicrophone).to.equal(false);
    expect(session.state.notices[0].code).to.equal('permission-denied');
    session.leave();
    expect(session.state.status).to.equal('left');
  });

  it('delivers a message given right at the join, once the data link it waited for opens', async () => {
    const room = uniqueRoom('early-chat');
    const first = new RoomSession(await config(room));
    await first.join();
    const second = new RoomSession(await config(room));
    let refusal: unknown = 'never asked';
    second.addEventListener('join', () => (refusal = second.sendMessage('hello early')));
    await second.join();
    expect(refusal, 'accepted at once').to.equal(undefined);
    await waitUntil(() => second.state.chat.some((m) => m.text === 'hello early' && m.local), 'never sent', { timeout: 5000 });
    // Said before any data link was open: it waited for the link rather than reaching nobody.
    await waitUntil(() => first.state.chat.some((m) => m.text === 'hello early' && !m.local), 'never arrived', { timeout: 8000 });
    first.leave();
    second.leave();
  });

  it('a camera unplugged in the call turns to camera off with the blank in its place, a microphone unplugged goes, and the person is told', async () => {
    const session = new RoomSession(await config());
    const errors = errorsOf(session);
    await session.join();
    await waitUntil(() => session.state.status === 'joined', 'never joined', { timeout: 5000 });
    const [camera] = session.state.localStream!.getVideoTracks();
    expect(session.state.cameraOn).to.equal(true);
    camera.dispatchEvent(new Event('ended'));
    expect(session.state.cameraOn).to.equal(false);
    expect(session.state.localStream!.getVideoTracks()[0]).to.not.equal(camera);
    expect(errors.map((e) => [e.code, e.fatal])).to.deep.equal([['camera-lost', false]]);
    const [microphone] = session.state.localStream!.getAudioTracks();
    microphone.dispatchEvent(new Event('ended'));
    expect(session.state.hasMicrophone).to.equal(false);
    expect(errors.map((e) => e.code)).to.deep.equal(['camera-lost', 'microphone-lost']);
    expect(session.state.status, 'still in the call').to.equal('joined');
    session.leave();
  });

  it('the others see a camera that was unplugged as off', async () => {
    const room = uniqueRoom('camera-lost');
    const first = new RoomSession(await config(room));
    await first.join();
    const second = new RoomSession(await config(room));
    await second.join();
    const secondId = second.state.self!.id;
    const theirView = () => first.state.participants.find((p) => p.id === secondId)?.media;
    await waitUntil(() => theirView()?.video === true, 'their camera never showed as on', { timeout: 8000 });
    second.state.localStream!.getVideoTracks()[0].dispatchEvent(new Event('ended'));
    await waitUntil(() => theirView()?.video === false, 'their camera never showed as off', { timeout: 5000 });
    expect(second.state.status).to.equal('joined');
    first.leave();
    second.leave();
  });

  it('surfaces the server refusal code (room-full) as a fatal error and releases the camera', async () => {
    const room = uniqueRoom('full');
    const two = { ...(await config(room)), maxParticipants: 2 };
    const first = new RoomSession({ ...two });
    const second = new RoomSession({ ...two });
    await first.join();
    await second.join();
    const third = new RoomSession({ ...two });
    await third.join();
    expect(third.state.status).to.equal('error');
    expect(third.state.error?.code).to.equal('room-full');
    expect(third.state.localStream).to.equal(undefined, 'camera released after a refused join');
    expect(first.state.status).to.equal('joined');
    first.leave();
    second.leave();
  });
});
