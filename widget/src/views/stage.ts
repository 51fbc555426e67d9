import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { Strings } from '../i18n/en.js';
import type { SessionState } from '../session/session-state.js';
import { participantTile, type TileActions } from './participant-tile.js';
import { srcObject } from './src-object.js';

export interface StageProps {
  state: SessionState;
  strings: Strings;
  /** Whether the self view may show yet (it waits for the join's calls). */
  selfView: boolean;
  tileActions: TileActions;
}

/** The call's stage: the own tile, one tile per participant, and a word while nobody else is there. */
export function stage({ state, strings: t, selfView, tileActions }: StageProps): TemplateResult {
  const count = state.participants.length + 1;
  const selfStream = selfView ? previewStream(state) : null;
  return html`
    <div class="stage" part="stage" data-count=${Math.min(count, 9)}>
      <figure class="tile local" part="tile tile-local" data-screen=${state.screenSharing ? 'on' : 'off'}>
        <video part="video" ${srcObject(selfStream)} .muted=${true} autoplay playsinline></video>
        <figcaption part="name">${state.self?.displayName || t.you}</figcaption>
      </figure>
      ${repeat(
        state.participants,
        (p) => p.id,
        (p) => participantTile(p, t, p.id === state.activeSpeaker, tileActions),
      )}
    </div>
    ${state.participants.length === 0 ? html`<p class="overlay" part="message" role="status">${t.waitingForOthers}</p>` : nothing}
  `;
}

/**
 * The local preview's stream while there is a picture to show (the camera or
 * a shared screen), or null: with the camera off (or none) the stream holds
 * only a blank picture for the calls, not worth a self view.
 */
function previewStream(state: SessionState): MediaStream | null {
  return state.cameraOn || state.screenSharing ? (state.localStream ?? null) : null;
}
