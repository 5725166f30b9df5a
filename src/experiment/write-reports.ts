/**
 * Writes an experiment's reports into a directory (Node only): experiment.json (the spec, every
 * run and the summary), table.md (the paper's layout), runs.csv and summary.csv, chart.svg.
 * Each file is written atomically, so a reader never sees half a report.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { RecError } from '../errors.ts';
import { chartSvg } from './chart-svg.ts';
import { runsCsv, summaryCsv } from './csv-report.ts';
import type { ExperimentRun, ExperimentSpec } from './experiment-types.ts';
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
  const contents: [string, string][] = [
    [REPORT_FILES.json, experimentJson(spec, runs, summary)],
    [REPORT_FILES.markdown, markdownTable(summary)],
    [REPORT_FILES.runsCsv, runsCsv(spec, runs)],
    [REPORT_FILES.summaryCsv, summaryCsv(summary)],
    [REPORT_FILES.chart, chartSvg(summary)],
  ];
  const files: string[] = [];
  for (const [name, text] of contents) {
    const file = join(dir, name);
    await writeAtomically(file, text);
    files.push(file);
  }
  return { summary, files };
}
