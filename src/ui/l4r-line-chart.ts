import { LitElement, css, html, unsafeCSS, type PropertyValues } from 'lit';
import uPlot from 'uplot';
import uPlotCss from 'uplot/dist/uPlot.min.css?inline';

export interface ChartSeries {
  label: string;
  /** One value per x; null leaves a gap. */
  values: (number | null)[];
  color?: string;
  /** Dots only (a scatter over sorted x), no line. */
  pointsOnly?: boolean;
  /** Plot on a second y axis on the right (e.g. a metric beside a loss). */
  rightAxis?: boolean;
}

/**
 * A small line/scatter chart (uPlot on a canvas) with a text summary for screen readers.
 * Its height is fixed, so the panel around it does not move as data arrives.
 *
 * @csspart caption - the text summary under the chart.
 * @cssprop --l4r-chart-height - the plot's height (default 200px).
 */
export class L4rLineChart extends LitElement {
  static override properties = {
    x: { attribute: false },
    series: { attribute: false },
    xLabel: { type: String, attribute: 'x-label' },
    yLabel: { type: String, attribute: 'y-label' },
    y2Label: { type: String, attribute: 'y2-label' },
    caption: { type: String },
    emptyText: { type: String, attribute: 'empty-text' },
    integerX: { type: Boolean, attribute: 'integer-x' },
  };

  static override styles = [
    unsafeCSS(uPlotCss),
    css`
      :host {
        display: block;
        min-width: 0;
      }
      .plot {
        position: relative;
        height: var(--l4r-chart-height, 200px);
        overflow: hidden;
      }
      .empty {
        position: absolute;
        inset: 0;
        display: grid;
        place-items: center;
        color: var(--l4r-muted, #5b6270);
        font-size: 0.9em;
        border: 1px dashed var(--l4r-border, #d5d9e0);
        border-radius: 6px;
      }
      [part='caption'] {
        font-size: 0.85em;
        color: var(--l4r-muted, #5b6270);
        min-height: 1.3em;
      }
      .legend {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 1rem;
        list-style: none;
        margin: 0.25rem 0 0;
        padding: 0;
        font-size: 0.85em;
      }
      .swatch {
        display: inline-block;
        width: 0.8em;
        height: 0.8em;
        margin-right: 0.3em;
        border-radius: 2px;
        vertical-align: -0.1em;
      }
    `,
  ];

  declare x: number[];
  declare series: ChartSeries[];
  declare xLabel: string;
  declare yLabel: string;
  declare y2Label: string;
  /** What the chart shows, in words (read by screen readers instead of the canvas). */
  declare caption: string;
  declare emptyText: string;
  /** x takes whole numbers only (epochs): ticks at whole steps. */
  declare integerX: boolean;

  private plot: uPlot | undefined;
  private plotShape = '';
  private resizeObserver: ResizeObserver | undefined;

  constructor() {
    super();
    this.x = [];
    this.series = [];
    this.xLabel = '';
    this.yLabel = '';
    this.y2Label = '';
    this.caption = '';
    this.emptyText = 'No data yet.';
    this.integerX = false;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
    this.resizeObserver = undefined;
    this.plot?.destroy();
    this.plot = undefined;
    this.plotShape = '';
  }

  protected override render() {
    const empty = this.x.length === 0;
    return html`<figure style="margin:0">
      <div class="plot" role="img" aria-label=${this.caption || this.emptyText}>
        ${empty ? html`<div class="empty">${this.emptyText}</div>` : ''}
        <div class="host"></div>
      </div>
      <ul class="legend" aria-hidden="true">
        ${this.series.map(
          (s, i) => html`<li><span class="swatch" style="background:${s.color ?? PALETTE[i % PALETTE.length]}"></span>${s.label}</li>`,
        )}
      </ul>
      <figcaption part="caption">${this.caption}</figcaption>
    </figure>`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('x') && !changed.has('series') && this.plot) return;
    this.draw();
  }

  /** The uPlot instance (for tests and for reading scales); undefined until there is data. */
  get chart(): uPlot | undefined {
    return this.plot;
  }

  private draw(): void {
    const container = this.renderRoot.querySelector<HTMLElement>('.host');
    const box = this.renderRoot.querySelector<HTMLElement>('.plot');
    if (!container || !box) return;
    if (this.x.length === 0) {
      this.plot?.destroy();
      this.plot = undefined;
      this.plotShape = '';
      return;
    }
    const data: uPlot.AlignedData = [this.x, ...this.series.map((s) => s.values)];
    // Labels/axes only change when the series list does; then rebuild, else just swap data (cheap, no flicker).
    const shape = JSON.stringify([this.series.map((s) => [s.label, s.color, s.pointsOnly, s.rightAxis]), this.xLabel, this.yLabel, this.y2Label, this.integerX]);
    if (this.plot && shape === this.plotShape) {
      this.plot.setData(data);
      return;
    }
    this.plot?.destroy();
    this.plotShape = shape;
    const width = Math.max(160, box.clientWidth);
    const height = Math.max(120, box.clientHeight);
    const hasRight = this.series.some((s) => s.rightAxis);
    this.plot = new uPlot(
      {
        width,
        height,
        scales: { x: { time: false } },
        // Our own legend sits under the plot; uPlot's would change height as values update.
        legend: { show: false },
        axes: [
          // Whole-number steps only when x counts things (epochs, groups): no "epoch 1.25".
          { label: this.xLabel, size: 40, ...(this.integerX ? { incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] } : {}) },
          { label: this.yLabel, scale: 'y' },
          ...(hasRight ? [{ label: this.y2Label, scale: 'y2', side: 1 as const, grid: { show: false } }] : []),
        ],
        series: [
          { label: this.xLabel || 'x' },
          ...this.series.map((s, i) => ({
            label: s.label,
            scale: s.rightAxis ? 'y2' : 'y',
            stroke: s.color ?? PALETTE[i % PALETTE.length],
            width: 2,
            ...(s.pointsOnly
              ? { paths: () => null, points: { show: true, size: 5, fill: s.color ?? PALETTE[i % PALETTE.length] } }
              : {}),
          })),
        ],
      },
      data,
      container,
    );
    this.resizeObserver ??= new ResizeObserver(() => {
      const b = this.renderRoot.querySelector<HTMLElement>('.plot');
      if (b && this.plot) this.plot.setSize({ width: Math.max(160, b.clientWidth), height: Math.max(120, b.clientHeight) });
    });
    this.resizeObserver.observe(box);
  }
}

const PALETTE = ['#3b6fd8', '#d8743b', '#1b7a3a', '#8a3bd8', '#b3261e', '#0f8b8d'];

customElements.define('l4r-line-chart', L4rLineChart);

declare global {
  interface HTMLElementTagNameMap {
    'l4r-line-chart': L4rLineChart;
  }
}
