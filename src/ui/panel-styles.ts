/** The look every demo panel shares (headings, buttons, definition lists), themable by custom properties. */
import { css } from 'lit';

export const panelStyles = css`
  :host {
    display: block;
    box-sizing: border-box;
    padding: 1rem;
    border: 1px solid var(--l4r-border, #d5d9e0);
    border-radius: var(--l4r-radius, 8px);
    background: var(--l4r-panel-bg, #fff);
    color: var(--l4r-fg, #1d2230);
    min-width: 0;
  }
  h2 {
    font-size: 1.05rem;
    margin: 0 0 0.75rem;
  }
  h3 {
    font-size: 0.95rem;
    margin: 0.75rem 0 0.35rem;
  }
  p {
    margin: 0.35rem 0;
  }
  dl {
    display: grid;
    grid-template-columns: minmax(6rem, max-content) minmax(0, 1fr);
    gap: 0.25rem 0.75rem;
    margin: 0;
  }
  dt {
    color: var(--l4r-muted, #5b6270);
  }
  dd {
    margin: 0;
    overflow-wrap: anywhere;
    font-variant-numeric: tabular-nums;
  }
  button,
  select,
  input {
    font: inherit;
  }
  button {
    padding: 0.35rem 0.8rem;
    border-radius: 6px;
    border: 1px solid var(--l4r-accent, #3b6fd8);
    background: var(--l4r-accent, #3b6fd8);
    color: #fff;
    cursor: pointer;
  }
  button.secondary {
    background: transparent;
    color: var(--l4r-accent, #3b6fd8);
  }
  button.danger {
    border-color: var(--l4r-error, #b3261e);
    background: transparent;
    color: var(--l4r-error, #b3261e);
  }
  button:disabled {
    opacity: 0.5;
    cursor: not-allowed;
  }
  button:focus-visible,
  select:focus-visible,
  input:focus-visible {
    outline: 2px solid var(--l4r-accent, #3b6fd8);
    outline-offset: 2px;
  }
  .muted {
    color: var(--l4r-muted, #5b6270);
    font-size: 0.9em;
  }
  .error {
    color: var(--l4r-error, #b3261e);
  }
  .ok {
    color: var(--l4r-ok, #1b7a3a);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
    margin-top: 0.75rem;
  }
  /* Side by side while each gets 20rem, one under the other in a narrow panel. */
  .columns {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 20rem), 1fr));
    gap: 1rem;
  }
`;
