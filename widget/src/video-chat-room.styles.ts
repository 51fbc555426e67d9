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
    /* Colours: the page's --vcr-* values, else the theme's. */
    --_background: var(--vcr-background, #111);
    --_foreground: var(--vcr-foreground, #f5f5f5);
    --_accent: var(--vcr-accent, #2563eb);
    --_danger: var(--vcr-danger, #c93030);
    --_danger-text: var(--vcr-danger-text, #ffb4b4);
    --_link: var(--vcr-link, #9cc0ff);
    --_panel-background: var(--vcr-panel-background, #181818);
    --_tile-background: var(--vcr-tile-background, #222);
    --_speaking: var(--vcr-speaking, #3ddc84);
    /* Lines and raised surfaces are the foreground's colour, faint. */
    --_ink: 255 255 255;
    --_field: rgb(0 0 0 / 30%);
    color-scheme: dark;
    direction: var(--vcr-direction, ltr);
    display: block;
    position: relative;
    box-sizing: border-box;
    min-height: var(--vcr-min-height, 320px);
    background: var(--_background);
    color: var(--_foreground);
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
  :host([theme='light']) {
    --_background: var(--vcr-background, #f7f7f8);
    --_foreground: var(--vcr-foreground, #1b1b1f);
    --_accent: var(--vcr-accent, #1f5fd6);
    --_danger: var(--vcr-danger, #c62828);
    --_danger-text: var(--vcr-danger-text, #b3261e);
    --_link: var(--vcr-link, #1f5fd6);
    --_panel-background: var(--vcr-panel-background, #ffffff);
    --_tile-background: var(--vcr-tile-background, #e4e4e7);
    --_speaking: var(--vcr-speaking, #15803d);
    --_ink: 0 0 0;
    --_field: #fff;
    color-scheme: light;
  }
  @media (prefers-color-scheme: light) {
    :host([theme='auto']) {
      --_background: var(--vcr-background, #f7f7f8);
      --_foreground: var(--vcr-foreground, #1b1b1f);
      --_accent: var(--vcr-accent, #1f5fd6);
      --_danger: var(--vcr-danger, #c62828);
      --_danger-text: var(--vcr-danger-text, #b3261e);
      --_link: var(--vcr-link, #1f5fd6);
      --_panel-background: var(--vcr-panel-background, #ffffff);
      --_tile-background: var(--vcr-tile-background, #e4e4e7);
      --_speaking: var(--vcr-speaking, #15803d);
      --_ink: 0 0 0;
      --_field: #fff;
      color-scheme: light;
    }
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
  .badge {
    display: inline-block;
    min-width: 1.4em;
    margin-inline-start: 6px;
    padding: 0 4px;
    border-radius: 999px;
    background: var(--_danger);
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
    background: var(--_tile-background);
  }
  .tile[data-speaking='yes'] {
    outline: 3px solid var(--_speaking);
    outline-offset: -3px;
  }
  .tile-actions {
    position: absolute;
    top: 6px;
    inset-inline-start: 6px;
    display: flex;
    gap: 4px;
    opacity: 0;
    transition: opacity 120ms;
  }
  .tile:hover .tile-actions,
  .tile:focus-within .tile-actions {
    opacity: 1;
  }
  .tile-actions button {
    padding: 4px;
    background: rgb(0 0 0 / 55%);
    color: #fff;
    border-color: transparent;
  }
  .tile:fullscreen video {
    object-fit: contain;
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
    color: var(--_danger-text);
  }
  .devices {
    position: absolute;
    inset-inline-end: 8px;
    bottom: 8px;
    z-index: 3;
    width: min(320px, calc(100% - 16px));
    padding: 12px;
    border-radius: var(--vcr-radius, 8px);
    background: var(--_panel-background);
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
    background: var(--_tile-background);
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
    color: #fff;
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
    color: var(--_foreground);
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
    color: var(--_danger-text);
  }
  .notice {
    margin: 0 6px;
    padding: 6px 10px;
    border-radius: 4px;
    background: rgb(var(--_ink) / 10%);
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
    border: 1px solid rgb(var(--_ink) / 25%);
    border-radius: var(--vcr-radius, 8px);
    background: rgb(var(--_ink) / 8%);
  }
  .controls button {
    display: inline-flex;
    align-items: center;
    gap: 6px;
  }
  .icon {
    flex: none;
  }
  /* On a narrow element the controls keep their icons; the words stay for screen readers. */
  @container (max-width: 620px) {
    .controls .label {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
      white-space: nowrap;
    }
    .controls button {
      padding: 8px 10px;
    }
  }
  button[aria-pressed='true'] {
    background: rgb(var(--_ink) / 22%);
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.5;
  }
  button:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .primary,
  .danger {
    color: #fff;
  }
  .primary {
    background: var(--_accent);
    border-color: transparent;
  }
  .danger {
    background: var(--_danger);
    border-color: transparent;
  }
`;
