import { css } from 'lit';

/** The chat panel's styles: they come with its chunk, adopted by the element as it loads (see adoptStyles). */
export const chatPanelStyles = css`
  .panel {
    flex: 0 0 var(--vcr-panel-width, 300px);
    display: flex;
    flex-direction: column;
    min-height: 0;
    max-height: 100%;
    border-inline-start: 1px solid rgb(var(--_ink) / 12%);
    background: var(--_panel-background);
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
    border-top: 1px solid rgb(var(--_ink) / 12%);
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
    color: var(--_link);
  }
  .compose {
    display: flex;
    gap: 6px;
    padding: 8px;
    border-top: 1px solid rgb(var(--_ink) / 12%);
  }
  .compose textarea {
    all: revert;
    flex: 1;
    min-width: 0;
    resize: none;
    font: inherit;
    color: inherit;
    padding: 6px 8px;
    border: 1px solid rgb(var(--_ink) / 25%);
    border-radius: var(--vcr-radius, 8px);
    background: var(--_field);
  }
  .attach {
    display: grid;
    place-items: center;
    padding: 0 8px;
    cursor: pointer;
    border: 1px solid rgb(var(--_ink) / 25%);
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
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
`;
