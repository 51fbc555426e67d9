/**
 * The call's stage and its bar of buttons, a chunk of their own: loaded once
 * the element has joined, while the join's calls are placed, so the script a
 * page downloads before its first join does not carry them.
 */
export { callControls, type CallControlsProps } from './call-controls.js';
export { stage, type StageProps } from './stage.js';
