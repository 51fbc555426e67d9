import { html, nothing, type TemplateResult } from 'lit';
import type { Strings } from '../i18n/en.js';
import { errorText } from '../i18n/strings-for.js';
import type { SessionState } from '../session/session-state.js';

/** Where the visit stands, in the stage's place while there is no stage: the room's name, joining, left, or why it failed. */
export function statusMessage(state: SessionState, t: Strings, room: string): TemplateResult {
  if (state.status === 'error') {
    return html`<p class="message error" part="message" role="alert">${state.error ? errorText(state.error, t) : nothing}</p>`;
  }
  if (state.status === 'left') return html`<p class="message" part="message" role="status">${t.left}</p>`;
  if (state.status === 'joining' || state.status === 'joined') {
    return html`<p class="message" part="message" role="status">${t.joining}</p>`;
  }
  return html`<p class="message" part="message">${room}</p>`;
}

/** The line under the stage for a problem the call goes on through (the newest), or for rejoining the server. */
export function noticeLine(state: SessionState, t: Strings): TemplateResult | typeof nothing {
  if (state.reconnecting) return html`<p class="notice reconnecting" part="message" role="status">${t.reconnecting}</p>`;
  const newest = state.notices[state.notices.length - 1];
  return newest ? html`<p class="notice" part="message" role="status">${errorText(newest, t)}</p>` : nothing;
}

/** The "Enable sound" button, shown while the browser holds the call's sound back. */
export function unmutePrompt(t: Strings, resume: () => void): TemplateResult {
  return html`<button part="button unmute-prompt" class="primary unmute" data-action="enable-sound" @click=${resume}>
    ${t.enableSound}
  </button>`;
}
