import { html, nothing, svg, type TemplateResult } from 'lit';
import type { Strings } from '../i18n/en.js';
import type { Participant } from '../session/session-state.js';
import { icon } from './icons.js';
import { srcObject } from './src-object.js';

/** Up to two letters standing for a name on a tile without video. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return letters.map((w) => [...w][0]?.toLocaleUpperCase() ?? '').join('') || '?';
}

/** A remote participant's tile: video, name, and what they told us about their microphone, camera and screen. */
export interface TileActions {
  fullscreen(tile: HTMLElement): void;
  pictureInPicture(video: HTMLVideoElement): void;
}

export function participantTile(
  participant: Participant,
  strings: Strings,
  activeSpeaker = false,
  actions?: TileActions,
): TemplateResult {
  const name = participant.displayName || strings.guest;
  const media = participant.media;
  const linkLabel = participant.link === 'failed' || participant.link === 'closed' ? strings.connectionLost : strings.connecting;
  const cameraOff = media ? !media.video : false;
  return html`
    <figure
      class="tile"
      part="tile"
      data-peer-id=${participant.id}
      data-link=${participant.link}
      data-screen=${media?.screen ? 'on' : 'off'}
      data-camera=${cameraOff ? 'off' : 'on'}
      data-speaking=${activeSpeaker ? 'yes' : 'no'}
      data-quality=${participant.quality ?? 'unknown'}
    >
      <video part="video" ${srcObject(participant.stream ?? null)} autoplay playsinline></video>
      ${cameraOff ? html`<span class="avatar" part="avatar" aria-hidden="true">${initials(name)}</span>` : nothing}
      <figcaption part="name">
        ${
          media && !media.audio
            ? html`<span class="muted-icon" part="muted-icon" role="img" aria-label=${strings.microphoneMuted}
                >${mutedIcon}</span
              >`
            : nothing
        }<span class="name-text">${name}</span>
      </figcaption>
      ${
        participant.quality
          ? html`<span class="quality" part="quality" role="img" aria-label=${strings.quality[participant.quality]}
              >${qualityBars(participant.quality)}</span
            >`
          : nothing
      }
      ${participant.link === 'connected' ? nothing : html`<span class="link-state">${linkLabel}</span>`}
      ${
        actions && participant.stream
          ? html`<span class="tile-actions" part="tile-actions">
              ${
                document.fullscreenEnabled
                  ? html`<button
                      part="button"
                      type="button"
                      data-action="tile-fullscreen"
                      aria-label=${`${strings.fullscreen}: ${name}`}
                      title=${strings.fullscreen}
                      @click=${(e: Event) => actions.fullscreen((e.currentTarget as HTMLElement).closest('figure')!)}
                    >
                      ${icon('fullscreen')}
                    </button>`
                  : nothing
              }
              ${
                document.pictureInPictureEnabled
                  ? html`<button
                      part="button"
                      type="button"
                      data-action="tile-pip"
                      aria-label=${`${strings.pictureInPicture}: ${name}`}
                      title=${strings.pictureInPicture}
                      @click=${(e: Event) =>
                        actions.pictureInPicture((e.currentTarget as HTMLElement).closest('figure')!.querySelector('video')!)}
                    >
                      ${icon('pip')}
                    </button>`
                  : nothing
              }
            </span>`
          : nothing
      }
    </figure>
  `;
}

/** Three bars, as many lit as the quality is good. */
function qualityBars(quality: 'good' | 'fair' | 'poor'): TemplateResult {
  const lit = quality === 'good' ? 3 : quality === 'fair' ? 2 : 1;
  return html`<svg viewBox="0 0 12 12" width="14" height="14" aria-hidden="true" focusable="false">
    ${[0, 1, 2].map(
      (i) =>
        svg`<rect x=${i * 4} y=${8 - i * 4} width="3" height=${4 + i * 4} fill="currentColor" opacity=${i < lit ? 1 : 0.3}></rect>`,
    )}
  </svg>`;
}

const mutedIcon = html`<svg viewBox="0 0 24 24" width="14" height="14" aria-hidden="true" focusable="false">
  <path
    fill="currentColor"
    d="M12 14a3 3 0 0 0 3-3V5a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3Zm5-3a5 5 0 0 1-10 0H5a7 7 0 0 0 6 6.92V21h2v-3.08A7 7 0 0 0 19 11h-2Z"
  />
  <path stroke="currentColor" stroke-width="2" d="M4 3 20 21" />
</svg>`;
