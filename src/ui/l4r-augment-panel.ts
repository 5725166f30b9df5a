import { LitElement, html, nothing } from 'lit';
import type { Progress } from '../progress.ts';
import { panelStyles } from './panel-styles.ts';
import { errorMessage, formatCount } from './format.ts';
import './l4r-progress.ts';

/** What the augmentation panel shows; the app fills it from the recommender's augment job. */
export interface AugmentView {
  /** 'unavailable': no LLM is loaded (reason says what to do). */
  state: 'unavailable' | 'idle' | 'running' | 'paused' | 'done' | 'error';
  reason?: string;
  progress?: Progress;
  /** LLM-written training pairs in the store. */
  storedPairs?: number;
  /** The last run's figures (`alreadyCommitted`: questions an earlier, interrupted run had answered). */
  last?: { calls: number; committed: number; unanswered: number; alreadyCommitted?: number; stopped: 'done' | 'time-budget' };
  /** While running: it continues the job this tab was running when it was reloaded. */
  continued?: boolean;
  error?: unknown;
}

/**
 * LLM data augmentation (PAPER.md §2): the LLM picks which of two unseen items a long-tail user
 * prefers, and each answer becomes a BPR training pair. Progress, pause/resume and cancel; the
 * job is resumable, so a cancelled or reloaded run continues where it stopped.
 *
 * @fires l4r-augment-start - start (or continue) augmenting.
 * @fires l4r-augment-pause - pause after the current LLM call.
 * @fires l4r-augment-resume - resume a paused job.
 * @fires l4r-augment-cancel - stop; pairs already written stay.
 */
export class L4rAugmentPanel extends LitElement {
  static override properties = {
    view: { attribute: false },
  };

  static override styles = [panelStyles];

  declare view: AugmentView;

  constructor() {
    super();
    this.view = { state: 'unavailable', reason: 'Load a language model first: it writes the extra training pairs.' };
  }

  protected override render() {
    const v = this.view;
    const active = v.state === 'running' || v.state === 'paused';
    return html`
      <h2>Data augmentation (LLM → MF)</h2>
      <p class="muted" data-field="reason">
        ${v.state === 'unavailable'
          ? v.reason
          : 'The LLM chooses between two unseen items for long-tail users first; each answer becomes a training pair. Train again afterwards to use them.'}
      </p>
      <dl>
        <dt>Pairs in the store</dt>
        <dd data-field="pairs">${v.storedPairs === undefined ? '–' : formatCount(v.storedPairs)}</dd>
        ${v.last
          ? html`<dt>Last run</dt>
              <dd data-field="last">
                ${formatCount(v.last.calls)} calls, ${formatCount(v.last.committed)} pairs written,
                ${formatCount(v.last.unanswered)} unusable${v.last.alreadyCommitted ? `, ${formatCount(v.last.alreadyCommitted)} answered before` : ''}${v.last.stopped === 'time-budget' ? ', stopped by its time budget' : ''}
              </dd>`
          : nothing}
      </dl>
      <l4r-progress
        label="Augmentation progress"
        .progress=${active ? v.progress : undefined}
        idle-text=${v.state === 'paused' ? 'Paused.' : ''}
      ></l4r-progress>
      ${active && v.continued
        ? html`<p class="muted" data-field="continued">Continuing the job this tab was running when it was reloaded: questions already answered are not asked again.</p>`
        : nothing}
      ${v.state === 'error' ? html`<p class="error" role="alert">${errorMessage(v.error)}</p>` : nothing}
      <div class="actions">
        ${active
          ? html`${v.state === 'running'
                ? html`<button class="secondary" @click=${() => this.fire('l4r-augment-pause')}>Pause</button>`
                : html`<button @click=${() => this.fire('l4r-augment-resume')}>Resume</button>`}
              <button class="danger" @click=${() => this.fire('l4r-augment-cancel')}>Cancel</button>`
          : html`<button ?disabled=${v.state === 'unavailable'} @click=${() => this.fire('l4r-augment-start')}>
              ${v.storedPairs ? 'Augment more' : 'Augment'}
            </button>`}
      </div>
    `;
  }

  private fire(name: 'l4r-augment-start' | 'l4r-augment-pause' | 'l4r-augment-resume' | 'l4r-augment-cancel'): void {
    this.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true }));
  }
}

customElements.define('l4r-augment-panel', L4rAugmentPanel);

declare global {
  interface HTMLElementTagNameMap {
    'l4r-augment-panel': L4rAugmentPanel;
  }
  interface HTMLElementEventMap {
    'l4r-augment-start': CustomEvent<void>;
    'l4r-augment-pause': CustomEvent<void>;
    'l4r-augment-resume': CustomEvent<void>;
    'l4r-augment-cancel': CustomEvent<void>;
  }
}
