import { expect, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { parseConfig } from '../src/config.js';
import type { VideoChatRoom } from '../src/video-chat-room.js';
import { joinedElement, shadow, uniqueRoom } from './helpers.js';

async function connectedPair(prefix: string): Promise<[VideoChatRoom, VideoChatRoom]> {
  const room = uniqueRoom(prefix);
  const first = await joinedElement(room, 'First');
  const second = await joinedElement(room, 'Second');
  // Chat needs the data connection, which opens shortly after the join: say hello until it is heard.
  let heard = false;
  first.addEventListener('chat-message', () => (heard = true), { once: true });
  for (let i = 0; i < 40 && !heard; i++) {
    second.sendMessage('ready?');
    await new Promise((r) => setTimeout(r, 250));
  }
  expect(heard, 'the data connection never opened').to.equal(true);
  first.toggleChat(false);
  second.toggleChat(false);
  return [first, second];
}

describe('chat and files in the element', () => {
  it('max-file-size takes bytes or kB/MB/GB and refuses nonsense', () => {
    const size = (value: string) => {
      const result = parseConfig({ room: 'r', maxFileSize: value }, 'https://x.example');
      return result.ok ? result.config.maxFileSize : result.error.code;
    };
    expect(size('2048')).to.equal(2048);
    expect(size('50MB')).to.equal(50_000_000);
    expect(size('1.5 GB')).to.equal(1_500_000_000);
    expect(size('10kb')).to.equal(10_000);
    expect(size('-1')).to.equal('invalid-attribute');
    expect(size('lots')).to.equal('invalid-attribute');
    expect(size('11GB')).to.equal('invalid-attribute');
  });

  it('a message typed and sent with Enter reaches the other element as text; the badge counts it', async () => {
    const [first, second] = await connectedPair('chat-keys');
    first.toggleChat(true);
    await first.updateComplete;
    const input = shadow(first).querySelector<HTMLTextAreaElement>('textarea[name=text]')!;
    input.focus();
    await sendKeys({ type: '<b>bold</b>' });
    const arrived = oneEvent(second, 'chat-message');
    await sendKeys({ press: 'Enter' });
    const { detail } = await arrived;
    expect(detail.text).to.equal('<b>bold</b>');
    expect(detail.from.displayName).to.equal('First');
    expect(input.value).to.equal('');
    await second.updateComplete;
    const badge = shadow(second).querySelector('[part=badge]');
    expect(badge?.textContent).to.equal('1');
    const chatButton = shadow(second).querySelector<HTMLButtonElement>('button[data-action=chat]')!;
    expect(chatButton.getAttribute('aria-label')).to.contain('1 unread message');
    // Keyboard: the chat button opens the panel with Enter, and the count clears.
    chatButton.focus();
    await sendKeys({ press: 'Enter' });
    await second.updateComplete;
    expect(chatButton.getAttribute('aria-pressed')).to.equal('true');
    expect(shadow(second).querySelector('[part=badge]')).to.equal(null);
    const text = shadow(second).querySelector('.chat-message[data-local=no] .chat-text');
    expect(text?.textContent).to.equal('<b>bold</b>');
    expect(text?.querySelector('b')).to.equal(null);
    // The panel's styles came with its chunk.
    expect(getComputedStyle(shadow(second).querySelector('.panel')!).display).to.equal('flex');
    // The live region read it out.
    expect(shadow(second).querySelector('[aria-live=polite]')?.textContent).to.contain('First: <b>bold</b>');
    first.remove();
    second.remove();
  });

  it('chat="off" hides the chat and refuses sendMessage() with chat-disabled', async () => {
    const [first, second] = await connectedPair('chat-off');
    first.setAttribute('chat', 'off');
    first.setAttribute('files', 'off');
    await first.updateComplete;
    expect(shadow(first).querySelector('button[data-action=chat]')).to.equal(null);
    const error = oneEvent(first, 'error');
    expect(first.sendMessage('hello')).to.equal(false);
    expect((await error).detail.code).to.equal('chat-disabled');
    // Nor does it take messages from others.
    let heard = 0;
    first.addEventListener('chat-message', () => heard++);
    second.sendMessage('anyone?');
    await new Promise((r) => setTimeout(r, 300));
    expect(heard).to.equal(0);
    first.remove();
    second.remove();
  });

  it('files="off" on the receiver refuses a file, and the sender is told', async () => {
    const [first, second] = await connectedPair('files-off');
    second.setAttribute('files', 'off');
    await second.updateComplete;
    const outcome = await first.sendFile(new Blob([new Uint8Array(10)])).then(
      () => 'sent',
      (e: { code: string; message: string }) => `${e.code} ${e.message}`,
    );
    expect(outcome).to.match(/^file-transfer-failed .*disabled/);
    await first.updateComplete;
    first.toggleChat(true);
    await first.updateComplete;
    expect(shadow(first).querySelector('.transfer')?.getAttribute('data-status')).to.equal('cancelled');
    first.remove();
    second.remove();
  });

  it('sendFile() before joining rejects with not-joined', async () => {
    const el = document.createElement('video-chat-room');
    el.setAttribute('room', uniqueRoom('not-joined'));
    el.setAttribute('autojoin', 'off');
    document.body.append(el);
    await el.updateComplete;
    const code = await el.sendFile(new Blob(['x'])).catch((e: { code: string }) => e.code);
    expect(code).to.equal('not-joined');
    el.remove();
  });
});
