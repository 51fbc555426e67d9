import { html, nothing, type TemplateResult } from 'lit';
import type { DeviceKind, DeviceLists } from '../media/devices.js';
import type { Strings } from '../i18n/en.js';

export interface DevicePickersProps {
  devices: DeviceLists;
  selected: Partial<Record<DeviceKind, string>>;
  /** Whether speakers can be picked (`setSinkId`). */
  speakers: boolean;
  /** The camera cannot change now (while the screen is shared). */
  cameraLocked?: boolean;
  strings: Strings;
  onSelect(kind: DeviceKind, deviceId: string): void;
}

/** Camera, microphone and speaker pickers; a kind with no device gets no picker. */
export function devicePickers(props: DevicePickersProps): TemplateResult {
  const { strings } = props;
  const picker = (kind: DeviceKind, label: string, disabled = false) => {
    const list = props.devices[kind];
    if (!list.length) return nothing;
    return html`<label class="picker" part="device-picker">
      <span>${label}</span>
      <select
        data-device-kind=${kind}
        ?disabled=${disabled}
        @change=${(e: Event) => props.onSelect(kind, (e.currentTarget as HTMLSelectElement).value)}
      >
        ${list.map((d) => html`<option value=${d.deviceId} ?selected=${d.deviceId === props.selected[kind]}>${d.label}</option>`)}
      </select>
    </label>`;
  };
  return html`<div class="pickers">
    ${picker('videoinput', strings.camera, props.cameraLocked)} ${picker('audioinput', strings.microphone)}
    ${props.speakers ? picker('audiooutput', strings.speaker) : nothing}
  </div>`;
}
