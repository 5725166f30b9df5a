import { LitElement, css, html, nothing } from 'lit';
import type { RecommendationSource, Recommendations } from './recommendation-source.ts';
import { panelStyles } from './panel-styles.ts';
import { titleWithYear } from './format.ts';
import type { PastInteraction } from '../loop/loop-context.ts';
import './l4r-recommendations.ts';

export interface UserSelectedDetail {
  userId: string;
}

/*
 * A plain text field, not a <datalist>: with Chromium's suggestion popup open, the first click
 * on "Show" only closes the popup, and a list of 160k ids (MovieLens 25M) would be slow anyway.
 */

/**
 * Pick a user; see their history and their recommendations with the score breakdown
 * (MF score, LLM score, α_u, final score) and the similar user whose history went into the prompt,
 * and beside them what the user takes up next ("Next up": the sequential model, SASRec, re-ranked
 * by the LLM's next-item answer, with the same breakdown).
 *
 * @fires l4r-user-selected - `CustomEvent<UserSelectedDetail>`: the person picked a user (the app loads the history).
 */
export class L4rUserExplorer extends LitElement {
  static override properties = {
    users: { attribute: false },
    userId: { type: String, attribute: 'user-id' },
    history: { attribute: false },
    source: { attribute: false },
    k: { type: Number },
    result: { state: true },
    nextResult: { state: true },
    unknownId: { state: true },
  };

  static override styles = [
    panelStyles,
    css`
      .columns {
        margin-top: 0.75rem;
      }
      .picker {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: end;
      }
      .picker input {
        width: 9rem;
      }
      ol.history {
        margin: 0;
        padding-left: 1.6rem;
        /* A fixed-height scroller: a long history never pushes the recommendations down. */
        height: 24rem;
        overflow-y: auto;
        font-size: 0.9em;
      }
      .rating {
        color: var(--l4r-accent, #3b6fd8);
        font-variant-numeric: tabular-nums;
      }
      .similar {
        min-height: 1.4em;
      }
    `,
  ];

  /** Every user id in the dataset; undefined while there is none. */
  declare users: string[] | undefined;
  declare userId: string;
  /** The picked user's history, oldest first; undefined while it loads. */
  declare history: PastInteraction[] | undefined;
  declare source: RecommendationSource | undefined;
  declare k: number;
  declare private result: Recommendations | undefined;
  declare private nextResult: Recommendations | undefined;
  declare private unknownId: string | undefined;

  constructor() {
    super();
    this.users = undefined;
    this.userId = '';
    this.history = undefined;
    this.source = undefined;
    this.k = 10;
    this.result = undefined;
    this.nextResult = undefined;
    this.unknownId = undefined;
  }

  protected override render() {
    return html`
      <h2>User explorer</h2>
      ${this.users === undefined
        ? html`<p class="muted">No dataset yet: users appear here once one is imported.</p>`
        : this.renderPicker(this.users)}
      <div class="columns">
        <section aria-labelledby="history-h">
          <h3 id="history-h">History${this.history ? ` (${this.history.length})` : ''}</h3>
          ${this.renderHistory()}
        </section>
        <section aria-labelledby="recs-h">
          <h3 id="recs-h">Recommendations${this.result ? html` <span class="muted">by ${this.result.producedBy}</span>` : nothing}</h3>
          <p class="similar muted" data-field="similar">${similarText(this.result)}</p>
          <l4r-recommendations
            show-scores
            user-id=${this.userId}
            k=${this.k}
            .source=${this.source}
            @l4r-recommendations-ready=${(e: CustomEvent<Recommendations>) => (this.result = e.detail)}
            @l4r-recommendations-error=${() => (this.result = undefined)}
          ></l4r-recommendations>
        </section>
        <section aria-labelledby="next-h">
          <h3 id="next-h">Next up${this.nextResult ? html` <span class="muted">by ${this.nextResult.producedBy}</span>` : nothing}</h3>
          <p class="similar muted" data-field="next-similar">${similarText(this.nextResult, 'SASRec')}</p>
          <l4r-recommendations
            task="next"
            show-scores
            user-id=${this.userId}
            k=${this.k}
            .source=${this.source}
            @l4r-recommendations-ready=${(e: CustomEvent<Recommendations>) => (this.nextResult = e.detail)}
            @l4r-recommendations-error=${() => (this.nextResult = undefined)}
          ></l4r-recommendations>
        </section>
      </div>
    `;
  }

  private renderPicker(users: string[]) {
    return html`<form class="picker" @submit=${this.onSubmit}>
        <label>
          User id<br />
          <input name="user" .value=${this.userId} autocomplete="off" aria-describedby="user-hint" />
        </label>
        <button type="submit">Show</button>
        <button type="button" class="secondary" @click=${this.pickRandom} ?disabled=${users.length === 0}>
          Random user
        </button>
      </form>
      <p id="user-hint" class="muted">${userHint(users)}</p>
      <p class="error" role="alert">${this.unknownId === undefined ? '' : `There is no user "${this.unknownId}" in this dataset; pick one of the ${users.length.toLocaleString('en-US')} listed ids.`}</p>`;
  }

  private renderHistory() {
    if (!this.userId) return html`<p class="muted">Pick a user to see what they rated.</p>`;
    if (this.history === undefined) return html`<p class="muted" role="status">Loading the history…</p>`;
    if (this.history.length === 0) return html`<p class="muted">This user has no interactions.</p>`;
    // Most recent first: that is what the recommender and the LLM prompt weigh most.
    const recent = [...this.history].reverse();
    return html`<ol class="history" tabindex="0" aria-label="History of user ${this.userId}, most recent first">
      ${recent.map(
        (h) => html`<li data-item-id=${h.itemId}>
          ${titleWithYear(h.title, h.year)}
          ${h.rating === null ? nothing : html`<span class="rating">★ ${h.rating}</span>`}
        </li>`,
      )}
    </ol>`;
  }

  private onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const input = (event.currentTarget as HTMLFormElement).elements.namedItem('user') as HTMLInputElement;
    this.select(input.value.trim());
  }

  private pickRandom(): void {
    const users = this.users ?? [];
    const id = users[Math.floor(Math.random() * users.length)];
    if (id !== undefined) this.select(id);
  }

  private select(id: string): void {
    if (!id) return;
    if (this.users && !this.users.includes(id)) {
      this.unknownId = id;
      return;
    }
    this.unknownId = undefined;
    this.result = undefined;
    this.nextResult = undefined;
    this.userId = id;
    this.history = undefined;
    this.dispatchEvent(
      new CustomEvent<UserSelectedDetail>('l4r-user-selected', { detail: { userId: id }, bubbles: true, composed: true }),
    );
  }
}

/** "610 users, e.g. 1, 2, 3 … 610": enough to know what an id looks like. */
function userHint(users: string[]): string {
  if (users.length === 0) return 'This dataset has no users.';
  const head = users.slice(0, 3).join(', ');
  const tail = users.length > 3 ? ` … ${users[users.length - 1]}` : '';
  return `${users.length.toLocaleString('en-US')} users, e.g. ${head}${tail}.`;
}

function similarText(result: Recommendations | undefined, model = 'MF'): string {
  if (!result) return '';
  if (!result.similarUser) return `No similar user went into an LLM prompt (${model} alone, or prompt augmentation off).`;
  return `Similar user in the LLM prompt: ${result.similarUser.userId} (cosine similarity ${result.similarUser.similarity.toFixed(3)}).`;
}

customElements.define('l4r-user-explorer', L4rUserExplorer);

declare global {
  interface HTMLElementTagNameMap {
    'l4r-user-explorer': L4rUserExplorer;
  }
  interface HTMLElementEventMap {
    'l4r-user-selected': CustomEvent<UserSelectedDetail>;
  }
}
