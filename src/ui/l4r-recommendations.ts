import { LitElement, css, html, nothing } from 'lit';
import { Task, TaskStatus } from '@lit/task';
import type { RecommendationSource, RecommendationTask, Recommendations, ShownItem } from './recommendation-source.ts';
import {
  getDefaultRecommendationSource,
  onDefaultRecommendationSourceChange,
} from './default-source.ts';
import { errorMessage } from './format.ts';

export interface ItemChosenDetail {
  userId: string;
  item: ShownItem;
  /** 1-based position in the list. */
  rank: number;
}

/**
 * A user's top-k recommendations from the local store: the embeddable element. With
 * `task="next"` it shows what the user takes up next instead (the sequential model's list).
 *
 * ```html
 * <l4r-recommendations user-id="42" k="10" show-scores></l4r-recommendations>
 * <l4r-recommendations user-id="42" k="5" task="next"></l4r-recommendations>
 * ```
 * Without a `source` property it uses the default source (see default-source.ts).
 *
 * @fires l4r-recommendations-ready - `CustomEvent<Recommendations>` once a list has rendered.
 * @fires l4r-item-chosen - `CustomEvent<ItemChosenDetail>` when a person clicks or presses Enter on an item.
 * @fires l4r-recommendations-error - `CustomEvent<{ error: unknown }>` when the list could not be produced.
 * @csspart list - the ordered list.
 * @csspart item - each item's button.
 * @csspart rank - the item's position.
 * @csspart title - the item's title.
 * @csspart meta - year and genres.
 * @csspart breakdown - the score breakdown (with `show-scores`).
 * @csspart status - the "loading", "pick a user" and "not available" lines.
 * @csspart error - the error message.
 * @csspart note - why the list is MF-only, when it is.
 * @cssprop --l4r-accent - accent colour (focus ring, rank, hover border).
 * @cssprop --l4r-fg - text colour.
 * @cssprop --l4r-muted - secondary text colour.
 * @cssprop --l4r-bg - item background.
 * @cssprop --l4r-radius - item corner radius.
 * @cssprop --l4r-row-height - reserved height per item, so the element does not jump while loading.
 */
export class L4rRecommendations extends LitElement {
  static override properties = {
    userId: { type: String, attribute: 'user-id', reflect: true },
    k: { type: Number, reflect: true },
    showScores: { type: Boolean, attribute: 'show-scores', reflect: true },
    task: { type: String, reflect: true },
    source: { attribute: false },
    defaultSourceVersion: { state: true },
  };

  static override styles = css`
    :host {
      display: block;
      color: var(--l4r-fg, inherit);
      font: inherit;
    }
    ol {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 0.25rem;
    }
    button {
      all: unset;
      box-sizing: border-box;
      display: grid;
      grid-template-columns: 2ch 1fr;
      column-gap: 0.6rem;
      width: 100%;
      min-height: var(--l4r-row-height, 2.75rem);
      padding: 0.35rem 0.6rem;
      border: 1px solid transparent;
      border-radius: var(--l4r-radius, 6px);
      background: var(--l4r-bg, transparent);
      cursor: pointer;
    }
    button:hover {
      border-color: var(--l4r-accent, #3b6fd8);
    }
    button:focus-visible {
      outline: 2px solid var(--l4r-accent, #3b6fd8);
      outline-offset: 1px;
    }
    [part='rank'] {
      grid-row: span 3;
      color: var(--l4r-accent, #3b6fd8);
      font-weight: 600;
      text-align: right;
    }
    [part='title'] {
      font-weight: 500;
    }
    [part='meta'],
    [part='breakdown'],
    [part='note'],
    [part='status'] {
      color: var(--l4r-muted, #5b6270);
      font-size: 0.85em;
    }
    [part='breakdown'] {
      font-variant-numeric: tabular-nums;
    }
    [part='error'] {
      color: var(--l4r-error, #b3261e);
    }
    p {
      margin: 0.25rem 0;
    }
  `;

  /** The dataset's own user id. */
  declare userId: string;
  /** How many items to show (1–100). */
  declare k: number;
  /** Show MF score, LLM score, α_u and final score under each item (the MF score alone when no LLM took part). */
  declare showScores: boolean;
  /** 'ranking' (default): the top-k. 'next': the items the user takes up next (SASRec with the LLM). Anything else reads as 'ranking'. */
  declare task: RecommendationTask;
  /** Where the list comes from; the default source when unset. */
  declare source: RecommendationSource | undefined;
  declare private defaultSourceVersion: number;

  private unsubscribe: (() => void) | undefined;
  private announced: Recommendations | undefined;
  private announcedError: unknown;

  private readonly loader = new Task(this, {
    task: async ([source, userId, k, task, _version], { signal }) => {
      if (!userId) return undefined;
      const resolved = source ?? (await getDefaultRecommendationSource());
      if (!resolved) return null;
      // A host's source written before the task existed gets the options it knew.
      return resolved.recommend(userId, k, task === 'next' ? { signal, task } : { signal });
    },
    args: () => [this.source, this.userId, this.clampedK(), this.shownTask(), this.defaultSourceVersion] as const,
  });

  constructor() {
    super();
    this.userId = '';
    this.k = 10;
    this.showScores = false;
    this.task = 'ranking';
    this.source = undefined;
    this.defaultSourceVersion = 0;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.unsubscribe = onDefaultRecommendationSourceChange(() => {
      this.defaultSourceVersion += 1;
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe?.();
  }

  /** Waits for the list in flight; resolves with it (undefined/null when none). */
  async recommendationsComplete(): Promise<Recommendations | null | undefined> {
    // The task starts during an update, so let a pending update start it first.
    await this.updateComplete;
    const value = await this.loader.taskComplete;
    await this.updateComplete;
    return value;
  }

  private shownTask(): RecommendationTask {
    return this.task === 'next' ? 'next' : 'ranking';
  }

  private clampedK(): number {
    const k = Number.isFinite(this.k) ? Math.round(this.k) : 10;
    return Math.min(100, Math.max(1, k));
  }

  protected override render() {
    // Reserve the list's height up front so the page does not jump when it arrives.
    const reserve = `min-height: calc(${this.clampedK()} * (var(--l4r-row-height, 2.75rem) + 0.25rem));`;
    return html`<div style=${reserve} aria-live="polite" aria-busy=${this.loader.status === TaskStatus.PENDING}>
      ${this.loader.render({
        initial: () => html`<p part="status">Pick a user to see recommendations.</p>`,
        pending: () => html`<p part="status">Computing recommendations…</p>`,
        complete: (value) => this.renderValue(value),
        error: (error) => html`<p part="error" role="alert">${errorMessage(error)}</p>`,
      })}
    </div>`;
  }

  private renderValue(value: Recommendations | null | undefined) {
    if (value === undefined) return html`<p part="status">Pick a user to see recommendations.</p>`;
    if (value === null) {
      return html`<p part="status">
        Recommendations are not available yet: no recommender is set up in this browser. Train a model first.
      </p>`;
    }
    if (value.items.length === 0) {
      return html`<p part="status">No items left to recommend to user ${value.userId}.</p>`;
    }
    return html`
      ${value.note ? html`<p part="note">${value.note}</p>` : nothing}
      <ol part="list" aria-label="${this.shownTask() === 'next' ? 'Next items' : 'Recommendations'} for user ${value.userId}, by ${value.producedBy}">
        ${value.items.map((item, index) => this.renderItem(value.userId, item, index + 1, value.scoreLabel))}
      </ol>
    `;
  }

  private renderItem(userId: string, item: ShownItem, rank: number, scoreLabel: string | undefined) {
    // The year goes in the meta line only when the title does not already carry it.
    const year = item.year === undefined || item.title.includes(`(${item.year})`) ? '' : String(item.year);
    const meta = [year, item.genres.join(', ')]
      .filter((part) => part)
      .join(' · ');
    return html`<li>
      <button part="item" data-item-id=${item.itemId} @click=${() => this.choose(userId, item, rank)}>
        <span part="rank">${rank}</span>
        <span part="title">${item.title}</span>
        ${meta ? html`<span part="meta">${meta}</span>` : nothing}
        ${this.showScores ? html`<span part="breakdown">${scoreBreakdown(item, scoreLabel)}</span>` : nothing}
      </button>
    </li>`;
  }

  private choose(userId: string, item: ShownItem, rank: number): void {
    this.dispatchEvent(
      new CustomEvent<ItemChosenDetail>('l4r-item-chosen', {
        detail: { userId, item, rank },
        bubbles: true,
        composed: true,
      }),
    );
  }

  protected override updated(): void {
    // Announce after the list is in the DOM, once per produced list.
    if (this.loader.status === TaskStatus.COMPLETE) {
      const value = this.loader.value;
      if (value && value !== this.announced) {
        this.announced = value;
        this.dispatchEvent(
          new CustomEvent<Recommendations>('l4r-recommendations-ready', { detail: value, bubbles: true, composed: true }),
        );
      }
    } else if (this.loader.status === TaskStatus.ERROR && this.loader.error !== this.announcedError) {
      this.announcedError = this.loader.error;
      this.dispatchEvent(
        new CustomEvent('l4r-recommendations-error', {
          detail: { error: this.loader.error },
          bubbles: true,
          composed: true,
        }),
      );
    }
  }
}

/**
 * "MF 0.812 · LLM 0.640 · α 0.35 · final 0.752"; just "MF 0.812" when no LLM took part: the list is
 * then MF's own order, and a blend's α and final utility (a position, −1, −2, …) would mean nothing.
 * `label` names the conventional model ("SASRec" for the next items).
 */
export function scoreBreakdown(item: ShownItem, label = 'MF'): string {
  const mf = `${label} ${item.mfScore.toFixed(3)}`;
  if (item.llmScore === null) return mf;
  return `${mf} · LLM ${item.llmScore.toFixed(3)} · α ${item.alpha.toFixed(2)} · final ${item.finalScore.toFixed(3)}`;
}

customElements.define('l4r-recommendations', L4rRecommendations);

declare global {
  interface HTMLElementTagNameMap {
    'l4r-recommendations': L4rRecommendations;
  }
  interface HTMLElementEventMap {
    'l4r-item-chosen': CustomEvent<ItemChosenDetail>;
    'l4r-recommendations-ready': CustomEvent<Recommendations>;
    'l4r-recommendations-error': CustomEvent<{ error: unknown }>;
  }
}
