/** The experiment as CSV: every run (one line per row and seed), and the summary (one line per row and metric). */
import type { ExperimentRun, ExperimentSpec } from './experiment-types.ts';
import type { ExperimentSummary } from './summarize-experiment.ts';

/** RFC 4180: quote a field that holds a comma, quote or line break; double inner quotes. */
export function csvField(value: string | number | boolean | undefined): string {
  if (value === undefined) return '';
  const text = typeof value === 'number' && !Number.isFinite(value) ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const line = (fields: (string | number | boolean | undefined)[]) => fields.map(csvField).join(',');

export function runsCsv(spec: ExperimentSpec, runs: readonly ExperimentRun[]): string {
  const header = ['row', 'seed', ...spec.metrics, 'alpha1', 'alpha2', 'llm_calls', 'cache_hits', 'cache_misses', 'seconds'];
  const order = new Map(spec.rows.map((r, k) => [r.id, k]));
  const sorted = [...runs].sort((a, b) => (order.get(a.row) ?? 99) - (order.get(b.row) ?? 99) || a.seed - b.seed);
  const body = sorted.map((r) =>
    line([r.row, r.seed, ...spec.metrics.map((m) => r.metrics[m]), r.alpha?.alpha1, r.alpha?.alpha2, r.llm?.calls, r.llm?.cacheHits, r.llm?.cacheMisses, r.seconds]),
  );
  return [line(header), ...body].join('\n') + '\n';
}

export function summaryCsv(summary: ExperimentSummary): string {
  const header = ['row', 'label', 'metric', 'n', 'mean', 'sd', 'ci95_low', 'ci95_high', 'improvement', 't', 'p', 'significant'];
  const body = summary.rows.flatMap((row) =>
    row.metrics.map((m) =>
      line([row.row, row.label, m.metric, m.interval.n, m.interval.mean, m.interval.sd, m.interval.low, m.interval.high, m.improvement, m.test?.t, m.test?.p, m.significant]),
    ),
  );
  return [line(header), ...body].join('\n') + '\n';
}
