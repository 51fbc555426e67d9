import { css } from 'lit';

/** The device pickers' and name field's styles, shared by the prejoin step's and the in-call pickers' chunks. */
export const devicePickerStyles = css`
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
    border: 1px solid rgb(var(--_ink) / 25%);
    border-radius: var(--vcr-radius, 8px);
    background: var(--_field);
    min-width: 0;
  }
  .picker select option {
    color: initial;
  }
`;
