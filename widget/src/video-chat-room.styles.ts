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
  /* A shared screen is shown as it is: not mirrored, not cropped. */
  .local[data-screen='on'] video {
    transform: none;
    object-fit: contain;
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
