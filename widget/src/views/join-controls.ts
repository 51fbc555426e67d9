import { html, type TemplateResult } from 'lit';
import type { Strings } from '../i18n/en.js';
import type { SessionState } from '../session/session-state.js';

/** The bar while joining: leaving is there from the start (a join can wait on a permission prompt). */
export function leaveOnlyControls(t: Strings, leave: () => void): TemplateResult {
  return html`
    <div class="controls" part="controls">
      <button part="button" class="danger" data-action="leave" @click=${leave}>${t.leave}</button>
    </div>
  `;
}

/** The bar before joining, after leaving or after an error: Join, Join again or Try again. */
export function joinControls(state: SessionState, t: Strings, join: () => void): TemplateResult {
  const label = state.status === 'left' ? t.rejoin : state.status === 'error' ? t.retry : t.join;
  return html`
    <div class="controls" part="controls">
      <button part="button" class="primary" data-action="join" @click=${join}>${label}</button>
    </div>
  `;
}
