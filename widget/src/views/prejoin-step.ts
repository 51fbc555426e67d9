/**
 * The prejoin step's code, a chunk of its own: loaded when the step opens, so
 * a page that skips it (`prejoin="off"`) never downloads it.
 */
export { PrejoinPreview } from '../media/prejoin-preview.js';
export { prejoinPanel, type PrejoinPanelProps } from './prejoin-panel.js';
import { devicePickerStyles } from './device-pickers.styles.js';
import { prejoinPanelStyles } from './prejoin-panel.styles.js';
export const styles = [prejoinPanelStyles, devicePickerStyles];
