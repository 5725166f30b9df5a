import { LitElement, css, html, nothing } from 'lit';
import type { Progress } from '../progress.ts';
import type { Known } from './device-report.ts';
import { panelStyles } from './panel-styles.ts';
import { errorMessage, formatBytes } from './format.ts';
import './l4r-progress.ts';

/** One model of the registry, as the panel shows it. */
export interface LlmModelView {
  id: string;
  displayName: string;
  /** Bytes to download (weights and library), when known. */
  downloadBytes?: number;
  /** GPU memory the model needs while running, when known. */
  memoryBytes?: number;
  cached: boolean;
  /** Why this model cannot run on this device (and what to do); undefined when it can. */
  blockedReason?: string;
}

export interface LlmPanelView {
  models: Known<LlmModelView[]>;
  /** The model being downloaded/loaded, with its progress. */
  loading?: { modelId: string; progress?: Progress };
  /** The model that is loaded and answering. */
  loadedId?: string;
  error?: unknown;
}

export interface LlmModelDetail {
  modelId: string;
}

/**
 * Pick the language model: each model's download size and memory needs, whether it is cached,
 * load it with progress, or read the clear reason it cannot run here.
 *
 * @fires l4r-llm-load - `CustomEvent<LlmModelDetail>`: load (download if needed) this model.
 * @fires l4r-llm-cancel - stop the download/load in flight.
 * @fires l4r-llm-unload - free the loaded model's memory.
 */
export class L4rLlmPanel extends LitElement {
  static override properties = {
    view: { attribute: false },
    selectedId: { state: true },
  };

  static override styles = [
    panelStyles,
    css`
      fieldset {
        border: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 0.4rem;
      }
      label.model {
        display: grid;
        grid-template-columns: auto 1fr;
        gap: 0 0.5rem;
        padding: 0.4rem 0.5rem;
        border: 1px solid var(--l4r-border, #d5d9e0);
        border-radius: 6px;
        cursor: pointer;
      }
      details {
        margin-top: 0.5rem;
        display: grid;
        gap: 0.4rem;
      }
      summary {
        cursor: pointer;
        color: var(--l4r-accent, #3b6fd8);
      }
      details label.model {
        margin-top: 0.4rem;
      }
      label.model.blocked {
        cursor: default;
        opacity: 0.8;
      }
      .detail {
        grid-column: 2;
        font-size: 0.85em;
        color: var(--l4r-muted, #5b6270);
      }
      .reason {
        grid-column: 2;
        font-size: 0.85em;
        color: var(--l4r-error, #b3261e);
      }
    `,
  ];

  declare view: LlmPanelView;
  declare private selectedId: string | undefined;

  constructor() {
    super();
    this.view = { models: { state: 'unknown', reason: 'The LLM model registry is not available yet.' } };
    this.selectedId = undefined;
  }

  private models(): LlmModelView[] {
    return this.view.models.state === 'known' ? this.view.models.value : [];
  }

  /** The chosen model: the person's pick, else the loaded one, else the first that can run. */
  private selected(): LlmModelView | undefined {
    const models = this.models();
    const id = this.selectedId ?? this.view.loadedId;
    return models.find((m) => m.id === id) ?? models.find((m) => !m.blockedReason);
  }

  protected override render() {
    const v = this.view;
    const selected = this.selected();
    const busy = v.loading !== undefined;
    const runnable = this.models().filter((m) => m.blockedReason === undefined);
    const blocked = this.models().filter((m) => m.blockedReason !== undefined);
    return html`
      <h2>Language model</h2>
      ${v.models.state === 'unknown'
        ? html`<p class="muted" data-state="unavailable">${v.models.reason}</p>`
        : html`<fieldset ?disabled=${busy}>
              <legend class="muted">Runs in this browser with WebLLM; weights are downloaded once and cached.</legend>
              ${runnable.length === 0 ? html`<p class="error" data-state="none-runnable">No model can run on this device.</p>` : nothing}
              ${runnable.map((m) => this.renderModel(m, m.id === selected?.id))}
            </fieldset>
            ${blocked.length === 0
              ? nothing
              : html`<details ?open=${runnable.length === 0}>
                  <summary>${blocked.length} ${blocked.length === 1 ? 'model cannot' : 'models cannot'} run here, and why</summary>
                  ${blocked.map((m) => this.renderModel(m, false))}
                </details>`}`}
      <l4r-progress
        label="Model download progress"
        .progress=${v.loading?.progress}
        idle-text=${v.loadedId ? `Loaded: ${this.models().find((m) => m.id === v.loadedId)?.displayName ?? v.loadedId}` : ''}
      ></l4r-progress>
      ${v.error === undefined ? nothing : html`<p class="error" role="alert">${errorMessage(v.error)}</p>`}
      <div class="actions">
        ${busy
          ? html`<button class="secondary" @click=${() => this.fire('l4r-llm-cancel')}>Cancel</button>`
          : !selected
          ? nothing
          : html`<button
              data-action="load"
              ?disabled=${selected.blockedReason !== undefined || selected.id === v.loadedId}
              @click=${() => this.fire('l4r-llm-load', { modelId: selected.id })}
            >
              ${selected.cached ? 'Load model' : 'Download and load'}
            </button>`}
        ${v.loadedId && !busy
          ? html`<button class="secondary" @click=${() => this.fire('l4r-llm-unload')}>Unload</button>`
          : nothing}
      </div>
    `;
  }

  private renderModel(m: LlmModelView, checked: boolean) {
    const sizes = [
      m.downloadBytes === undefined ? 'download size unknown' : `${formatBytes(m.downloadBytes)} download`,
      m.memoryBytes === undefined ? 'memory need unknown' : `needs ${formatBytes(m.memoryBytes)} of GPU memory`,
      m.cached ? 'cached' : 'not downloaded',
    ];
    return html`<label class="model ${m.blockedReason ? 'blocked' : ''}" data-model=${m.id}>
      <input
        type="radio"
        name="model"
        .value=${m.id}
        .checked=${checked}
        ?disabled=${m.blockedReason !== undefined}
        @change=${() => (this.selectedId = m.id)}
      />
      <span>${m.displayName}${m.id === this.view.loadedId ? html` <span class="ok">(loaded)</span>` : nothing}</span>
      <span class="detail">${sizes.join(' · ')}</span>
      ${m.blockedReason ? html`<span class="reason" data-reason>${m.blockedReason}</span>` : nothing}
    </label>`;
  }

  private fire(name: 'l4r-llm-cancel' | 'l4r-llm-unload'): void;
  private fire(name: 'l4r-llm-load', detail: LlmModelDetail): void;
  private fire(name: string, detail?: LlmModelDetail): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }
}

customElements.define('l4r-llm-panel', L4rLlmPanel);

declare global {
  interface HTMLElementTagNameMap {
    'l4r-llm-panel': L4rLlmPanel;
  }
  interface HTMLElementEventMap {
    'l4r-llm-load': CustomEvent<LlmModelDetail>;
    'l4r-llm-cancel': CustomEvent<void>;
    'l4r-llm-unload': CustomEvent<void>;
  }
}
