/**
 * Writes an experiment's reports into a directory (Node only): experiment.json (the spec, every
 * run and the summary), table.md (the paper's layout), runs.csv and summary.csv, chart.svg.
 * With re-ranking variants, the files above show the better variant per run (chosen on
 * validation) and table.md adds a table per variant, written also as runs-<variant>.csv and
 * summary-<variant>.csv. Each file is written atomically, so a reader never sees half a report.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { RecError } from '../errors.ts';
import { chartSvg } from './chart-svg.ts';
import { runsCsv, summaryCsv } from './csv-report.ts';
import { variantView, type ExperimentRun, type ExperimentSpec } from './experiment-types.ts';
import { markdownTable } from './markdown-table.ts';
import { writeAtomically } from './run-state.ts';
import { summarizeExperiment, type ExperimentSummary } from './summarize-experiment.ts';

export const REPORT_FILES = { json: 'experiment.json', markdown: 'table.md', runsCsv: 'runs.csv', summaryCsv: 'summary.csv', chart: 'chart.svg' } as const;

/** JSON has no NaN or Infinity: they are written as null. */
export function experimentJson(spec: ExperimentSpec, runs: readonly ExperimentRun[], summary: ExperimentSummary): string {
  const { spec: _spec, ...rest } = summary;
  return JSON.stringify({ spec, runs, summary: rest }, (_key, value) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 1) + '\n';
}

export async function writeExperimentReports(dir: string, spec: ExperimentSpec, runs: readonly ExperimentRun[]): Promise<{ summary: ExperimentSummary; files: string[] }> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new RecError('STORE_UNAVAILABLE', `Cannot create the report directory ${dir}: ${String(error)}.`, { cause: error });
  }
  const summary = summarizeExperiment(spec, runs);
  const variants = spec.variants ?? [];
  const views = variants.map((variant) => {
    const viewSpec = { ...spec, title: `${spec.title}: ${variant} re-ranking only` };
    const viewRuns = variantView(runs, variant);
    return { variant, spec: viewSpec, runs: viewRuns, summary: summarizeExperiment(viewSpec, viewRuns) };
  });
  const contents: [string, string][] = [
    [REPORT_FILES.json, experimentJson(spec, runs, summary)],
    [REPORT_FILES.markdown, [markdownTable(summary), variantChoices(spec, runs), ...views.map((v) => markdownTable(v.summary))].filter((t) => t !== '').join('\n')],
    [REPORT_FILES.runsCsv, runsCsv(spec, runs)],
    [REPORT_FILES.summaryCsv, summaryCsv(summary)],
    [REPORT_FILES.chart, chartSvg(summary)],
    ...views.flatMap((v): [string, string][] => [
      [`runs-${v.variant}.csv`, runsCsv(v.spec, v.runs)],
      [`summary-${v.variant}.csv`, summaryCsv(v.summary)],
    ]),
  ];
  const files: string[] = [];
  for (const [name, text] of contents) {
    const file = join(dir, name);
    await writeAtomically(file, text);
    files.push(file);
  }
  return { summary, files };
}

/** Which variant each row's runs took (chosen on validation), as a Markdown line; '' without variants. */
export function variantChoices(spec: ExperimentSpec, runs: readonly ExperimentRun[]): string {
  if (!spec.variants || spec.variants.length < 2) return '';
  const parts = spec.rows.flatMap((row) => {
    const chosen = runs.filter((r) => r.row === row.id && typeof r.notes?.variant === 'string').map((r) => String(r.notes!.variant));
    if (chosen.length === 0) return [];
    const counts = spec.variants!.map((v) => [v, chosen.filter((c) => c === v).length] as const).filter(([, n]) => n > 0);
    return [`${row.label}: ${counts.map(([v, n]) => `${v} ×${n}`).join(', ')}`];
  });
  return `Rows above: per run, the re-ranking variant with the better validation objective (the α search's NDCG@k): ${parts.join('; ')}.\n`;
}
