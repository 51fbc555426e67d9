import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { VideoChatRoom } from '../src/video-chat-room.js';
import { joinedElement, selfViewStream, shadow, stageShown, testServer, uniqueRoom } from './helpers.js';

describe('the prejoin step', () => {
  it('shows a preview, a level meter, device pickers and the name; Join joins with the same camera', async () => {
    const server = await testServer();
    const el = await fixture<VideoChatRoom>(
      html`<video-chat-room room=${uniqueRoom('prejoin')} server=${server} display-name="Ana"></video-chat-room>`,
    );
    await waitUntil(() => shadow(el).querySelector('[part~=prejoin] video'), 'no preview', { timeout: 5000 });
    expect(el.status).to.equal('idle');
    const preview = shadow(el).querySelector<HTMLVideoElement>('[part~=prejoin] video')!;
    const previewTrack = (preview.srcObject as MediaStream).getVideoTracks()[0];
    expect(previewTrack.readyState).to.equal('live');
    expect(shadow(el).querySelector<HTMLInputElement>('input[name=display-name]')!.value).to.equal('Ana');
    await waitUntil(() => shadow(el).querySelector('select[data-device-kind=videoinput] option'), 'no cameras listed');
    expect(shadow(el).querySelectorAll('select[data-device-kind=audioinput] option').length).to.be.at.least(1);
    expect(shadow(el).querySelector('[part=level][role=progressbar]')).to.not.equal(null);
    // One Join button, the step's own: none in the control bar below it.
    expect(shadow(el).querySelectorAll('button[data-action=join]')).to.have.length(1);
    // The step's styles (its own and the pickers') came with its chunk.
    expect(getComputedStyle(shadow(el).querySelector('.prejoin')!).display).to.equal('grid');
    expect(getComputedStyle(shadow(el).querySelector('.pickers')!).display).to.equal('flex');

    shadow(el).querySelector<HTMLInputElement>('input[name=display-name]')!.value = 'Ana María';
    const joined = oneEvent(el, 'join');
    shadow(el).querySelector<HTMLButtonElement>('[part~=prejoin] button[data-action=join]')!.click();
    expect((await joined).detail.self.displayName).to.equal('Ana María');
    expect(el.displayName).to.equal('Ana María');
    await stageShown(el);
    const local = shadow(el).querySelector<HTMLVideoElement>('.local video')!;
    // The call took the preview's camera as it was: no second capture.
    expect((local.srcObject as MediaStream).getVideoTracks()[0]).to.equal(previewTrack);
    expect(previewTrack.readyState).to.equal('live');
    el.remove();
  });

  it('prejoin="off" joins at once; removing the element during the prejoin step releases the camera', async () => {
    const server = await testServer();
    const el = await fixture<VideoChatRoom>(
      html`<video-chat-room room=${uniqueRoom('prejoin-gone')} server=${server}></video-chat-room>`,
    );
    await waitUntil(() => shadow(el).querySelector('[part~=prejoin] video'), 'no preview', { timeout: 5000 });
    const track = (shadow(el).querySelector<HTMLVideoElement>('[part~=prejoin] video')!.srcObject as MediaStream).getTracks()[0];
    el.remove();
    await waitUntil(() => track.readyState === 'ended', 'the camera stayed on');
    const direct = await joinedElement(uniqueRoom('prejoin-off'), 'Ben');
    expect(direct.status).to.equal('joined');
    expect(shadow(direct).querySelector('[part~=prejoin]')).to.equal(null);
    direct.remove();
  });

  it('setDevice() during the call switches the microphone in place: the call goes on', async () => {
    const room = uniqueRoom('switch');
    const first = await joinedElement(room, 'First');
    const second = await joinedElement(room, 'Second');
    await waitUntil(() => shadow(first).querySelector('[data-peer-id][data-link=connected]'), 'never connected', {
      timeout: 10000,
    });
    const microphones = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'audioinput');
    const target = microphones[microphones.length - 1].deviceId;
    const before = (await selfViewStream(second)).getAudioTracks()[0];
    let left = 0;
    first.addEventListener('participant-leave', () => left++);
    await second.setDevice('audioinput', target);
    const after = (shadow(second).querySelector<HTMLVideoElement>('.local video')!.srcObject as MediaStream).getAudioTracks()[0];
    expect(after).to.not.equal(before);
    expect(before.readyState).to.equal('ended');
    expect(after.readyState).to.equal('live');
    // Still connected, and sound still arrives.
    const stats = async () => (await first.getConnectionStats())[0]?.audioBytesReceived ?? 0;
    const bytes = await stats();
    await waitUntil(async () => (await stats()) > bytes, 'no audio after the switch', { timeout: 5000 });
    expect(left).to.equal(0);
    expect(second.status).to.equal('joined');
    first.remove();
    second.remove();
  });
});
