import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { MAX_CHAT_LENGTH } from '../../../protocol/room-protocol.js';
import type { ChatMessage } from '../channels/chat.js';
import type { TransferView } from '../channels/file-transfer.js';
import type { Strings } from '../i18n/en.js';

export { chatPanelStyles } from './chat-panel.styles.js';

export interface ChatPanelProps {
  messages: readonly ChatMessage[];
  transfers: readonly TransferView[];
  chat: boolean;
  files: boolean;
  strings: Strings;
  /** Name of a participant by id, for transfers. */
  nameOf(peerId: string): string;
  onSend(text: string): void;
  onPickFiles(files: File[]): void;
  onCancel(id: string): void;
}

/** The side panel: what was said, files on their way, and the box to write in. */
export function chatPanel(props: ChatPanelProps): TemplateResult {
  const { strings } = props;
  return html`
    <aside class="panel" part="chat" aria-label=${strings.chat}>
      <ol class="messages" part="chat-messages" aria-label=${strings.chat}>
        ${repeat(
          props.messages,
          (m) => `${m.from.id} ${m.id}`,
          (m) => html`
            <li class="chat-message" part="chat-message" data-local=${m.local ? 'yes' : 'no'}>
              <span class="chat-author" part="chat-author">${m.local ? strings.you : m.from.displayName || strings.guest}</span>
              <time class="chat-time" datetime=${new Date(m.sentAt).toISOString()}>${clock(m.sentAt)}</time>
              <p class="chat-text" part="chat-text">${m.text}</p>
            </li>
          `,
        )}
      </ol>
      ${
        props.transfers.length
          ? html`<ul class="transfers" part="transfers" aria-label=${strings.files}>
              ${repeat(
                props.transfers,
                (t) => t.id,
                (t) => transferRow(t, props),
              )}
            </ul>`
          : nothing
      }
      ${
        props.chat || props.files
          ? html`<form
              class="compose"
              part="chat-form"
              @submit=${(event: SubmitEvent) => {
                event.preventDefault();
                const form = event.currentTarget as HTMLFormElement;
                const input = form.elements.namedItem('text') as HTMLTextAreaElement | null;
                if (!input?.value.trim()) return;
                props.onSend(input.value);
                input.value = '';
              }}
            >
              ${
                props.files
                  ? html`<label class="attach" part="button attach" title=${strings.sendFile}>
                      <input
                        type="file"
                        multiple
                        data-action="pick-file"
                        aria-label=${strings.sendFile}
                        @change=${(event: Event) => {
                          const input = event.currentTarget as HTMLInputElement;
                          props.onPickFiles([...(input.files ?? [])]);
                          input.value = '';
                        }}
                      />
                      <span aria-hidden="true">${attachIcon}</span>
                    </label>`
                  : nothing
              }
              ${
                props.chat
                  ? html`<textarea
                        name="text"
                        part="chat-input"
                        rows="1"
                        maxlength=${MAX_CHAT_LENGTH}
                        aria-label=${strings.messagePlaceholder}
                        placeholder=${strings.messagePlaceholder}
                        @keydown=${(event: KeyboardEvent) => {
                          if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
                          event.preventDefault();
                          (event.currentTarget as HTMLTextAreaElement).form?.requestSubmit();
                        }}
                      ></textarea>
                      <button part="button" type="submit" data-action="send-message">${strings.send}</button>`
                  : nothing
              }
            </form>`
          : nothing
      }
    </aside>
  `;
}

function transferRow(t: TransferView, props: ChatPanelProps): TemplateResult {
  const { strings } = props;
  const active = t.status === 'sending' || t.status === 'receiving' || t.status === 'verifying';
  const who = props.nameOf(t.peerId);
  return html`
    <li class="transfer" part="transfer" data-transfer-id=${t.id} data-status=${t.status} data-direction=${t.direction}>
      <span class="transfer-name" part="transfer-name">${t.name}</span>
      <span class="transfer-meta"
        >${t.direction === 'send' ? strings.toPerson(who) : strings.fromPerson(who)} · ${bytes(t.size)}</span
      >
      ${
        active
          ? html`<progress part="progress" max=${t.size || 1} .value=${t.bytes} aria-label=${t.name}></progress>
              <button part="button" type="button" data-action="cancel-file" @click=${() => props.onCancel(t.id)}>
                ${strings.cancel}
              </button>`
          : t.status === 'done' && t.url
            ? html`<a part="download" href=${t.url} download=${t.name} rel="noopener">${strings.download}</a>`
            : html`<span class="transfer-status">${strings.transferStatus[t.status]}</span>`
      }
    </li>
  `;
}

function clock(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

export function bytes(n: number): string {
  if (n < 1000) return `${n} B`;
  const units = ['kB', 'MB', 'GB'];
  let value = n / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

const attachIcon = html`<svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
  <path
    fill="currentColor"
    d="M16.5 6v11.5a4 4 0 0 1-8 0V5a2.5 2.5 0 0 1 5 0v10.5a1 1 0 0 1-2 0V6H10v9.5a2.5 2.5 0 0 0 5 0V5a4 4 0 0 0-8 0v12.5a5.5 5.5 0 0 0 11 0V6h-1.5Z"
  />
</svg>`;
