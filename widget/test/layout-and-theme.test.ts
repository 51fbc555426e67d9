import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { VideoChatRoom } from '../src/video-chat-room.js';
import { joinedElement, shadow, uniqueRoom } from './helpers.js';

/** WCAG relative luminance of a computed `rgb(…)` colour. */
function luminance(colour: string): number {
  const [r, g, b] = (colour.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

async function pairAt(width: number, height: number): Promise<[VideoChatRoom, VideoChatRoom]> {
  const room = uniqueRoom('layout');
  const first = await joinedElement(room, 'First');
  const second = await joinedElement(room, 'Second');
  first.style.cssText = `display:block;width:${width}px;height:${height}px`;
  await waitUntil(() => shadow(first).querySelector('[data-peer-id]'), 'no remote tile', { timeout: 10000 });
  await first.updateComplete;
  return [first, second];
}

const box = (el: Element) => el.getBoundingClientRect();

describe('layout, theme and keyboard', () => {
  it('at 320 px wide every control fits, icons only, and tiles stay above the controls', async () => {
    const [el, other] = await pairAt(320, 560);
    const host = box(el);
    const controls = box(shadow(el).querySelector('.controls')!);
    for (const button of shadow(el).querySelectorAll('.controls button')) {
      const b = box(button);
      expect(b.left, `${button.getAttribute('data-action')} inside`).to.be.at.least(host.left - 0.5);
      expect(b.right, `${button.getAttribute('data-action')} inside`).to.be.at.most(host.right + 0.5);
      expect(b.height, 'touch target').to.be.at.least(32);
      expect(box(button.querySelector('.label')!).width, 'label hidden').to.be.at.most(1);
    }
    for (const tile of shadow(el).querySelectorAll('.tile')) {
      const t = box(tile);
      expect(t.right).to.be.at.most(host.right + 0.5);
      expect(t.bottom).to.be.at.most(controls.top + 0.5);
      expect(t.height).to.be.greaterThan(40);
    }
    el.remove();
    other.remove();
  });

  it('at 1280 px wide two tiles sit side by side with readable control labels', async () => {
    const [el, other] = await pairAt(1280, 720);
    const [local, remote] = [...shadow(el).querySelectorAll('.tile')].map(box);
    expect(Math.abs(local.top - remote.top)).to.be.below(1);
    expect(remote.left).to.be.at.least(local.right);
    expect(local.width).to.be.greaterThan(400);
    const label = shadow(el).querySelector('.controls [data-action=microphone] .label')!;
    expect(box(label).width).to.be.greaterThan(20);
    el.remove();
    other.remove();
  });

  for (const theme of ['dark', 'light'] as const) {
    it(`theme="${theme}": text and buttons meet WCAG AA contrast`, async () => {
      const [el, other] = await pairAt(800, 500);
      el.setAttribute('theme', theme);
      await el.updateComplete;
      const hostStyle = getComputedStyle(el);
      const background = hostStyle.backgroundColor;
      expect(luminance(background) > 0.5, 'light background').to.equal(theme === 'light');
      expect(contrast(hostStyle.color, background)).to.be.at.least(4.5);
      for (const selector of ['[data-action=leave]', '.controls [data-action=microphone]']) {
        const button = shadow(el).querySelector(selector)!;
        const style = getComputedStyle(button);
        const behind = style.backgroundColor.endsWith(', 0)') ? background : style.backgroundColor;
        // Translucent buttons sit on the element's background: check against it, the stricter case for light text.
        const against = /rgba/.test(behind) ? background : behind;
        expect(contrast(style.color, against), selector).to.be.at.least(4.5);
      }
      el.remove();
      other.remove();
    });
  }

  it('every control is reachable with Tab and names itself', async () => {
    const [el, other] = await pairAt(1000, 600);
    const buttons = [...shadow(el).querySelectorAll<HTMLButtonElement>('.controls button:not([disabled])')];
    expect(buttons.length).to.be.at.least(5);
    buttons[0].focus();
    const reached = new Set<string>([buttons[0].dataset.action!]);
    for (let i = 1; i < buttons.length; i++) {
      await sendKeys({ press: 'Tab' });
      const focused = shadow(el).activeElement as HTMLElement | null;
      if (focused?.dataset.action) reached.add(focused.dataset.action);
    }
    expect([...reached].sort()).to.deep.equal(buttons.map((b) => b.dataset.action!).sort());
    for (const button of buttons) expect(button.getAttribute('aria-label') || button.textContent?.trim()).to.not.equal('');
    // Toggling keeps focus on the same control across the re-render.
    const mic = shadow(el).querySelector<HTMLButtonElement>('[data-action=microphone]')!;
    mic.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(mic.getAttribute('aria-pressed')).to.equal('true');
    expect(shadow(el).activeElement).to.equal(mic);
    el.remove();
    other.remove();
  });

  it('a remote tile goes full screen, and asks for picture-in-picture where the browser has it', async () => {
    const [el, other] = await pairAt(900, 500);
    const tile = shadow(el).querySelector<HTMLElement>('[data-peer-id]')!;
    await waitUntil(() => tile.querySelector('[data-action=tile-fullscreen]'), 'no tile actions', { timeout: 10000 });
    tile.querySelector<HTMLButtonElement>('[data-action=tile-fullscreen]')!.click();
    await waitUntil(() => shadow(el).fullscreenElement === tile, 'the tile never went full screen');
    await document.exitFullscreen();
    const pip = tile.querySelector<HTMLButtonElement>('[data-action=tile-pip]');
    expect(!!pip).to.equal(document.pictureInPictureEnabled);
    if (pip) {
      // Headless Chromium lists picture-in-picture but will not open the window: check the request goes to this tile's video.
      const video = tile.querySelector('video')!;
      const asked: HTMLVideoElement[] = [];
      const original = HTMLVideoElement.prototype.requestPictureInPicture;
      HTMLVideoElement.prototype.requestPictureInPicture = function (this: HTMLVideoElement) {
        asked.push(this);
        return Promise.reject(new DOMException('test', 'NotAllowedError'));
      };
      try {
        pip.click();
      } finally {
        HTMLVideoElement.prototype.requestPictureInPicture = original;
      }
      expect(asked).to.deep.equal([video]);
    }
    el.remove();
    other.remove();
  });
});
