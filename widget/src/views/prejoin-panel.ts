import { html, type TemplateResult } from 'lit';
import { DISPLAY_NAME_MAX_LENGTH } from '../../../protocol/room-protocol.js';
import { errorText } from '../i18n/strings-for.js';
import type { Strings } from '../i18n/en.js';
import { canPickSpeaker, type DeviceKind } from '../media/devices.js';
import type { PrejoinPreview } from '../media/prejoin-preview.js';
import { devicePickers } from './device-pickers.js';
import { srcObject } from './src-object.js';

export interface PrejoinPanelProps {
  preview: PrejoinPreview;
  displayName: string;
  strings: Strings;
  onSelect(kind: DeviceKind, deviceId: string): void;
  onJoin(displayName: string): void;
}

/** Before joining: see yourself, hear your level, pick devices, say your name, join. */
export function prejoinPanel(props: PrejoinPanelProps): TemplateResult {
  const { preview, strings } = props;
  const media = preview.media;
  const stream = media?.isEnabled('video') ? media.stream : null;
  return html`
    <form
      class="prejoin"
      part="prejoin"
      @submit=${(e: SubmitEvent) => {
        e.preventDefault();
        const name = (e.currentTarget as HTMLFormElement).elements.namedItem('display-name') as HTMLInputElement;
        preview.resumeAudio();
        props.onJoin(name.value);
      }}
    >
      <div class="prejoin-preview tile local" part="tile tile-local">
        ${
          stream
            ? html`<video part="video" ${srcObject(stream)} .muted=${true} autoplay playsinline></video>`
            : html`<span class="avatar" part="avatar">${strings.noPreview}</span>`
        }
        <span
          class="level"
          part="level"
          role="progressbar"
          aria-label=${strings.microphoneLevel}
          aria-valuemin="0"
          aria-valuemax="100"
        >
          <span class="level-bar"></span>
        </span>
      </div>
      <div class="prejoin-form">
        <p class="prejoin-title">${strings.readyToJoin}</p>
        ${preview.problem ? html`<p class="notice" part="message" role="status">${errorText(preview.problem, strings)}</p>` : ''}
        <label class="picker" part="name-field">
          <span>${strings.yourName}</span>
          <input name="display-name" maxlength=${DISPLAY_NAME_MAX_LENGTH} autocomplete="name" .value=${props.displayName} />
        </label>
        ${devicePickers({
          devices: preview.devices,
          selected: { ...media?.devices, audiooutput: preview.speaker },
          speakers: canPickSpeaker(),
          strings,
          onSelect: props.onSelect,
        })}
        <button part="button" class="primary" type="submit" data-action="join">${strings.join}</button>
      </div>
    </form>
  `;
}
