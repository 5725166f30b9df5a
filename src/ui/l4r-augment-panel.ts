import { LitElement, css, html, nothing } from 'lit';
import type { Progress } from '../progress.ts';
import { panelStyles } from './panel-styles.ts';
import { errorMessage, formatCount } from './format.ts';
import './l4r-progress.ts';

/**
 * The two kinds of LLM answers the panel can ask for, named as the store names their records:
 * 'pair' (which of two unseen items: BPR pairs for MF and LightGCN) and 'sequential' (which item
 * of a set comes next: picks inserted into SASRec's sequences).
 */
export type AugmentKind = 'pair' | 'sequential';

/** `l4r-augment-start`'s detail: which kind of questions to ask. */
export interface AugmentStartDetail {
  kind: AugmentKind;
}

/** What each kind is called, what it does, and what its answers are counted as. */
const KINDS: Record<AugmentKind, { label: string; explanation: string; written: string }> = {
  pair: {
    label: 'Preference pairs (MF / LightGCN)',
    explanation: 'The LLM chooses between two unseen items for long-tail users first; each answer becomes a training pair. Train again afterwards to use them.',
    written: 'pairs written',
  },
  sequential: {
    label: 'Next-item picks (SASRec)',
    explanation:
      'The LLM picks, for long-tail users first, which of a set of unseen items they take up next; each pick is stored as one record per other item of the set, and SASRec’s next training inserts it into the user’s sequence (Training (SASRec) panel).',
    // The store counts records (k − 1 per pick of a k-item set), so the figures do too.
    written: 'next-item records written',
  },
};

/** What the augmentation panel shows; the app fills it from the recommender's augment job. */
export interface AugmentView {
  /** 'unavailable': no LLM is loaded (reason says what to do). */
  state: 'unavailable' | 'idle' | 'running' | 'paused' | 'done' | 'error';
  reason?: string;
  progress?: Progress;
  /** LLM-written training pairs in the store (kind 'pair'). */
  storedPairs?: number;
  /** LLM next-item records in the store (kind 'sequential': k − 1 per pick of a k-item set). */
  storedPicks?: number;
  /** The kind the running (or last) job asks; the panel's choice follows it when it changes. */
  kind?: AugmentKind;
  /** The last run's figures (`alreadyCommitted`: questions an earlier, interrupted run had answered; `kind`: what it asked, default pairs). */
  last?: { calls: number; committed: number; unanswered: number; alreadyCommitted?: number; stopped: 'done' | 'time-budget'; kind?: AugmentKind };
  /** While running: it continues the job this tab was running when it was reloaded. */
  continued?: boolean;
  error?: unknown;
}

/**
 * LLM data augmentation (PAPER.md §2), of the kind the person chooses: the LLM picks which of two
 * unseen items a long-tail user prefers (each answer a BPR training pair for MF / LightGCN), or
 * which of a set of unseen items comes next (each pick inserted into SASRec's sequences).
 * Progress, pause/resume and cancel; the job is resumable, so a cancelled or reloaded run
 * continues where it stopped.
 *
 * @fires l4r-augment-start - start (or continue) augmenting; the detail names the kind.
 * @fires l4r-augment-pause - pause after the current LLM call.
 * @fires l4r-augment-resume - resume a paused job.
 * @fires l4r-augment-cancel - stop; pairs already written stay.
 */
export class L4rAugmentPanel extends LitElement {
  static override properties = {
    view: { attribute: false },
    kind: { state: true },
  };

  static override styles = [
    panelStyles,
    css`
      fieldset {
        border: none;
        margin: 0 0 0.5rem;
        padding: 0;
        display: grid;
        gap: 0.25rem;
      }
      fieldset label {
        display: flex;
        gap: 0.4rem;
        align-items: baseline;
      }
    `,
  ];

  declare view: AugmentView;
  /** The kind chosen (the radio group); a job's kind replaces it when the app reports one. */
  declare private kind: AugmentKind;

  constructor() {
    super();
    this.view = { state: 'unavailable', reason: 'Load a language model first: it writes the extra training pairs.' };
    this.kind = 'pair';
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    // A job the person did not start here (one continued after a reload) shows its own kind.
    const previous = changed.get('view') as AugmentView | undefined;
    if (changed.has('view') && this.view.kind !== undefined && this.view.kind !== previous?.kind) this.kind = this.view.kind;
  }

  protected override render() {
    const v = this.view;
    const active = v.state === 'running' || v.state === 'paused';
    const kind = KINDS[this.kind];
    const stored = this.kind === 'sequential' ? v.storedPicks : v.storedPairs;
    return html`
      <h2>Data augmentation (LLM → MF, SASRec)</h2>
      <fieldset ?disabled=${active}>
        <legend class="muted">Questions to ask the LLM</legend>
        ${(Object.keys(KINDS) as AugmentKind[]).map(
          (k) => html`<label data-kind=${k}>
            <input type="radio" name="kind" .value=${k} .checked=${k === this.kind} @change=${() => (this.kind = k)} />
            <span>${KINDS[k].label}</span>
          </label>`,
        )}
      </fieldset>
      <p class="muted" data-field="reason">${v.state === 'unavailable' ? v.reason : kind.explanation}</p>
      <dl>
        <dt>Pairs in the store</dt>
        <dd data-field="pairs">${v.storedPairs === undefined ? '–' : formatCount(v.storedPairs)}</dd>
        <dt>Next-item records in the store</dt>
        <dd data-field="picks">${v.storedPicks === undefined ? '–' : formatCount(v.storedPicks)}</dd>
        ${v.last
          ? html`<dt>Last run</dt>
              <dd data-field="last">
                ${formatCount(v.last.calls)} calls, ${formatCount(v.last.committed)} ${KINDS[v.last.kind ?? 'pair'].written},
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
          : html`<button ?disabled=${v.state === 'unavailable'} @click=${this.start}>${stored ? 'Augment more' : 'Augment'}</button>`}
      </div>
    `;
  }

  private start(): void {
    const detail: AugmentStartDetail = { kind: this.kind };
    this.dispatchEvent(new CustomEvent('l4r-augment-start', { detail, bubbles: true, composed: true }));
  }

  private fire(name: 'l4r-augment-pause' | 'l4r-augment-resume' | 'l4r-augment-cancel'): void {
    this.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true }));
  }
}

customElements.define('l4r-augment-panel', L4rAugmentPanel);

declare global {
  interface HTMLElementTagNameMap {
    'l4r-augment-panel': L4rAugmentPanel;
  }
  interface HTMLElementEventMap {
    'l4r-augment-start': CustomEvent<AugmentStartDetail>;
    'l4r-augment-pause': CustomEvent<void>;
    'l4r-augment-resume': CustomEvent<void>;
    'l4r-augment-cancel': CustomEvent<void>;
  }
}
