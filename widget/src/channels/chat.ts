import { MAX_CHAT_LENGTH, newMessageId, type ChannelMessage } from './channel-messages.js';
import { RateLimit } from './rate-limit.js';

/** Messages kept for the chat panel; older ones scroll away. */
export const CHAT_HISTORY_LIMIT = 200;
/** Messages a person may send per second, after a burst of {@link CHAT_BURST}. */
export const CHAT_RATE_PER_SECOND = 2;
export const CHAT_BURST = 8;

export interface ChatAuthor {
  id: string;
  displayName: string;
}

export interface ChatMessage {
  id: string;
  from: ChatAuthor;
  /** Plain text: always rendered as text, never as HTML. */
  text: string;
  /** Sender's clock, milliseconds since 1970. */
  sentAt: number;
  /** Written on this page. */
  local: boolean;
}

export type ChatRefusal = 'empty' | 'too-long' | 'rate-limited';

// Control characters (but newline and tab) and bidirectional overrides, which
// could make a message display as something else.
// eslint-disable-next-line no-control-regex
const HIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g;

/** The text as it will be sent and shown. */
export function normaliseChatText(text: string): string {
  return text.replace(HIDDEN, '').trim();
}

/**
 * The room's conversation as seen from this page: what was said since this
 * page joined (nothing is stored on the server), each peer held to a rate.
 */
export class Chat {
  #messages: readonly ChatMessage[] = [];
  readonly #ownRate = new RateLimit(CHAT_RATE_PER_SECOND, CHAT_BURST);
  readonly #peerRates = new Map<string, RateLimit>();

  get messages(): readonly ChatMessage[] {
    return this.#messages;
  }

  /** A message of ours ready to send, or why not. */
  compose(text: string, self: ChatAuthor): { message: ChatMessage; wire: ChannelMessage } | { refused: ChatRefusal } {
    const clean = normaliseChatText(text);
    if (!clean) return { refused: 'empty' };
    if (clean.length > MAX_CHAT_LENGTH) return { refused: 'too-long' };
    if (!this.#ownRate.take()) return { refused: 'rate-limited' };
    const message: ChatMessage = { id: newMessageId(), from: author(self), text: clean, sentAt: Date.now(), local: true };
    this.#add(message);
    return { message, wire: { t: 'chat', id: message.id, text: clean, sentAt: message.sentAt } };
  }

  /** A message from a peer, or undefined if it is over their rate or a repeat. */
  receive(from: ChatAuthor, wire: Extract<ChannelMessage, { t: 'chat' }>): ChatMessage | undefined {
    let rate = this.#peerRates.get(from.id);
    if (!rate) this.#peerRates.set(from.id, (rate = new RateLimit(CHAT_RATE_PER_SECOND, CHAT_BURST)));
    if (!rate.take()) return undefined;
    if (this.#messages.some((m) => m.id === wire.id && m.from.id === from.id)) return undefined;
    const text = normaliseChatText(wire.text);
    if (!text) return undefined;
    const message: ChatMessage = { id: wire.id, from: author(from), text, sentAt: wire.sentAt, local: false };
    this.#add(message);
    return message;
  }

  #add(message: ChatMessage): void {
    this.#messages = [...this.#messages, message].slice(-CHAT_HISTORY_LIMIT);
  }
}

/** Only the author's id and name, whatever else the object carries. */
function author({ id, displayName }: ChatAuthor): ChatAuthor {
  return { id, displayName };
}
