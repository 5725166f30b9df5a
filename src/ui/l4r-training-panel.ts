import { LitElement, css, html, nothing } from 'lit';
import type { Progress } from '../progress.ts';
import { panelStyles } from './panel-styles.ts';
import { errorMessage } from './format.ts';
import './l4r-progress.ts';
import './l4r-line-chart.ts';

/** One finished epoch. */
export interface EpochPoint {
  epoch: number;
  loss: number;
  /** The validation metric after this epoch, when it was measured. */
  metric?: number;
}

/** A run that stopped before it finished (a reload, a cancel) and can be continued. */
export interface InterruptedRunView {
  /** Epochs committed: continuing starts at epoch + 1. */
  epoch: number;
  /** LLM-augmented pairs it trains with (0: D alone). */
  augmentedPairs: number;
  /** It retrains a model that serves meanwhile. */
  replacesServed: boolean;
}

/** What the training panel shows; the app fills it from the training worker's reports. */
export interface TrainingView {
  /**
   * 'unavailable': training cannot run here (reason says why and what to do);
   * 'interrupted': a run stopped before it finished (`interrupted`) and can be continued.
   */
  state: 'unavailable' | 'idle' | 'interrupted' | 'running' | 'done' | 'error';
  reason?: string;
  progress?: Progress;
  epochs: EpochPoint[];
  totalEpochs?: number;
  /** The epoch running now (a continued run does not start at 1). */
  epoch?: number;
  /** The interrupted run, in state 'interrupted'. */
  interrupted?: InterruptedRunView;
  /** While running: the run continues an interrupted one from this epoch's checkpoint. */
  continuedFrom?: number;
  /** Something the person should know that is not an error (e.g. the run was stopped by another tab). */
  notice?: string;
  /** e.g. "HR@5 on validation". */
  metricName: string;
  /** The TF.js backend training runs on. */
  backend?: string;
  /** Milliseconds since the epoch of the saved checkpoint, when there is one. */
  savedAt?: number;
  /** The best validation metric reached (what the saved model scores). */
  bestMetric?: number;
  /** How many LLM-augmented pairs the shown model was trained with. */
  augmentedPairs?: number;
  /**
   * LLM-written pairs in the store, which the next training can add (D ∪ D_aug). With none the
   * "use augmented pairs" toggle is disabled and `noPairsReason` says how to get some.
   */
  storedPairs?: number;
  noPairsReason?: string;
  error?: unknown;
}

export interface TrainStartDetail {
  /** Train on D ∪ D_aug (the stored LLM pairs) instead of D alone. */
  useAugmented: boolean;
  /** Continue the interrupted run from its last committed epoch (its own choice of pairs) instead of starting over. */
  resume?: boolean;
}

/** What the panel calls things for each model it trains: MF (the top-k) or SASRec (the next items). */
const WORDS = {
  ranking: {
    heading: 'Training (matrix factorization)',
    records: 'LLM-augmented pairs',
    toggle: 'Use the LLM-augmented pairs (train on D ∪ D_aug)',
    stored: (n: string) => `${n} LLM-written pairs in the store; untick for MF on D alone (the ablation).`,
    none: 'No LLM-written pairs in the store yet: run Data augmentation first.',
    data: (n: string) => `D ∪ ${n} LLM pairs`,
  },
  next: {
    heading: 'Training (SASRec, the next items)',
    records: 'LLM next-item picks',
    toggle: "Insert the LLM's next-item picks into the sequences (D ∪ D_aug)",
    stored: (n: string) => `${n} next-item records in the store (k − 1 per pick: the pick over each other candidate); untick for SASRec on D alone (the ablation).`,
    none: 'No next-item records in the store yet: Data augmentation with "Next-item picks (SASRec)" (or rec.augment({ sequential })) writes them.',
    data: (n: string) => `D ∪ ${n} LLM picks`,
  },
} as const;

/**
 * Trains a model: the matrix-factorization model of the top-k, or with `task="next"` SASRec, the
 * sequential model of the "Next up" list: progress, a live loss curve with the validation metric
 * beside it, and start/cancel. Shows state only; the app runs the training worker.
 *
 * @fires l4r-train-start - `CustomEvent<TrainStartDetail>`: the person asked to train, with or without the augmented pairs.
 * @fires l4r-train-cancel - the person cancelled training in flight.
 */
export class L4rTrainingPanel extends LitElement {
  static override properties = {
    view: { attribute: false },
    task: { type: String, reflect: true },
    augmentedChoice: { state: true },
  };

  static override styles = [
    panelStyles,
    css`
      l4r-line-chart {
        margin-top: 0.5rem;
      }
      .augmented {
        display: flex;
        gap: 0.4rem;
        align-items: baseline;
        margin-top: 0.5rem;
      }
    `,
  ];

  declare view: TrainingView;
  /** 'ranking' (default): MF, the top-k. 'next': SASRec, the next items (its own wording). */
  declare task: 'ranking' | 'next';
  /** The person's choice for the toggle; until they touch it, the augmented pairs are used when there are any (the method). */
  declare private augmentedChoice: boolean | undefined;

  constructor() {
    super();
    this.view = { state: 'unavailable', reason: 'Training is not available yet.', epochs: [], metricName: 'validation metric' };
    this.task = 'ranking';
    this.augmentedChoice = undefined;
  }

  private pairsAvailable(): boolean {
    return (this.view.storedPairs ?? 0) > 0;
  }

  private useAugmented(): boolean {
    return this.pairsAvailable() && (this.augmentedChoice ?? true);
  }

  protected override render() {
    const v = this.view;
    const last = v.epochs.at(-1);
    const lastMetric = [...v.epochs].reverse().find((e) => e.metric !== undefined);
    const words = WORDS[this.task === 'next' ? 'next' : 'ranking'];
    return html`
      <h2>${words.heading}</h2>
      ${v.state === 'unavailable' ? html`<p class="muted" data-state="unavailable">${v.reason}</p>` : nothing}
      <dl>
        <dt>State</dt>
        <dd data-field="state">${stateText(v)}</dd>
        <dt>Backend</dt>
        <dd data-field="backend">${v.backend ?? '–'}</dd>
        <dt>Last loss</dt>
        <dd data-field="loss">${last ? last.loss.toFixed(4) : '–'}</dd>
        <dt>${v.metricName}</dt>
        <dd data-field="metric">${lastMetric?.metric === undefined ? '–' : lastMetric.metric.toFixed(4)}</dd>
        ${v.bestMetric === undefined
          ? nothing
          : html`<dt>Best (saved model)</dt>
              <dd data-field="best">${v.bestMetric.toFixed(4)}</dd>`}
        ${v.augmentedPairs === undefined
          ? nothing
          : html`<dt>${words.records}</dt>
              <dd data-field="augmented">${v.augmentedPairs.toLocaleString('en-US')}</dd>`}
      </dl>
      <l4r-progress label="Training progress" .progress=${v.state === 'running' ? v.progress : undefined}></l4r-progress>
      <l4r-line-chart
        x-label="epoch"
        integer-x
        y-label="loss"
        y2-label=${v.metricName}
        empty-text=${v.state === 'done'
          ? 'Per-epoch losses are not kept across reloads; the saved model’s best metric is above.'
          : 'The loss curve appears here while training.'}
        .x=${v.epochs.map((e) => e.epoch)}
        .series=${[
          { label: 'training loss', values: v.epochs.map((e) => e.loss) },
          { label: v.metricName, values: v.epochs.map((e) => e.metric ?? null), rightAxis: true },
        ]}
        .caption=${curveCaption(v)}
      ></l4r-line-chart>
      ${v.state === 'running' && v.continuedFrom !== undefined
        ? html`<p class="muted" data-field="continued">Continuing the interrupted run from its checkpoint of epoch ${v.continuedFrom}.</p>`
        : nothing}
      ${v.state === 'interrupted' && v.interrupted
        ? html`<p class="muted" data-field="interrupted">${interruptedText(v.interrupted, words.data)}</p>`
        : nothing}
      ${v.notice ? html`<p class="muted" role="status" data-field="notice">${v.notice}</p>` : nothing}
      ${v.state === 'error' ? html`<p class="error" role="alert">${errorMessage(v.error)}</p>` : nothing}
      <label class="augmented">
        <input
          type="checkbox"
          name="use-augmented"
          aria-describedby="augmented-note"
          .checked=${this.useAugmented()}
          ?disabled=${!this.pairsAvailable() || v.state === 'running' || v.state === 'unavailable'}
          @change=${(e: Event) => (this.augmentedChoice = (e.target as HTMLInputElement).checked)}
        />
        <span>${words.toggle}</span>
      </label>
      <p class="muted" id="augmented-note" data-field="augmented-note">
        ${this.pairsAvailable() ? words.stored(v.storedPairs!.toLocaleString('en-US')) : (v.noPairsReason ?? words.none)}
      </p>
      <div class="actions">
        ${v.state === 'running'
          ? html`<button class="secondary" @click=${() => this.fire('l4r-train-cancel')}>Cancel training</button>`
          : v.state === 'interrupted'
            ? html`<button @click=${() => this.start(true)}>Continue training</button>
                <button class="secondary" @click=${() => this.start(false)}>Start over</button>`
            : html`<button ?disabled=${v.state === 'unavailable'} @click=${() => this.start(false)}>${v.state === 'done' ? 'Train again' : 'Train'}</button>`}
      </div>
    `;
  }

  private start(resume: boolean): void {
    const detail: TrainStartDetail = { useAugmented: resume ? (this.view.interrupted?.augmentedPairs ?? 0) > 0 : this.useAugmented(), resume };
    this.dispatchEvent(new CustomEvent('l4r-train-start', { detail, bubbles: true, composed: true }));
  }

  private fire(name: 'l4r-train-cancel'): void {
    this.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true }));
  }
}

function stateText(v: TrainingView): string {
  switch (v.state) {
    case 'unavailable':
      return 'cannot train here';
    case 'idle':
      return 'not trained yet';
    case 'interrupted':
      return `interrupted after epoch ${v.interrupted?.epoch ?? 0}`;
    case 'running': {
      const epoch = v.epoch ?? v.epochs.length + 1;
      return v.totalEpochs === undefined ? `training, epoch ${epoch}` : `training, epoch ${Math.min(epoch, v.totalEpochs)} of ${v.totalEpochs}`;
    }
    case 'done':
      return v.savedAt === undefined ? 'trained' : `trained, saved ${new Date(v.savedAt).toLocaleString()}`;
    case 'error':
      return 'failed';
  }
}

function interruptedText(run: InterruptedRunView, augmented: (n: string) => string): string {
  const data = run.augmentedPairs > 0 ? augmented(run.augmentedPairs.toLocaleString('en-US')) : 'D';
  const served = run.replacesServed ? ' The model trained before keeps serving until it finishes.' : '';
  return `A training run on ${data} stopped after epoch ${run.epoch} (a reload, a closed tab or a cancel). Continue it from that epoch, or start over.${served}`;
}

/** The curve in words, for people who cannot see the canvas. */
export function curveCaption(v: TrainingView): string {
  const first = v.epochs[0];
  const last = v.epochs.at(-1);
  if (!first || !last) return '';
  if (first === last) return `Epoch ${last.epoch}: loss ${last.loss.toFixed(4)}.`;
  return `Loss went from ${first.loss.toFixed(4)} (epoch ${first.epoch}) to ${last.loss.toFixed(4)} (epoch ${last.epoch}).`;
}

customElements.define('l4r-training-panel', L4rTrainingPanel);

declare global {
  interface HTMLElementTagNameMap {
    'l4r-training-panel': L4rTrainingPanel;
  }
  interface HTMLElementEventMap {
    'l4r-train-start': CustomEvent<TrainStartDetail>;
    'l4r-train-cancel': CustomEvent<void>;
  }
}
