import { expect } from '@open-wc/testing';
import { html, render } from 'lit';
import { srcObject } from '../../src/views/src-object.js';

/** A video whose srcObject assignments are counted (each one restarts its load). */
function countingVideo(container: HTMLElement): { video: HTMLVideoElement; assignments: () => number } {
  const video = container.querySelector('video')!;
  const native = Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, 'srcObject')!;
  let count = 0;
  Object.defineProperty(video, 'srcObject', {
    get: () => native.get!.call(video),
    set: (value) => {
      count++;
      native.set!.call(video, value);
    },
  });
  return { video, assignments: () => count };
}

describe('srcObject directive', () => {
  it('assigns a stream once, however often the template renders, and again only when it changes', async () => {
    const container = document.createElement('div');
    const canvas = document.createElement('canvas');
    const first = canvas.captureStream();
    const second = canvas.captureStream();
    const view = (stream: MediaStream | null) => html`<video ${srcObject(stream)}></video>`;
    render(view(null), container);
    const { video, assignments } = countingVideo(container);
    render(view(first), container);
    render(view(first), container);
    render(view(first), container);
    expect(video.srcObject).to.equal(first);
    expect(assignments()).to.equal(1);
    render(view(second), container);
    render(view(null), container);
    expect(video.srcObject).to.equal(null);
    expect(assignments()).to.equal(3);
  });
});
