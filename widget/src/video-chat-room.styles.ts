import { css } from 'lit';

/**
 * Host pages restyle everything they can reach, and inherited properties
 * (font, colour, line-height, direction, letter-spacing, text-transform…)
 * cross the shadow boundary: the host drops them all (`all: initial`, plus
 * `direction`, which `all` leaves alone) and sets its own baseline from
 * `--vcr-*` custom properties. The page's own rules for the element itself
 * (size, margin) still win, as they should.
 */
export const styles = css`
  :host {
    all: initial;
    direction: var(--vcr-direction, ltr);
    display: block;
    position: relative;
    box-sizing: border-box;
    min-height: var(--vcr-min-height, 320px);
    background: var(--vcr-background, #111);
    color: var(--vcr-foreground, #f5f5f5);
    font-family: var(--vcr-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    font-size: var(--vcr-font-size, 14px);
    font-weight: normal;
    font-style: normal;
    line-height: 1.4;
    letter-spacing: normal;
    text-align: start;
    overflow: hidden;
    border-radius: var(--vcr-radius, 8px);
    contain: content;
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  .room {
    display: flex;
    flex-direction: column;
    height: 100%;
    min-height: inherit;
    container-type: inline-size;
  }
  .main {
    flex: 1;
    display: flex;
    min-height: 0;
    position: relative;
  }
  .main > .stage,
  .main > .message {
    flex: 1;
    min-width: 0;
  }
  .panel {
    flex: 0 0 var(--vcr-panel-width, 300px);
    display: flex;
    flex-direction: column;
    min-height: 0;
    max-height: 100%;
    border-inline-start: 1px solid rgb(255 255 255 / 12%);
    background: var(--vcr-panel-background, #181818);
  }
  /* On a narrow element the panel covers the stage instead of squeezing it. */
  @container (max-width: 560px) {
    .panel {
      position: absolute;
      inset: 0;
      z-index: 2;
    }
  }
  .messages,
  .transfers {
    list-style: none;
    margin: 0;
    padding: 8px;
    overflow-y: auto;
  }
  .messages {
    flex: 1;
    display: flex;
    flex-direction: column;
    gap: 8px;
  }
  .chat-message {
    overflow-wrap: anywhere;
  }
  .chat-author {
    font-weight: 600;
  }
  .chat-time {
    margin-inline-start: 6px;
    opacity: 0.7;
    font-size: 0.85em;
  }
  .chat-text {
    margin: 2px 0 0;
    white-space: pre-wrap;
    unicode-bidi: plaintext;
  }
  .transfers {
    flex: 0 1 auto;
    max-height: 40%;
    border-top: 1px solid rgb(255 255 255 / 12%);
  }
  .transfer {
    display: grid;
    grid-template-columns: 1fr auto;
    gap: 2px 8px;
    align-items: center;
    padding: 4px 0;
  }
  .transfer-name {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    unicode-bidi: isolate;
  }
  .transfer-meta,
  .transfer-status {
    font-size: 0.85em;
    opacity: 0.8;
  }
  .transfer progress {
    width: 100%;
  }
  .transfer a {
    color: var(--vcr-link, #9cc0ff);
  }
  .compose {
    display: flex;
    gap: 6px;
    padding: 8px;
    border-top: 1px solid rgb(255 255 255 / 12%);
  }
  .compose textarea {
    all: revert;
    flex: 1;
    min-width: 0;
    resize: none;
    font: inherit;
    color: inherit;
    padding: 6px 8px;
    border: 1px solid rgb(255 255 255 / 25%);
    border-radius: var(--vcr-radius, 8px);
    background: rgb(0 0 0 / 30%);
  }
  .attach {
    display: grid;
    place-items: center;
    padding: 0 8px;
    cursor: pointer;
    border: 1px solid rgb(255 255 255 / 25%);
    border-radius: var(--vcr-radius, 8px);
    position: relative;
  }
  .attach input {
    position: absolute;
    inset: 0;
    opacity: 0;
    width: 100%;
    cursor: pointer;
  }
  .attach:focus-within {
    outline: 2px solid var(--vcr-accent, #2f6fed);
    outline-offset: 2px;
  }
  .badge {
    display: inline-block;
    min-width: 1.4em;
    margin-inline-start: 6px;
    padding: 0 4px;
    border-radius: 999px;
    background: var(--vcr-danger, #d93838);
    font-size: 0.8em;
    text-align: center;
  }
  .avatar {
    position: absolute;
    inset: 0;
    display: grid;
    place-items: center;
    font-size: 2.4em;
    font-weight: 600;
    background: var(--vcr-tile-background, #222);
  }
  .tile[data-speaking='yes'] {
    outline: 3px solid var(--vcr-speaking, #3ddc84);
    outline-offset: -3px;
  }
  .quality {
    position: absolute;
    top: 6px;
    inset-inline-end: 6px;
    display: inline-flex;
    padding: 2px;
    border-radius: 4px;
    background: rgb(0 0 0 / 45%);
  }
  .tile[data-quality='good'] .quality {
    color: #3ddc84;
  }
  .tile[data-quality='fair'] .quality {
    color: #f4c430;
  }
  .tile[data-quality='poor'] .quality {
    color: #ff6b6b;
  }
  .muted-icon {
    display: inline-flex;
    vertical-align: -2px;
    margin-inline-end: 4px;
    color: var(--vcr-danger-text, #ffb4b4);
  }
  .prejoin {
    flex: 1;
    display: grid;
    grid-template-columns: minmax(0, 3fr) minmax(220px, 2fr);
    gap: 16px;
    align-items: center;
    padding: 16px;
  }
  @container (max-width: 560px) {
    .prejoin {
      grid-template-columns: 1fr;
      padding: 8px;
    }
  }
  .prejoin-preview {
    aspect-ratio: 16 / 9;
    width: 100%;
  }
  .prejoin-form {
    display: flex;
    flex-direction: column;
    gap: 10px;
  }
  .prejoin-title {
    margin: 0;
    font-size: 1.3em;
    font-weight: 600;
  }
  .level {
    position: absolute;
    inset-inline: 8px;
    bottom: 8px;
    height: 6px;
    border-radius: 3px;
    background: rgb(255 255 255 / 20%);
    overflow: hidden;
  }
  .level-bar {
    display: block;
    height: 100%;
    inline-size: 0;
    background: var(--vcr-accent, #2f6fed);
    transition: inline-size 80ms linear;
  }
  .pickers {
    display: flex;
    flex-direction: column;
    gap: 8px;
  }
  .picker {
    display: flex;
    flex-direction: column;
    gap: 2px;
    font-size: 0.9em;
  }
  .picker select,
  .picker input {
    all: revert;
    font: inherit;
    color: inherit;
    padding: 6px 8px;
    border: 1px solid rgb(255 255 255 / 25%);
    border-radius: var(--vcr-radius, 8px);
    background: rgb(0 0 0 / 30%);
    min-width: 0;
  }
  .picker select option {
    color: initial;
  }
  .devices {
    position: absolute;
    inset-inline-end: 8px;
    bottom: 8px;
    z-index: 3;
    width: min(320px, calc(100% - 16px));
    padding: 12px;
    border-radius: var(--vcr-radius, 8px);
    background: var(--vcr-panel-background, #181818);
    box-shadow: 0 4px 16px rgb(0 0 0 / 50%);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  .stage {
    flex: 1;
    display: grid;
    gap: 6px;
    padding: 6px;
    grid-template-columns: 1fr;
    grid-auto-rows: 1fr;
    min-height: 0;
  }
  .stage[data-count='2'],
  .stage[data-count='3'],
  .stage[data-count='4'] {
    grid-template-columns: repeat(2, 1fr);
  }
  .stage[data-count='5'],
  .stage[data-count='6'],
  .stage[data-count='7'],
  .stage[data-count='8'],
  .stage[data-count='9'] {
    grid-template-columns: repeat(3, 1fr);
  }
  .tile {
    position: relative;
    margin: 0;
    min-width: 0;
    min-height: 0;
    overflow: hidden;
    border-radius: var(--vcr-radius, 8px);
    background: var(--vcr-tile-background, #222);
  }
  video {
    display: block;
    width: 100%;
    height: 100%;
    object-fit: cover;
    background: transparent;
  }
  .local video {
    transform: scaleX(-1);
  }
  /* A shared screen is shown as it is: not mirrored, not cropped, and in the large slot. */
  .tile[data-screen='on'] video {
    transform: none;
    object-fit: contain;
  }
  .stage:not([data-count='1']) .tile[data-peer-id][data-screen='on'] {
    grid-column: 1 / -1;
    grid-row: span 2;
    order: -1;
  }
  figcaption {
    position: absolute;
    inset-inline-start: 6px;
    bottom: 6px;
    max-width: calc(100% - 12px);
    padding: 2px 8px;
    border-radius: 4px;
    background: rgb(0 0 0 / 55%);
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .link-state {
    position: absolute;
    inset: 0;
    display: grid;
    place-items: center;
    color: var(--vcr-foreground, #f5f5f5);
  }
  .message,
  .overlay {
    margin: 0;
    padding: 16px;
    text-align: center;
  }
  .message {
    flex: 1;
    display: grid;
    place-items: center;
  }
  .overlay {
    position: absolute;
    top: 8px;
    inset-inline: 0;
    pointer-events: none;
  }
  .error {
    color: var(--vcr-danger-text, #ffb4b4);
  }
  .notice {
    margin: 0 6px;
    padding: 6px 10px;
    border-radius: 4px;
    background: rgb(255 255 255 / 10%);
  }
  .unmute {
    position: absolute;
    top: 50%;
    left: 50%;
    transform: translate(-50%, -50%);
    z-index: 1;
  }
  .controls {
    display: flex;
    flex-wrap: wrap;
    justify-content: center;
    gap: 8px;
    padding: 8px;
  }
  button {
    all: revert;
    font: inherit;
    color: inherit;
    cursor: pointer;
    padding: 8px 14px;
    border: 1px solid rgb(255 255 255 / 25%);
    border-radius: var(--vcr-radius, 8px);
    background: rgb(255 255 255 / 8%);
  }
  button[aria-pressed='true'] {
    background: rgb(255 255 255 / 22%);
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.5;
  }
  button:focus-visible {
    outline: 2px solid var(--vcr-accent, #2f6fed);
    outline-offset: 2px;
  }
  .primary {
    background: var(--vcr-accent, #2f6fed);
    border-color: transparent;
  }
  .danger {
    background: var(--vcr-danger, #d93838);
    border-color: transparent;
  }
`;
