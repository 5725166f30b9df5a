import { LitElement, css, html, nothing } from 'lit';
import { panelStyles } from './panel-styles.ts';
import { formatBytes } from './format.ts';
import type { BackendReport, DeviceReport, GpuReport, Known, MeasuredReport, ModelCacheReport, StorageReport } from './device-report.ts';

/**
 * What this device offers the recommender: WebGPU adapter and features (shader-f16), key
 * limits, the TF.js backend in use and why others were skipped, storage used and available,
 * and which LLM weights are already cached.
 *
 * @fires l4r-refresh-device - the person asked to measure again (e.g. after freeing storage).
 */
export class L4rDevicePanel extends LitElement {
  static override properties = {
    report: { attribute: false },
  };

  static override styles = [
    panelStyles,
    css`
      details {
        margin-top: 0.35rem;
      }
      summary {
        cursor: pointer;
        color: var(--l4r-accent, #3b6fd8);
      }
      ul {
        margin: 0.25rem 0;
        padding-left: 1.2rem;
      }
      .features {
        font-size: 0.85em;
      }
      meter {
        width: 100%;
      }
    `,
  ];

  /** undefined while measuring. */
  declare report: DeviceReport | undefined;

  constructor() {
    super();
    this.report = undefined;
  }

  protected override render() {
    const r = this.report;
    return html`
      <h2>This device</h2>
      ${r === undefined
        ? html`<p class="muted" role="status">Measuring what this device offers…</p>`
        : html`
            <section aria-labelledby="gpu-h">
              <h3 id="gpu-h">WebGPU</h3>
              ${this.section(r.gpu, (gpu) => this.renderGpu(gpu))}
            </section>
            <section aria-labelledby="backend-h">
              <h3 id="backend-h">TF.js backend</h3>
              ${this.section(r.backend, (b) => this.renderBackend(b))}
            </section>
            <section aria-labelledby="storage-h">
              <h3 id="storage-h">Storage</h3>
              ${this.section(r.storage, (s) => this.renderStorage(s))}
            </section>
            <section aria-labelledby="llm-h">
              <h3 id="llm-h">LLM weights</h3>
              ${this.section(r.llmWeights, (m) => this.renderModels(m))}
            </section>
          `}
      <div class="actions">
        <button class="secondary" @click=${this.refresh}>Measure again</button>
      </div>
    `;
  }

  private section<T>(known: Known<T>, render: (value: T) => unknown) {
    return known.state === 'known' ? render(known.value) : html`<p class="muted" data-unknown>${known.reason}</p>`;
  }

  private renderGpu(gpu: GpuReport) {
    const name = [gpu.vendor, gpu.architecture, gpu.device].filter((s) => s).join(' · ') || 'unnamed adapter';
    return html`<dl>
        <dt>Adapter</dt>
        <dd data-field="adapter">${name}${gpu.isFallbackAdapter ? html` <span class="muted">(software fallback)</span>` : nothing}</dd>
        ${gpu.description ? html`<dt>Description</dt><dd>${gpu.description}</dd>` : nothing}
        <dt>shader-f16</dt>
        <dd data-field="shader-f16" class=${gpu.shaderF16 ? 'ok' : ''}>
          ${gpu.shaderF16 ? 'yes' : 'no (models need f32 weights: larger and slower)'}
        </dd>
      </dl>
      <details>
        <summary>${Object.keys(gpu.limits).length} limits</summary>
        <ul class="features" data-field="limits">
          ${Object.entries(gpu.limits).map(([key, value]) => html`<li>${key}: ${limitText(key, value)}</li>`)}
        </ul>
      </details>
      <details>
        <summary>All ${gpu.features.length} features</summary>
        <ul class="features">
          ${gpu.features.map((f) => html`<li>${f}</li>`)}
        </ul>
      </details>`;
  }

  private renderBackend(b: BackendReport) {
    return html`<dl>
        <dt>In use</dt>
        <dd data-field="backend">${b.chosen}</dd>
      </dl>
      ${b.skipped.length === 0
        ? nothing
        : html`<ul data-field="skipped">
            ${b.skipped.map((s) => html`<li><strong>${s.name}</strong> skipped: ${s.reason}</li>`)}
          </ul>`}
      ${b.measured ? this.renderMeasured(b.measured, b.chosen) : nothing}`;
  }

  /** The calibration figures that decided the automatic choice, fastest first. */
  private renderMeasured(m: MeasuredReport, chosen: string) {
    const rows = Object.entries(m.msPerStep).sort((a, b) => a[1] - b[1]);
    const when = new Date(m.measuredAt).toLocaleString();
    return html`<details data-field="measured">
      <summary>Chosen by measurement: ms per training step (${m.shapeClass})</summary>
      <ul class="features">
        ${rows.map(([name, ms]) => html`<li data-backend=${name} class=${name === chosen ? 'ok' : ''}>${name}: ${ms.toFixed(ms < 10 ? 2 : 1)} ms${name === chosen ? ' (chosen)' : ''}</li>`)}
      </ul>
      <p class="muted">On ${m.adapter}; ${m.remembered ? `remembered from ${when}` : `measured ${when}`}.</p>
    </details>`;
  }

  private renderStorage(s: StorageReport) {
    const free = Math.max(0, s.quota - s.usage);
    return html`<meter min="0" max=${s.quota} .value=${s.usage} aria-label="Storage used"></meter>
      <dl>
        <dt>Used</dt>
        <dd data-field="usage">${formatBytes(s.usage)}</dd>
        <dt>Available</dt>
        <dd data-field="available">${formatBytes(free)} of ${formatBytes(s.quota)}</dd>
        ${s.persisted === undefined
          ? nothing
          : html`<dt>Persistent</dt>
              <dd>${s.persisted ? 'yes' : 'no (the browser may evict it when space runs low)'}</dd>`}
      </dl>`;
  }

  private renderModels(models: ModelCacheReport[]) {
    if (models.length === 0) return html`<p class="muted">No models are registered.</p>`;
    const cached = models.filter((m) => m.cached);
    // Only the cached ones by name: the LLM panel lists every model with its sizes.
    return html`<p data-field="models-cached">
        ${cached.length === 0
          ? `None of the ${models.length} registered models is cached yet.`
          : `${cached.length} of ${models.length} registered models cached:`}
      </p>
      ${cached.length === 0
        ? nothing
        : html`<ul data-field="models">
            ${cached.map((m) => html`<li data-model=${m.modelId} class="ok">${m.displayName}</li>`)}
          </ul>`}`;
  }

  private refresh(): void {
    this.dispatchEvent(new CustomEvent('l4r-refresh-device', { bubbles: true, composed: true }));
  }
}

/** Byte-sized limits read better as bytes; the rest are plain counts. */
function limitText(key: string, value: number): string {
  return /size/i.test(key) ? formatBytes(value) : value.toLocaleString('en-US');
}

customElements.define('l4r-device-panel', L4rDevicePanel);

declare global {
  interface HTMLElementTagNameMap {
    'l4r-device-panel': L4rDevicePanel;
  }
  interface HTMLElementEventMap {
    'l4r-refresh-device': CustomEvent<void>;
  }
}
