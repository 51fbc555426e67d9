import { css } from 'lit';

/** The prejoin panel's styles, in the prejoin step's chunk (the device pickers bring their own). */
export const prejoinPanelStyles = css`
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
    background: rgb(var(--_ink) / 20%);
    overflow: hidden;
  }
  .level-bar {
    display: block;
    height: 100%;
    inline-size: 0;
    background: var(--_accent);
    transition: inline-size 80ms linear;
  }
`;
