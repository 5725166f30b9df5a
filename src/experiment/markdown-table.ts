/**
 * The experiment as the paper prints it: one line per row with mean ± sd per metric, "*" where
 * the paired t-test against the backbone gives p ≤ 0.05 (and the row is better), then an
 * "Improv." line per row with the relative change of each mean against the backbone, the 95% t
 * interval of each mean, then what each row cost (α chosen, LLM calls, cache hit rate).
 */
import { fixed4, percent, pValue } from './format-number.ts';
import { SIGNIFICANCE, type ExperimentSummary, type RowSummary } from './summarize-experiment.ts';

export function markdownTable(summary: ExperimentSummary): string {
  const { spec } = summary;
  const header = `| | ${spec.metrics.join(' | ')} |`;
  const rule = `|---|${spec.metrics.map(() => '---').join('|')}|`;
  const cells = (row: RowSummary) =>
    row.metrics.map((m) => (m.interval.n === 0 ? '–' : `${fixed4(m.interval.mean)} ± ${fixed4(m.interval.sd)}${m.significant ? '*' : ''}`));
  const lines = [`### ${spec.title}`, '', `${spec.dataset}, ${spec.task}, backbone ${spec.backbone}, LLM: ${spec.llm}; ${spec.seeds.length} seeds (${spec.seeds.join(', ')}).`, '', header, rule];
  for (const row of summary.rows) lines.push(`| ${row.label} | ${cells(row).join(' | ')} |`);
  for (const row of summary.rows) {
    if (row.row === summary.baselineRow) continue;
    lines.push(`| Improv. (${row.label}) | ${row.metrics.map((m) => `${percent(m.improvement)} (p ${pValue(m.test?.p)})`).join(' | ')} |`);
  }
  lines.push('', `mean ± sd over seeds; * = paired t-test against "${summary.rows.find((r) => r.row === summary.baselineRow)!.label}" by seed, p ≤ ${SIGNIFICANCE}, and better.`);
  lines.push('', `| 95% t interval of the mean | ${spec.metrics.join(' | ')} |`, rule);
  for (const row of summary.rows) lines.push(`| ${row.label} | ${row.metrics.map((m) => (m.interval.n < 2 ? '–' : `[${fixed4(m.interval.low)}, ${fixed4(m.interval.high)}]`)).join(' | ')} |`);
  const alphaHeading = spec.settings?.alpha1 === undefined ? 'α1, α2 chosen on validation (per seed)' : 'α1, α2 (fixed)';
  lines.push('', `| row | ${alphaHeading} | LLM calls | answer cache hit rate |`, '|---|---|---|---|');
  for (const row of summary.rows) {
    const alphas = row.alphas.length === 0 ? '–' : row.alphas.map((a) => `${a.alpha1}/${a.alpha2}`).join(', ');
    const rate = Number.isFinite(row.cacheHitRate) ? `${(row.cacheHitRate * 100).toFixed(1)}% (${row.cacheHits}/${row.cacheHits + row.cacheMisses})` : '–';
    lines.push(`| ${row.label} | ${alphas} | ${row.llmCalls} | ${rate} |`);
  }
  return lines.join('\n') + '\n';
}
