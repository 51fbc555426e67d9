import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { defineVideoChatRoom } from '../src/index.js';
import type { VideoChatRoom } from '../src/video-chat-room.js';
import { joinedElement, shadow, stageShown, testServer, uniqueRoom, waitForStatus } from './helpers.js';

/** The picture sent while the camera is off: a canvas's, not a camera's. */
const isBlank = (track: MediaStreamTrack) => track instanceof CanvasCaptureMediaStreamTrack;

describe('<video-chat-room> configuration errors', () => {
  it('shows a visible message and fires error for a bad room', async () => {
    const el = document.createElement('video-chat-room');
    el.setAttribute('room', 'no spaces allowed');
    const error = oneEvent(el, 'error');
    document.body.append(el);
    const { detail } = await error;
    expect(detail.code).to.equal('invalid-room');
    expect(detail.fatal).to.equal(true);
    await el.updateComplete;
    expect(el.status).to.equal('error');
    const alert = shadow(el).querySelector('[role=alert]');
    expect(alert?.textContent).to.contain('room name');
    el.remove();
  });

  it('fires invalid-server for a malformed server URL', async () => {
    const el = document.createElement('video-chat-room');
    el.setAttribute('room', 'ok');
    el.setAttribute('server', 'htp:/nowhere');
    const error = oneEvent(el, 'error');
    document.body.append(el);
    expect((await error).detail.code).to.equal('invalid-server');
    el.remove();
  });

  it('with autojoin="off" waits quietly for join(), even before its room is set', async () => {
    const errors: unknown[] = [];
    const el = await fixture<VideoChatRoom>(
      html`<video-chat-room autojoin="off" @error=${(e: Event) => errors.push(e)}></video-chat-room>`,
    );
    expect(el.status).to.equal('idle');
    expect(errors).to.have.length(0);
    expect(shadow(el).querySelector('button[data-action=join]')).to.not.equal(null);
    const error = oneEvent(el, 'error');
    await el.join();
    expect((await error).detail.code).to.equal('invalid-room');
  });

  it('reports server-unreachable when nothing listens at the server URL', async () => {
    const el = document.createElement('video-chat-room');
    el.setAttribute('room', 'r');
    el.setAttribute('server', 'http://127.0.0.1:9');
    el.setAttribute('prejoin', 'off');
    const error = oneEvent(el, 'error');
    document.body.append(el);
    await el.updateComplete;
    expect(['joining', 'error']).to.include(el.status);
    expect((await error).detail.code).to.equal('server-unreachable');
    await el.updateComplete;
    expect(shadow(el).querySelector('[role=alert]')?.textContent).to.contain('cannot be reached');
    expect(shadow(el).querySelector('button[data-action=join]')?.textContent?.trim()).to.equal('Try again');
    el.remove();
  });
});

describe('<video-chat-room> in a call', () => {
  it('renders joining, then the local preview muted and mirrored once joined', async () => {
    const server = await testServer();
    const el = document.createElement('video-chat-room');
    el.setAttribute('room', uniqueRoom('preview'));
    el.setAttribute('server', server);
    el.setAttribute('prejoin', 'off');
    document.body.append(el);
    await el.updateComplete;
    expect(el.status).to.equal('joining');
    await el.updateComplete;
    expect(shadow(el).querySelector('[role=status]')?.textContent).to.contain('Joining');
    // The stage and its controls come once joined: building them would hold up the camera and the socket.
    expect(shadow(el).querySelector('.stage'), 'no stage while joining').to.equal(null);
    expect(shadow(el).querySelector('[data-action=leave]'), 'leaving is there from the start').to.not.equal(null);
    await waitForStatus(el, 'joined');
    await stageShown(el);
    const local = shadow(el).querySelector<HTMLVideoElement>('.local video')!;
    expect(local.muted).to.equal(true);
    expect(local.srcObject).to.be.instanceOf(MediaStream);
    expect(getComputedStyle(local).transform).to.not.equal('none');
    expect(shadow(el).querySelector('[role=status]')?.textContent).to.contain('Waiting for others');
    el.remove();
  });

  it("joining someone, shows the stage once the join's call has set its offer, not at the join", async () => {
    const room = uniqueRoom('placing');
    const first = await joinedElement(room, 'First');
    const server = await testServer();
    const second = document.createElement('video-chat-room');
    for (const [name, value] of Object.entries({ room, server, 'display-name': 'Second', prejoin: 'off' })) {
      second.setAttribute(name, value);
    }
    const atJoin = new Promise<{ stage: boolean; text: string }>((resolve) =>
      second.addEventListener(
        'join',
        () =>
          void second.updateComplete.then(() =>
            resolve({
              stage: !!shadow(second).querySelector('.stage'),
              text: shadow(second).querySelector('[role=status]')?.textContent ?? '',
            }),
          ),
        { once: true },
      ),
    );
    document.body.append(second);
    const seen = await atJoin;
    expect(seen.stage, 'no stage while the call is placed').to.equal(false);
    expect(seen.text).to.contain('Joining');
    await waitUntil(() => shadow(second).querySelector('.stage [data-peer-id]'), 'the stage never came', { timeout: 5000 });
    expect(shadow(second).querySelector('[data-action=microphone]'), 'with its controls').to.not.equal(null);
    first.remove();
    second.remove();
  });

  it('controls and methods mute the real microphone and stop and reopen the real camera', async () => {
    const el = await joinedElement(uniqueRoom('toggle'), 'Toggler');
    await stageShown(el);
    const local = () => shadow(el).querySelector<HTMLVideoElement>('.local video')!;
    const stream = local().srcObject as MediaStream;
    const [audio] = stream.getAudioTracks();
    const [camera] = stream.getVideoTracks();
    expect(audio.enabled && camera.enabled).to.equal(true);

    shadow(el).querySelector<HTMLButtonElement>('button[data-action=microphone]')!.click();
    await el.updateComplete;
    expect(audio.enabled).to.equal(false);
    expect(shadow(el).querySelector('button[data-action=microphone]')!.getAttribute('aria-pressed')).to.equal('true');

    // Off: the camera itself is stopped (its light goes out), not merely disabled.
    shadow(el).querySelector<HTMLButtonElement>('button[data-action=camera]')!.click();
    await el.updateComplete;
    expect(camera.readyState).to.equal('ended');
    expect(stream.getVideoTracks()).to.have.length(1);
    expect(isBlank(stream.getVideoTracks()[0]), 'a blank picture takes the camera place').to.equal(true);
    expect(local().srcObject, 'no self view of the blank').to.equal(null);
    expect(shadow(el).querySelector('button[data-action=camera]')!.getAttribute('aria-pressed')).to.equal('true');

    // On: the state says so at once, and a fresh camera track arrives.
    expect(el.toggleCamera()).to.equal(true);
    await waitUntil(() => !isBlank(stream.getVideoTracks()[0]), 'the camera never reopened', { timeout: 5000 });
    const reopened = stream.getVideoTracks()[0];
    expect(reopened).to.not.equal(camera);
    expect(reopened.readyState).to.equal('live');
    await el.updateComplete;
    expect(local().srcObject).to.equal(stream);
    expect(el.toggleMicrophone(true)).to.equal(true);
    expect(audio.enabled).to.equal(true);
    el.remove();
    await waitUntil(() => reopened.readyState === 'ended', 'leaving never released the camera');
  });

  it('the devices button opens the in-call pickers, listing the cameras and microphones, and closes them', async () => {
    const el = await joinedElement(uniqueRoom('pickers'), 'Picker');
    await stageShown(el);
    const button = () => shadow(el).querySelector<HTMLButtonElement>('button[data-action=devices]')!;
    button().click();
    await waitUntil(() => shadow(el).querySelector('[part~=devices] select[data-device-kind=videoinput] option'), 'no cameras', {
      timeout: 5000,
    });
    expect(shadow(el).querySelectorAll('[part~=devices] select[data-device-kind=audioinput] option').length).to.be.greaterThan(0);
    expect(getComputedStyle(shadow(el).querySelector('[part~=devices] .pickers')!).display, 'the pickers chunk styles').to.equal(
      'flex',
    );
    expect(button().getAttribute('aria-pressed')).to.equal('true');
    button().click();
    await el.updateComplete;
    expect(shadow(el).querySelector('[part~=devices]')).to.equal(null);
    el.remove();
  });

  it('joins muted and with the camera off when asked, without opening the camera', async () => {
    const el = await joinedElement(uniqueRoom('muted'), 'Quiet', { audio: 'off', video: 'off' });
    await stageShown(el);
    expect(shadow(el).querySelector<HTMLVideoElement>('.local video')!.srcObject, 'no self view').to.equal(null);
    const button = shadow(el).querySelector('button[data-action=camera]')!;
    expect(button.getAttribute('aria-pressed')).to.equal('true');
    expect(button.hasAttribute('disabled'), 'a camera is there to turn on').to.equal(false);
    expect(el.toggleMicrophone()).to.equal(true);
    expect(el.toggleCamera()).to.equal(true);
    await waitUntil(() => shadow(el).querySelector<HTMLVideoElement>('.local video')!.srcObject, 'no self view', {
      timeout: 5000,
    });
    const stream = shadow(el).querySelector<HTMLVideoElement>('.local video')!.srcObject as MediaStream;
    await waitUntil(() => !isBlank(stream.getVideoTracks()[0]), 'the camera never opened', { timeout: 5000 });
    expect(stream.getAudioTracks()[0].enabled).to.equal(true);
    el.remove();
  });

  it('shows one tile per remote participant with their name as text, and removes it when they leave', async () => {
    const room = uniqueRoom('pair');
    const first = await joinedElement(room, 'First');
    const joined = oneEvent(first, 'participant-join');
    const second = await joinedElement(room, '<img src=x onerror=alert(1)>');
    const { detail } = await joined;
    expect(detail.displayName).to.equal('<img src=x onerror=alert(1)>');
    await waitUntil(() => shadow(first).querySelectorAll('[data-peer-id]').length === 1, 'no remote tile', { timeout: 10000 });
    const caption = shadow(first).querySelector('[data-peer-id] figcaption')!;
    expect(caption.textContent?.trim()).to.equal('<img src=x onerror=alert(1)>');
    expect(caption.querySelector('img')).to.equal(null);
    await waitUntil(
      () => shadow(first).querySelector('[data-peer-id]')?.getAttribute('data-link') === 'connected',
      'never connected',
      { timeout: 10000 },
    );

    const left = oneEvent(first, 'participant-leave');
    second.leave();
    expect((await left).detail.id).to.equal(detail.id);
    await first.updateComplete;
    expect(shadow(first).querySelectorAll('[data-peer-id]')).to.have.length(0);
    await second.updateComplete;
    expect(second.status).to.equal('left');
    expect(shadow(second).querySelector('button[data-action=join]')?.textContent?.trim()).to.equal('Join again');
    first.remove();
    second.remove();
  });

  it('changing display-name renames the tile for others without leaving the call', async () => {
    const room = uniqueRoom('rename');
    const first = await joinedElement(room, 'First');
    const second = await joinedElement(room, 'Second');
    await waitUntil(() => shadow(first).querySelector('[data-peer-id] figcaption')?.textContent?.trim() === 'Second', 'no tile', {
      timeout: 10000,
    });
    const churn: string[] = [];
    first.addEventListener('participant-leave', () => churn.push('leave'));
    second.addEventListener('leave', () => churn.push('self-leave'));
    second.displayName = 'Renamed';
    await waitUntil(
      () => shadow(first).querySelector('[data-peer-id] figcaption')?.textContent?.trim() === 'Renamed',
      'name never changed',
      {
        timeout: 5000,
      },
    );
    await second.updateComplete;
    expect(shadow(second).querySelector('.local figcaption')?.textContent?.trim()).to.equal('Renamed');
    expect(churn).to.deep.equal([]);
    expect(second.status).to.equal('joined');
    first.remove();
    second.remove();
  });

  it('stays in the call when moved within the page, and leaves when removed', async () => {
    const el = await joinedElement(uniqueRoom('move'), 'Mover');
    const elsewhere = document.createElement('div');
    document.body.append(elsewhere);
    elsewhere.append(el);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(el.status).to.equal('joined');
    const left = oneEvent(el, 'leave');
    el.remove();
    await left;
    expect(el.status).to.equal('left');
    elsewhere.remove();
  });

  it('registering again (a second script load) keeps the first definition and does not throw', () => {
    const before = customElements.get('video-chat-room');
    expect(() => defineVideoChatRoom()).to.not.throw();
    expect(customElements.get('video-chat-room')).to.equal(before);
  });
});
