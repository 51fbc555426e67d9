import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { sendMouse } from '@web/test-runner-commands';
import type { VideoChatRoom } from '../src/video-chat-room.js';
import { joinedElement, selfViewStream, shadow, uniqueRoom } from './helpers.js';

/** A real click (a user gesture, which getDisplayMedia requires) on `button`. */
async function click(button: HTMLElement): Promise<void> {
  const box = button.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
}

const outgoingVideo = async (el: VideoChatRoom) => (await selfViewStream(el)).getVideoTracks()[0];

describe('screen share', () => {
  it('replaces the camera with the screen on the running call, and the camera comes back on stop', async () => {
    const room = uniqueRoom('share');
    const sharer = await joinedElement(room, 'Sharer');
    const viewer = await joinedElement(room, 'Viewer');
    await waitUntil(() => shadow(viewer).querySelector('[data-peer-id][data-link=connected]'), 'not connected', {
      timeout: 10000,
    });
    const camera = await outgoingVideo(sharer);

    const started = oneEvent(sharer, 'screenshare-start');
    await sharer.updateComplete;
    await click(shadow(sharer).querySelector<HTMLButtonElement>('button[data-action=screenshare]')!);
    await started;
    await sharer.updateComplete;
    const screen = await outgoingVideo(sharer);
    expect(screen).to.not.equal(camera);
    expect(screen.readyState).to.equal('live');
    expect(camera.readyState).to.equal('live', 'the camera is kept for when sharing stops');
    expect(shadow(sharer).querySelector('button[data-action=screenshare]')!.getAttribute('aria-pressed')).to.equal('true');
    await waitUntil(
      async () => (await sharer.getConnectionStats())[0]?.sentVideoTrackId === screen.id,
      'the call never sent the screen',
      {
        timeout: 5000,
      },
    );

    const stopped = oneEvent(sharer, 'screenshare-stop');
    // The browser's own "Stop sharing" ends the track: that must bring the camera back too.
    screen.stop();
    screen.dispatchEvent(new Event('ended'));
    await stopped;
    expect(await outgoingVideo(sharer)).to.equal(camera);
    await waitUntil(
      async () => (await sharer.getConnectionStats())[0]?.sentVideoTrackId === camera.id,
      'the call never went back to the camera',
      {
        timeout: 5000,
      },
    );
    expect(viewer.status).to.equal('joined');
    sharer.remove();
    viewer.remove();
  });

  it('a visitor without camera or microphone can share a screen on the call', async () => {
    const room = uniqueRoom('share-nocam');
    const viewer = await joinedElement(room, 'Viewer');
    const devices = navigator.mediaDevices;
    const getUserMedia = devices.getUserMedia;
    devices.getUserMedia = () => Promise.reject(new DOMException('denied', 'NotAllowedError'));
    let sharer: VideoChatRoom;
    try {
      sharer = await joinedElement(room, 'No camera');
    } finally {
      devices.getUserMedia = getUserMedia;
    }
    await waitUntil(() => shadow(viewer).querySelector('[data-peer-id][data-link=connected]'), 'not connected', {
      timeout: 10000,
    });
    await sharer.updateComplete;
    const button = shadow(sharer).querySelector<HTMLButtonElement>('button[data-action=screenshare]')!;
    expect(button.disabled).to.equal(false);
    const started = oneEvent(sharer, 'screenshare-start');
    await click(button);
    await started;
    await sharer.updateComplete;
    const screen = await outgoingVideo(sharer);
    await waitUntil(
      async () => (await sharer.getConnectionStats())[0]?.sentVideoTrackId === screen.id,
      'the call never sent the screen',
      { timeout: 5000 },
    );
    await sharer.toggleScreenshare(false);
    sharer.remove();
    viewer.remove();
  });

  it('screenshare="off" hides the button and refuses the method', async () => {
    const el = await joinedElement(uniqueRoom('noshare'), 'No share');
    el.setAttribute('screenshare', 'off');
    await el.updateComplete;
    expect(shadow(el).querySelector('button[data-action=screenshare]')).to.equal(null);
    expect(await el.toggleScreenshare(true)).to.equal(false);
    el.remove();
  });
});
