import { LitElement, css, html, nothing } from 'lit';
import type { Progress } from '../progress.ts';
import { panelStyles } from './panel-styles.ts';
import { errorMessage } from './format.ts';
import './l4r-progress.ts';
import './l4r-line-chart.ts';

/** One user-activity group's figures (src/eval/groups.ts' GroupReport fits). */
export interface EvalGroupView {
  label: string;
  users: number;
  metrics: Record<string, number>;
}

export interface EvalView {
  state: 'unavailable' | 'idle' | 'running' | 'done' | 'error';
  reason?: string;
  progress?: Progress;
  error?: unknown;
  /** Which model was evaluated and on what ("BPR-MF, test items, 610 users"). */
  subject?: string;
  /** Metric columns in display order, e.g. ['HR@3', 'NDCG@3', 'HR@5', 'NDCG@5']. */
  metricNames: string[];
  overall?: Record<string, number>;
  groups: EvalGroupView[];
  /** α_u against the user's interaction count, one point per distinct count (ascending). */
  alphaCurve?: { interactions: number[]; alpha: number[]; params: string };
}

/**
 * The evaluation view: leave-one-out HR@k / NDCG@k overall and per user-activity group, as a
 * table (readable by everyone) and a chart, plus α_u against interactions.
 *
 * @fires l4r-eval-start - the person asked to evaluate the current model.
 */
export class L4rEvalPanel extends LitElement {
  static override properties = {
    view: { attribute: false },
  };

  static override styles = [
    panelStyles,
    css`
      .table-wrap {
        overflow-x: auto;
      }
      table {
        border-collapse: collapse;
        font-variant-numeric: tabular-nums;
        font-size: 0.9em;
      }
      th,
      td {
        padding: 0.2rem 0.6rem;
        text-align: right;
        border-bottom: 1px solid var(--l4r-border, #d5d9e0);
      }
      th:first-child,
      td:first-child {
        text-align: left;
      }
    `,
  ];

  declare view: EvalView;

  constructor() {
    super();
    this.view = { state: 'unavailable', reason: 'Train a model first.', metricNames: [], groups: [] };
  }

  protected override render() {
    const v = this.view;
    return html`
      <h2>Evaluation</h2>
      <p class="muted" data-field="subject">
        ${v.state === 'unavailable' ? v.reason : v.subject ?? 'Leave-one-out by time: each user’s latest item is the test item.'}
      </p>
      <l4r-progress label="Evaluation progress" .progress=${v.state === 'running' ? v.progress : undefined}></l4r-progress>
      ${v.state === 'error' ? html`<p class="error" role="alert">${errorMessage(v.error)}</p>` : nothing}
      ${v.overall ? this.renderTable(v) : nothing}
      <div class="columns">
        <l4r-line-chart
          x-label="activity group (1 = fewest interactions)"
          y-label="metric"
          integer-x
          empty-text="Metrics per user-activity group appear here."
          .x=${v.groups.map((_, i) => i + 1)}
          .series=${v.metricNames.map((name) => ({ label: name, values: v.groups.map((g) => g.metrics[name] ?? null) }))}
          .caption=${v.groups.length ? `Per group: ${v.groups.map((g) => g.label).join('; ')}.` : ''}
        ></l4r-line-chart>
        <l4r-line-chart
          x-label="interactions"
          y-label="α_u"
          empty-text="α_u against interactions appears here."
          .x=${v.alphaCurve?.interactions ?? []}
          .series=${v.alphaCurve ? [{ label: 'α_u', values: v.alphaCurve.alpha, pointsOnly: true }] : []}
          .caption=${alphaCaption(v.alphaCurve)}
        ></l4r-line-chart>
      </div>
      <div class="actions">
        <button ?disabled=${v.state === 'unavailable' || v.state === 'running'} @click=${this.start}>
          ${v.state === 'done' ? 'Evaluate again' : 'Evaluate'}
        </button>
      </div>
    `;
  }

  private renderTable(v: EvalView) {
    const rows = [{ label: 'All users', users: undefined as number | undefined, metrics: v.overall ?? {} }, ...v.groups];
    return html`<div class="table-wrap">
      <table data-field="metrics">
        <caption class="muted">Hit ratio and NDCG of the held-out item</caption>
        <thead>
          <tr>
            <th scope="col">Group · users</th>
            ${v.metricNames.map((m) => html`<th scope="col">${m}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (r) => html`<tr>
              <th scope="row">${r.label}${r.users === undefined ? '' : ` · ${r.users}`}</th>
              ${v.metricNames.map((m) => html`<td>${r.metrics[m] === undefined ? '–' : r.metrics[m]!.toFixed(4)}</td>`)}
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private start(): void {
    this.dispatchEvent(new CustomEvent('l4r-eval-start', { bubbles: true, composed: true }));
  }
}

function alphaCaption(curve: EvalView['alphaCurve']): string {
  if (!curve || curve.interactions.length === 0) return '';
  const first = curve.alpha[0]!;
  const last = curve.alpha.at(-1)!;
  return `α_u falls from ${first.toFixed(2)} (${curve.interactions[0]} interactions) to ${last.toFixed(2)} (${curve.interactions.at(-1)} interactions); ${curve.params}.`;
}

customElements.define('l4r-eval-panel', L4rEvalPanel);

declare global {
  interface HTMLElementTagNameMap {
    'l4r-eval-panel': L4rEvalPanel;
  }
  interface HTMLElementEventMap {
    'l4r-eval-start': CustomEvent<void>;
  }
}
