/**
 * The experiment's rows as a grouped bar chart, written as SVG by hand (no charting dependency
 * in Node): one group per metric, one bar per row at its mean over seeds, a whisker for the 95%
 * t interval, and "*" over bars the paired t-test marks. Deterministic: the same summary gives
 * the same bytes. Rating metrics (RMSE, MAE) share the axis with nothing else, so the chart uses
 * whatever metrics the summary has.
 */
import { fixed4 } from './format-number.ts';
import type { ExperimentSummary } from './summarize-experiment.ts';

/** Colour-blind-safe (Okabe–Ito) colours, one per row, in row order. */
const COLORS = ['#999999', '#E69F00', '#0072B2', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442'];

const BAR = 22;
const GAP = 28;
const LEFT = 64;
const TOP = 48;
const PLOT_HEIGHT = 260;

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Round tick steps (1, 2, 5 × 10^k) so that about five ticks span [0, max]. */
export function niceTicks(max: number): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let k = 0; k * step <= max + step * 1e-9 || ticks.length < 2; k++) ticks.push(Number((k * step).toPrecision(12)));
  if (ticks.at(-1)! < max) ticks.push(Number((ticks.length * step).toPrecision(12)));
  return ticks;
}

export function chartSvg(summary: ExperimentSummary): string {
  const { spec, rows } = summary;
  const metrics = spec.metrics;
  const groupWidth = rows.length * BAR + GAP;
  const plotWidth = metrics.length * groupWidth;
  const legendHeight = rows.length * 18 + 12;
  const width = LEFT + plotWidth + 24;
  const height = TOP + PLOT_HEIGHT + 40 + legendHeight;
  let top = 0;
  for (const row of rows) for (const m of row.metrics) top = Math.max(top, Number.isFinite(m.interval.high) ? m.interval.high : m.interval.mean || 0);
  const ticks = niceTicks(top);
  const yMax = ticks.at(-1)!;
  const y = (v: number) => TOP + PLOT_HEIGHT - (v / yMax) * PLOT_HEIGHT;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`);
  out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(`<text x="${LEFT}" y="20" font-size="14" font-weight="bold">${escapeXml(spec.title)}</text>`);
  out.push(`<text x="${LEFT}" y="36" fill="#444444">${escapeXml(`${spec.dataset}, backbone ${spec.backbone}, LLM: ${spec.llm}; mean of ${spec.seeds.length} seeds, whiskers 95% CI, * paired t-test p ≤ 0.05`)}</text>`);
  for (const tick of ticks) {
    out.push(`<line x1="${LEFT}" x2="${LEFT + plotWidth}" y1="${y(tick).toFixed(1)}" y2="${y(tick).toFixed(1)}" stroke="#e0e0e0"/>`);
    out.push(`<text x="${LEFT - 6}" y="${(y(tick) + 4).toFixed(1)}" text-anchor="end">${tick}</text>`);
  }
  metrics.forEach((metric, g) => {
    const x0 = LEFT + g * groupWidth + GAP / 2;
    rows.forEach((row, r) => {
      const m = row.metrics[g]!;
      if (m.interval.n === 0 || !Number.isFinite(m.interval.mean)) return;
      const x = x0 + r * BAR;
      const color = COLORS[r % COLORS.length]!;
      const title = `${row.label} ${metric}: ${fixed4(m.interval.mean)} ± ${fixed4(m.interval.sd)}`;
      out.push(`<rect class="bar" data-row="${escapeXml(row.row)}" data-metric="${escapeXml(metric)}" x="${x + 2}" y="${y(m.interval.mean).toFixed(1)}" width="${BAR - 4}" height="${(y(0) - y(m.interval.mean)).toFixed(1)}" fill="${color}"><title>${escapeXml(title)}</title></rect>`);
      if (Number.isFinite(m.interval.low)) {
        const cx = x + BAR / 2;
        const low = y(Math.max(0, m.interval.low)).toFixed(1);
        const high = y(m.interval.high).toFixed(1);
        out.push(`<path d="M${cx} ${low}V${high}M${cx - 4} ${low}H${cx + 4}M${cx - 4} ${high}H${cx + 4}" stroke="#222222" fill="none"/>`);
      }
      if (m.significant) {
        const above = Number.isFinite(m.interval.high) ? m.interval.high : m.interval.mean;
        out.push(`<text class="mark" x="${x + BAR / 2}" y="${(y(above) - 4).toFixed(1)}" text-anchor="middle" font-size="14">*</text>`);
      }
    });
    out.push(`<text x="${x0 + (rows.length * BAR) / 2}" y="${TOP + PLOT_HEIGHT + 16}" text-anchor="middle">${escapeXml(metric)}</text>`);
  });
  out.push(`<line x1="${LEFT}" x2="${LEFT + plotWidth}" y1="${y(0)}" y2="${y(0)}" stroke="#222222"/>`);
  rows.forEach((row, r) => {
    const ly = TOP + PLOT_HEIGHT + 36 + r * 18;
    out.push(`<rect x="${LEFT}" y="${ly}" width="12" height="12" fill="${COLORS[r % COLORS.length]}"/>`);
    out.push(`<text x="${LEFT + 18}" y="${ly + 10}">${escapeXml(row.label)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
