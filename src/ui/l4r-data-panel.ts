import { LitElement, css, html, nothing } from 'lit';
import type { Progress } from '../progress.ts';
import { panelStyles } from './panel-styles.ts';
import { errorCode, errorMessage, formatCount } from './format.ts';
import './l4r-progress.ts';

/** What the panel shows about the dataset in the local store (the store's meta record fits). */
export interface DataPanelSummary {
  name: string;
  format: string;
  users: number;
  items: number;
  /** Items with at least one interaction, when known. */
  ratedItems?: number;
  interactions: number;
  /** Milliseconds since the epoch. */
  importedAt?: number;
}

export interface ImportFilesDetail {
  files: File[];
}

/**
 * The dataset in this browser: counts, loading one's own files (picker or drag-and-drop),
 * and clearing all local data after a confirmation. It only shows state and asks: the app
 * does the import and sets `busy`, `progress`, `error` and `summary`.
 *
 * @fires l4r-import-files - `CustomEvent<ImportFilesDetail>`: the person chose files to import.
 * @fires l4r-cancel-import - the person cancelled the import in flight.
 * @fires l4r-clear-data - the person confirmed deleting all local data.
 * @csspart dropzone - the file drop area.
 */
export class L4rDataPanel extends LitElement {
  static override properties = {
    summary: { attribute: false },
    busy: { type: Boolean },
    progress: { attribute: false },
    error: { attribute: false },
    confirming: { state: true },
    dragging: { state: true },
  };

  static override styles = [
    panelStyles,
    css`
      [part='dropzone'] {
        display: block;
        margin-top: 0.75rem;
        padding: 0.9rem;
        border: 2px dashed var(--l4r-border, #d5d9e0);
        border-radius: 8px;
        text-align: center;
      }
      [part='dropzone'].dragging {
        border-color: var(--l4r-accent, #3b6fd8);
        background: color-mix(in srgb, var(--l4r-accent, #3b6fd8) 8%, transparent);
      }
      input[type='file'] {
        max-width: 100%;
      }
      .confirm {
        margin-top: 0.75rem;
        padding: 0.6rem;
        border: 1px solid var(--l4r-error, #b3261e);
        border-radius: 6px;
      }
      .message {
        min-height: 1.4em;
      }
    `,
  ];

  /** undefined while the store is being read; null when it holds no dataset. */
  declare summary: DataPanelSummary | null | undefined;
  /** An import or clear is running: inputs are disabled. */
  declare busy: boolean;
  declare progress: Progress | undefined;
  /** The last import/clear failure, shown until the next attempt (the previous data stays). */
  declare error: unknown;
  declare private confirming: boolean;
  declare private dragging: boolean;

  constructor() {
    super();
    this.summary = undefined;
    this.busy = false;
    this.progress = undefined;
    this.error = undefined;
    this.confirming = false;
    this.dragging = false;
  }

  protected override render() {
    return html`
      <h2 id="data-heading">Data</h2>
      ${this.renderSummary()}
      <div
        part="dropzone"
        class=${this.dragging ? 'dragging' : ''}
        @dragover=${this.onDragOver}
        @dragleave=${() => (this.dragging = false)}
        @drop=${this.onDrop}
      >
        <label for="files">Load your own dataset: choose or drop its files</label><br />
        <input id="files" type="file" multiple ?disabled=${this.busy} @change=${this.onPick}
          aria-describedby="formats" accept=".csv,.dat,.data,.item,.json,.txt" />
        <p id="formats" class="muted">
          MovieLens (ratings.csv + movies.csv, u.data + u.item, ratings.dat + movies.dat) or a generic
          CSV/JSON of user,item[,rating][,timestamp]. Everything stays in this browser.
        </p>
      </div>
      <l4r-progress label="Import progress" .progress=${this.busy ? this.progress : undefined}></l4r-progress>
      <p class="message" role="status">${this.renderError()}</p>
      <div class="actions">
        ${this.busy
          ? html`<button class="secondary" @click=${() => this.fire('l4r-cancel-import')}>Cancel import</button>`
          : nothing}
        <button class="danger" ?disabled=${this.busy || this.confirming} @click=${() => (this.confirming = true)}>
          Clear all local data…
        </button>
      </div>
      ${this.confirming ? this.renderConfirm() : nothing}
    `;
  }

  private renderSummary() {
    const s = this.summary;
    if (s === undefined) return html`<p class="muted">Reading the local store…</p>`;
    if (s === null) return html`<p class="muted">No dataset in this browser yet.</p>`;
    return html`<dl aria-labelledby="data-heading">
      <dt>Dataset</dt>
      <dd data-field="name">${s.name} <span class="muted">(${s.format})</span></dd>
      <dt>Users</dt>
      <dd data-field="users">${formatCount(s.users)}</dd>
      <dt>Items</dt>
      <dd data-field="items">
        ${formatCount(s.items)}${s.ratedItems === undefined || s.ratedItems === s.items
          ? nothing
          : html` <span class="muted">(${formatCount(s.ratedItems)} with interactions)</span>`}
      </dd>
      <dt>Interactions</dt>
      <dd data-field="interactions">${formatCount(s.interactions)}</dd>
      ${s.importedAt === undefined
        ? nothing
        : html`<dt>Imported</dt>
            <dd>${new Date(s.importedAt).toLocaleString()}</dd>`}
    </dl>`;
  }

  private renderError() {
    if (this.error === undefined) return nothing;
    const code = errorCode(this.error);
    return html`<span class="error" data-code=${code ?? ''}>
      ${errorMessage(this.error)}${this.summary ? ' The previous dataset is still there.' : ''}
    </span>`;
  }

  private renderConfirm() {
    return html`<div class="confirm" role="alertdialog" aria-labelledby="confirm-text">
      <p id="confirm-text">
        Delete everything this demo stored in this browser: the dataset, trained models, augmented pairs and
        cached LLM answers? Downloaded LLM weights are kept by the browser's model cache.
      </p>
      <div class="actions">
        <button class="danger" data-action="confirm-clear" @click=${this.onConfirmClear}>Delete everything</button>
        <button class="secondary" data-action="keep" @click=${() => (this.confirming = false)}>Keep my data</button>
      </div>
    </div>`;
  }

  protected override updated(changed: Map<string, unknown>): void {
    // Move focus into the confirmation so keyboard users land on the choice they must make.
    if (changed.has('confirming') && this.confirming) {
      this.renderRoot.querySelector<HTMLButtonElement>('[data-action="keep"]')?.focus();
    }
  }

  private onConfirmClear(): void {
    this.confirming = false;
    this.fire('l4r-clear-data');
  }

  private onPick(event: Event): void {
    const input = event.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    // Reset so choosing the same files again (after fixing them) fires `change` again.
    input.value = '';
    this.requestImport(files);
  }

  private onDragOver(event: DragEvent): void {
    if (this.busy) return;
    event.preventDefault();
    this.dragging = true;
  }

  private onDrop(event: DragEvent): void {
    event.preventDefault();
    this.dragging = false;
    if (this.busy) return;
    this.requestImport([...(event.dataTransfer?.files ?? [])]);
  }

  private requestImport(files: File[]): void {
    if (files.length === 0) return;
    this.dispatchEvent(
      new CustomEvent<ImportFilesDetail>('l4r-import-files', { detail: { files }, bubbles: true, composed: true }),
    );
  }

  private fire(name: 'l4r-clear-data' | 'l4r-cancel-import'): void {
    this.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true }));
  }
}

customElements.define('l4r-data-panel', L4rDataPanel);

declare global {
  interface HTMLElementTagNameMap {
    'l4r-data-panel': L4rDataPanel;
  }
  interface HTMLElementEventMap {
    'l4r-import-files': CustomEvent<ImportFilesDetail>;
    'l4r-clear-data': CustomEvent<void>;
    'l4r-cancel-import': CustomEvent<void>;
  }
}
