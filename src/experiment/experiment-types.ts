/**
 * What an experiment is (the paper's rows × seeds on one dataset, task and backbone) and what one
 * run of it produced. Plain data: the run-state file and the JSON report store these as they are.
 */

/** The paper's ablation rows (its Tables 2 and 5), in its order. */
export const PAPER_ROWS = [
  { id: 'backbone', label: 'Backbone alone' },
  { id: 'llm-only', label: 'LLM alone (re-ranks the backbone)' },
  { id: 'full', label: 'Llama4Rec' },
  { id: 'no-data-aug', label: 'w/o data augmentation' },
  { id: 'no-prompt-aug', label: 'w/o prompt augmentation' },
  { id: 'uniform-alpha', label: 'uniform α instead of adaptive' },
] as const;

/** 'next': the sequential task (SASRec), with the ranking task's metrics. */
export type ExperimentTask = 'ranking' | 'rating' | 'next';

export interface ExperimentRow {
  id: string;
  label: string;
}

export interface ExperimentSpec {
  /** e.g. "Llama4Rec on ml-latest-small (LightGCN backbone)". */
  title: string;
  dataset: string;
  task: ExperimentTask;
  /** e.g. 'mf', 'lightgcn'. */
  backbone: string;
  /** What answered: an endpoint's model id, or a test double, labelled as such. */
  llm: string;
  rows: ExperimentRow[];
  seeds: number[];
  /** Metrics in column order, e.g. HR@3, NDCG@3, HR@5, NDCG@5 (ranking) or RMSE, MAE (rating). */
  metrics: string[];
  /** The row improvements and t-tests are measured against (default: the first row). */
  baselineRow?: string;
  /** Anything else that makes two experiments different (k′, epochs, …): part of the run-state fingerprint. */
  settings?: Record<string, string | number | boolean>;
  /**
   * Re-ranking variants each LLM row runs (e.g. listwise and pointwise): every run keeps each
   * variant's results (`ExperimentRun.variants`), and its `metrics` are those of the variant that
   * did better on validation (the paper reports the better of the two).
   */
  variants?: string[];
}

export interface ChosenAlpha {
  alpha1: number;
  alpha2: number;
  /** What the grid search optimised on validation, e.g. { name: 'NDCG@5', value: 0.08 }. */
  objective?: { name: string; value: number };
}

/** One re-ranking variant's results within a run. */
export interface VariantResult {
  metrics: Record<string, number>;
  alpha?: ChosenAlpha;
  /** What the variants were compared by on validation (the α search's objective at the chosen α). */
  validation?: { name: string; value: number };
}

export interface ExperimentRun {
  row: string;
  seed: number;
  /** Test metrics, keyed as in `spec.metrics`. */
  metrics: Record<string, number>;
  /** α1, α2 chosen on validation for this run (rows that blend). */
  alpha?: ChosenAlpha;
  /** LLM questions this run needed, and how many the answer cache served. */
  llm?: { calls: number; cacheHits: number; cacheMisses: number };
  seconds?: number;
  /** Each re-ranking variant's results (rows that ask the LLM, when the spec has variants). */
  variants?: Record<string, VariantResult>;
  /** Free-form extras (which re-ranking variant won, epochs trained, …). */
  notes?: Record<string, string | number | boolean>;
}

/** The runs as if only `variant` had been run: its metrics and α where a run has it, the run as is elsewhere (the backbone). */
export function variantView(runs: readonly ExperimentRun[], variant: string): ExperimentRun[] {
  return runs.map((run) => {
    const result = run.variants?.[variant];
    if (!result) return run;
    const { alpha: _alpha, ...rest } = run;
    return { ...rest, metrics: result.metrics, ...(result.alpha ? { alpha: result.alpha } : {}) };
  });
}

/** Metrics where lower is better (improvement is a decrease). */
export function lowerIsBetter(metric: string): boolean {
  return /^(RMSE|MAE)\b/i.test(metric);
}
