import { LitElement, css, html } from 'lit';
import type { Progress } from '../progress.ts';
import { formatCount, progressFraction } from './format.ts';

/**
 * A labelled progress bar for long work (import, training, download, augmentation).
 * It always takes the same height, shown or idle, so panels do not jump as work starts and ends.
 *
 * @csspart bar - the native <progress> element.
 * @csspart label - the phase and counts line.
 * @cssprop --l4r-accent - the bar colour.
 */
export class L4rProgress extends LitElement {
  static override properties = {
    progress: { attribute: false },
    label: { type: String },
    idleText: { type: String, attribute: 'idle-text' },
  };

  static override styles = css`
    :host {
      display: block;
      min-height: 2.6rem;
    }
    progress {
      width: 100%;
      height: 0.8rem;
      accent-color: var(--l4r-accent, #3b6fd8);
    }
    [part='label'] {
      display: block;
      font-size: 0.85em;
      color: var(--l4r-muted, #5b6270);
      min-height: 1.3em;
      font-variant-numeric: tabular-nums;
    }
  `;

  /** The progress to show; undefined when idle. */
  declare progress: Progress | undefined;
  /** Accessible name of the bar ("Import progress"). */
  declare label: string;
  /** Shown under an empty bar while idle. */
  declare idleText: string;

  constructor() {
    super();
    this.progress = undefined;
    this.label = 'Progress';
    this.idleText = '';
  }

  protected override render() {
    const p = this.progress;
    const fraction = p ? progressFraction(p.done, p.total) : 0;
    const text = p
      ? p.total === undefined
        ? `${p.phase}: ${formatCount(p.done)}`
        : `${p.phase}: ${formatCount(p.done)} / ${formatCount(p.total)} (${Math.round((fraction ?? 0) * 100)}%)`
      : this.idleText;
    // An indeterminate bar (no value attribute) when the total is unknown.
    // Idle: the bar keeps its space but is not drawn, so nothing moves when work starts.
    if (!p) {
      return html`<progress part="bar" aria-hidden="true" style="visibility: hidden" max="1" .value=${0}></progress>
        <span part="label">${text}</span>`;
    }
    return html`
      ${fraction === undefined
        ? html`<progress part="bar" aria-label=${this.label}></progress>`
        : html`<progress part="bar" aria-label=${this.label} max="1" .value=${fraction}></progress>`}
      <span part="label">${text}</span>
    `;
  }
}

customElements.define('l4r-progress', L4rProgress);

declare global {
  interface HTMLElementTagNameMap {
    'l4r-progress': L4rProgress;
  }
}
