import type { ReactiveControllerHost } from 'lit';
import type { VideoChatRoomEventMap } from '../events.js';
import type { Strings } from '../i18n/en.js';

/**
 * What a screen reader hears through the element's live region: someone
 * joined, someone left, a message from someone else.
 */
export class AnnouncerController {
  /** What the live region says now. */
  text = '';

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly strings: () => Strings,
  ) {
    const on = <K extends keyof VideoChatRoomEventMap>(name: K, say: (event: VideoChatRoomEventMap[K]) => string | undefined) =>
      host.addEventListener(name, (event) => {
        const text = say(event as VideoChatRoomEventMap[K]);
        if (text !== undefined) this.#announce(text);
      });
    const nameOf = (displayName: string) => displayName || this.strings().guest;
    on('participant-join', (e) => this.strings().announceJoin(nameOf(e.detail.displayName)));
    on('participant-leave', (e) => this.strings().announceLeave(nameOf(e.detail.displayName)));
    on('chat-message', (e) =>
      e.detail.local ? undefined : this.strings().announceMessage(nameOf(e.detail.from.displayName), e.detail.text),
    );
  }

  #announce(text: string): void {
    this.text = text;
    this.host.requestUpdate();
  }
}
