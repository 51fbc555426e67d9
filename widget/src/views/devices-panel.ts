/**
 * The in-call device pickers' code, a chunk of its own: loaded the first time
 * someone opens them.
 */
import { html, type TemplateResult } from 'lit';
import { canPickSpeaker } from '../media/devices.js';
import { devicePickers, type DevicePickersProps } from './device-pickers.js';

export { canPickSpeaker, listDevices } from '../media/devices.js';
export { devicePickers } from './device-pickers.js';
export { devicePickerStyles as styles } from './device-pickers.styles.js';

/** The pickers as shown during a call, beside the stage. */
export function inCallPickers(props: Omit<DevicePickersProps, 'speakers'>): TemplateResult {
  return html`<div class="devices" part="devices">${devicePickers({ ...props, speakers: canPickSpeaker() })}</div>`;
}
