/**
 * The in-call device pickers' code, a chunk of its own: loaded the first time
 * someone opens them.
 */
export { canPickSpeaker, listDevices } from '../media/devices.js';
export { devicePickers } from './device-pickers.js';
export { devicePickerStyles as styles } from './device-pickers.styles.js';
