import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { en } from '../../src/i18n/en.js';
import { es } from '../../src/i18n/es.js';
import { loadStrings } from '../../src/i18n/strings-for.js';
import { zhCN } from '../../src/i18n/zh-CN.js';
import type { VideoChatRoom } from '../../src/video-chat-room.js';
import { shadow } from '../helpers.js';

function keys(value: object, prefix = ''): string[] {
  return Object.entries(value).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe('languages', () => {
  it('picks by exact tag, then by language, and falls back to English', async () => {
    expect(await loadStrings('es')).to.equal(es);
    expect(await loadStrings('es-MX')).to.equal(es);
    expect(await loadStrings('zh-CN')).to.equal(zhCN);
    expect(await loadStrings('zh-Hans')).to.equal(zhCN);
    expect(await loadStrings('zh-TW')).to.equal(en);
    expect(await loadStrings('fr')).to.equal(en);
    expect(await loadStrings('')).to.equal(en);
    expect(await loadStrings('__proto__')).to.equal(en);
  });

  it('Spanish and Chinese translate every string, none left in English', () => {
    for (const strings of [es, zhCN]) {
      expect(keys(strings).sort()).to.deep.equal(keys(en).sort());
      const same = keys(en).filter((key) => {
        const pick = (s: object) => key.split('.').reduce<any>((o, k) => o[k], s);
        const a = pick(en);
        const b = pick(strings);
        return typeof a === 'function' ? a('X', 2) === b('X', 2) : a === b;
      });
      // "Chat" is Spanish too, and "name: text" needs no words (Chinese uses a full-width colon).
      const alike = strings === es ? ['chat', 'announceMessage'] : [];
      expect(same, 'strings identical to English').to.deep.equal(alike);
    }
  });

  it('lang="es" on the element shows Spanish, and its errors come in Spanish', async () => {
    const el = await fixture<VideoChatRoom>(html`<video-chat-room lang="es" room="" autojoin="off"></video-chat-room>`);
    expect(shadow(el).querySelector('button[data-action=join]')?.textContent?.trim()).to.equal(es.join);
    const error = oneEvent(el, 'error');
    void el.join();
    expect((await error).detail.message).to.equal(es.errors['invalid-room']);
    await el.updateComplete;
    expect(shadow(el).querySelector('[role=alert]')?.textContent?.trim()).to.equal(es.errors['invalid-room']);
  });

  it('an ancestor lang applies, and an unknown one gives English', async () => {
    const zh = await fixture<HTMLElement>(
      html`<div lang="zh-CN"><video-chat-room room="r" autojoin="off"></video-chat-room></div>`,
    );
    const inChinese = zh.querySelector('video-chat-room')!;
    await inChinese.updateComplete;
    expect(shadow(inChinese).querySelector('button[data-action=join]')?.textContent?.trim()).to.equal(zhCN.join);
    const unknown = await fixture<VideoChatRoom>(html`<video-chat-room lang="tlh" room="r" autojoin="off"></video-chat-room>`);
    expect(shadow(unknown).querySelector('button[data-action=join]')?.textContent?.trim()).to.equal(en.join);
  });
});
