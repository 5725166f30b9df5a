/**
 * Per row and metric over the seeds: mean ± sd, a 95% t interval, the change against the
 * baseline row (the backbone) and a paired t-test against it, paired by seed (p ≤ 0.05 is the
 * paper's "*"). Plus what each row cost: LLM calls, the answer cache's hit rate, the α chosen.
 */
import { RecError } from '../errors.ts';
import { confidenceInterval, pairedTTest, type Interval, type PairedTTest } from '../eval/stats/summary.ts';
import { lowerIsBetter, type ExperimentRun, type ExperimentSpec } from './experiment-types.ts';

export const SIGNIFICANCE = 0.05;

export interface MetricSummary {
  metric: string;
  interval: Interval;
  /** Relative change of the mean against the baseline's, signed so that positive is better. NaN for the baseline. */
  improvement: number;
  /** Paired by seed against the baseline; absent for the baseline row itself. */
  test?: PairedTTest;
  /** p ≤ 0.05 and better than the baseline. */
  significant: boolean;
}

export interface RowSummary {
  row: string;
  label: string;
  seeds: number[];
  metrics: MetricSummary[];
  /** The α1, α2 chosen per seed (seed order), where the row blends. */
  alphas: { seed: number; alpha1: number; alpha2: number }[];
  llmCalls: number;
  cacheHits: number;
  cacheMisses: number;
  /** hits / (hits + misses); NaN where the row asked nothing. */
  cacheHitRate: number;
}

export interface ExperimentSummary {
  spec: ExperimentSpec;
  baselineRow: string;
  rows: RowSummary[];
}

export function summarizeExperiment(spec: ExperimentSpec, runs: readonly ExperimentRun[]): ExperimentSummary {
  const baselineRow = spec.baselineRow ?? spec.rows[0]?.id;
  if (!baselineRow || !spec.rows.some((r) => r.id === baselineRow)) {
    throw new RecError('CONFIG_INVALID', `The experiment's baseline row "${String(baselineRow)}" is not one of its rows (${spec.rows.map((r) => r.id).join(', ')}).`);
  }
  const byRow = new Map<string, Map<number, ExperimentRun>>();
  for (const run of runs) {
    if (!byRow.has(run.row)) byRow.set(run.row, new Map());
    byRow.get(run.row)!.set(run.seed, run);
  }
  const base = byRow.get(baselineRow) ?? new Map<number, ExperimentRun>();
  const rows = spec.rows.map((row): RowSummary => {
    const mine = byRow.get(row.id) ?? new Map<number, ExperimentRun>();
    const seeds = spec.seeds.filter((s) => mine.has(s));
    const metrics = spec.metrics.map((metric): MetricSummary => {
      const values = seeds.map((s) => mine.get(s)!.metrics[metric]!).filter((v) => Number.isFinite(v));
      const interval = confidenceInterval(values);
      if (row.id === baselineRow) return { metric, interval, improvement: Number.NaN, significant: false };
      const baseMean = confidenceInterval(spec.seeds.filter((s) => base.has(s)).map((s) => base.get(s)!.metrics[metric]!)).mean;
      const sign = lowerIsBetter(metric) ? -1 : 1;
      const improvement = baseMean === 0 ? Number.NaN : (sign * (interval.mean - baseMean)) / Math.abs(baseMean);
      // Paired by seed: only seeds both rows have.
      const paired = seeds.filter((s) => base.has(s) && Number.isFinite(base.get(s)!.metrics[metric]!) && Number.isFinite(mine.get(s)!.metrics[metric]!));
      const test = pairedTTest(paired.map((s) => mine.get(s)!.metrics[metric]!), paired.map((s) => base.get(s)!.metrics[metric]!));
      const better = sign * test.meanDifference > 0;
      return { metric, interval, improvement, test, significant: better && test.p <= SIGNIFICANCE };
    });
    let calls = 0;
    let hits = 0;
    let misses = 0;
    const alphas: RowSummary['alphas'] = [];
    for (const seed of seeds) {
      const run = mine.get(seed)!;
      calls += run.llm?.calls ?? 0;
      hits += run.llm?.cacheHits ?? 0;
      misses += run.llm?.cacheMisses ?? 0;
      if (run.alpha) alphas.push({ seed, alpha1: run.alpha.alpha1, alpha2: run.alpha.alpha2 });
    }
    return { row: row.id, label: row.label, seeds, metrics, alphas, llmCalls: calls, cacheHits: hits, cacheMisses: misses, cacheHitRate: hits + misses === 0 ? Number.NaN : hits / (hits + misses) };
  });
  return { spec, baselineRow, rows };
}
