import { expect } from '@open-wc/testing';
import { AutoplayGuard, SOUND_CHECK_DELAY_MS } from '../../src/media/autoplay-guard.js';

/** An AudioContext stand-in that counts how often one is made and starts `suspended`, as under a strict autoplay policy. */
function strictAudioPolicy() {
  const made = { count: 0 };
  const Native = window.AudioContext;
  window.AudioContext = class {
    readonly state = 'suspended';
    constructor() {
      made.count++;
    }
    close() {
      return Promise.resolve();
    }
  } as unknown as typeof AudioContext;
  // As on a page nobody has clicked yet.
  Object.defineProperty(navigator, 'userActivation', { value: { hasBeenActive: false }, configurable: true });
  const restore = () => {
    window.AudioContext = Native;
    delete (navigator as { userActivation?: unknown }).userActivation;
  };
  return { made, restore };
}

function silentVideo(): HTMLVideoElement {
  const video = document.createElement('video');
  // Muted, so play() itself is allowed: only the policy check can block.
  video.muted = true;
  video.srcObject = document.createElement('canvas').captureStream(1);
  return video;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('AutoplayGuard', () => {
  it('asks the policy about sound a while after a stream starts, not as it starts', async () => {
    const policy = strictAudioPolicy();
    try {
      let blockedCalls = 0;
      const guard = new AutoplayGuard(
        () => {},
        () => blockedCalls++,
      );
      guard.watch(silentVideo());
      // A page's first AudioContext holds its main thread: none while the call is still connecting.
      expect(policy.made.count, 'AudioContexts made as the stream starts').to.equal(0);
      expect(guard.blocked).to.equal(false);
      await sleep(SOUND_CHECK_DELAY_MS + 200);
      expect(policy.made.count).to.equal(1);
      expect(guard.blocked, 'sound needs a click: the prompt shows').to.equal(true);
      expect(blockedCalls).to.equal(1);
    } finally {
      policy.restore();
    }
  });

  it('asks once for streams that start together', async () => {
    const policy = strictAudioPolicy();
    try {
      const guard = new AutoplayGuard(
        () => {},
        () => {},
      );
      for (let i = 0; i < 3; i++) guard.watch(silentVideo());
      await sleep(SOUND_CHECK_DELAY_MS + 200);
      expect(policy.made.count).to.equal(1);
    } finally {
      policy.restore();
    }
  });
});
