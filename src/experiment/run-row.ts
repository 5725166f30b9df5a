/**
 * One (row, seed) run of an experiment, through the ONE orchestrator (src/loop/llama4rec-loop.ts)
 * on an in-memory store: the row's data augmentation, the backbone's training (seeded), α1, α2
 * grid-searched on the validation split's LLM answers (chooseAlpha; or fixed, as an ablation of
 * the tuning), then the test metrics. For
 * the ranking task each re-ranking variant (listwise, pointwise) is tuned and evaluated, and the
 * run's metrics are those of the variant that did better on validation. The sequential task
 * ('next') runs the same rows with SASRec: the LLM's next-item picks are its data augmentation
 * (inserted into the training sequences), its top-k′ is re-ranked listwise with the next-item
 * question, and α is searched on validation NDCG like the ranking task's.
 *
 * The backbone a seed trains on D (or D ∪ D_aug) is the same model whichever row asks for it, so
 * it is trained once per process and seed (`SeedModels`) and served to the later rows as a
 * finished checkpoint. Data augmentation runs in every row that has it: the answer cache makes a
 * repeated question free, and the cache's counts say so.
 */
import { DEFAULT_CONFIG } from '../config.ts';
import type { AlphaParams } from '../aggregate/long-tail.ts';
import { tuneRanking } from '../aggregate/tune.ts';
import type { CheckpointRecord } from '../data/db.ts';
import { MemoryStore } from '../data/memory-store.ts';
import type { Dataset } from '../data/types.ts';
import { RecError } from '../errors.ts';
import type { EvalTarget } from '../eval/targets.ts';
import type { LlmEngine } from '../llm/engine.ts';
import { defaultSequentialBudget, type AugmentBudget, type SequentialAugmentBudget } from '../loop/augment-loop.ts';
import { Llama4RecLoop } from '../loop/llama4rec-loop.ts';
import type { LoopContext } from '../loop/loop-context.ts';
import type { LoopSwitches } from '../loop/loop-eval.ts';
import type { RerankVariant } from '../loop/loop-llm.ts';
import type { RankingBackbone } from '../models/trained-checkpoint.ts';
import type { ProgressCallback } from '../progress.ts';
import { ServingModels } from '../training/serving-models.ts';
import { trainFromStore } from '../training/train-session.ts';
import type { LightGcnOptions, MfOptions, SasRecOptions } from '../training/train-task.ts';
import { chooseAlpha } from './choose-alpha.ts';
import type { ChosenAlpha, ExperimentRun, ExperimentTask, VariantResult } from './experiment-types.ts';
import { rowPlan, type RowPlan } from './row-plans.ts';

/** Trained backbones by seed and training data, kept for the rows after the first that needs one. */
export type SeedModels = Map<string, CheckpointRecord>;

export interface ExperimentSetup {
  dataset: Dataset;
  ctx: LoopContext;
  task: ExperimentTask;
  /** The ranking task's backbone ('mf' for ratings); 'sasrec', the sequential task's model, for 'next'. */
  backbone: RankingBackbone | 'sasrec';
  /** The LLM, answered through the caller's cache. */
  engine: LlmEngine;
  /** The answer cache's counts so far, read before and after each run. */
  answerCounts?: () => { hits: number; misses: number };
  /** An oracle double's hooks: whose turn it is, and which held-out split it may know. */
  observeUser?: (user: number) => void;
  useTarget?: (target: EvalTarget) => void;
  /** Ranking: the re-ranking variants each LLM row runs (default listwise and pointwise). */
  variants?: readonly RerankVariant[];
  kPrime: number;
  /** Metric names reported, e.g. HR@3, NDCG@3 (ranking) or RMSE, MAE (rating). */
  metrics: readonly string[];
  /** NDCG@k the α search maximises (ranking). */
  tuneK: number;
  grid?: readonly number[];
  /** Fixed α1, α2 instead of the search (an ablation of the tuning; 'uniform' rows use α1 for everyone). */
  alpha?: AlphaParams;
  /** The models' options; each run's seed replaces theirs. */
  mf: MfOptions;
  lightgcn?: LightGcnOptions;
  sasrec?: SasRecOptions;
  augmentBudget: AugmentBudget;
  /** 'next': the next-item questions of the sequential augmentation (default: DEFAULT_CONFIG's, with augmentBudget's calls). */
  sequentialBudget?: SequentialAugmentBudget;
  attributeBudget: { maxCalls: number; tailUsers?: number };
  /** Test users evaluated and validation users the LLM is asked about (first N by index; default all). */
  maxUsers?: number;
  validationUsers?: number;
  models: SeedModels;
  onProgress?: ProgressCallback;
  signal?: AbortSignal;
}

/** The ranking ks the metric names ask for (HR@3 → 3). */
function ksOf(metrics: readonly string[]): number[] {
  return [...new Set(metrics.map((m) => Number(/@(\d+)$/.exec(m)?.[1])).filter((k) => Number.isInteger(k) && k > 0))];
}

function pick(values: Record<string, number>, metrics: readonly string[]): Record<string, number> {
  return Object.fromEntries(metrics.map((m) => [m, values[m] ?? Number.NaN]));
}

export async function runExperimentRow(setup: ExperimentSetup, row: string, seed: number): Promise<ExperimentRun> {
  const plan = rowPlan(row);
  if (setup.task === 'rating' && setup.backbone !== 'mf') {
    throw new RecError('CONFIG_INVALID', `The rating task's model is biased MF; LightGCN ranks. Run the rating task with --backbone mf.`);
  }
  if ((setup.task === 'next') !== (setup.backbone === 'sasrec')) {
    throw new RecError('CONFIG_INVALID', `The sequential task ('next') runs SASRec and only it; the other tasks run MF or LightGCN. Give backbone 'sasrec' with task 'next', or another task.`);
  }
  const { backbone } = setup;
  const before = setup.answerCounts?.() ?? { hits: 0, misses: 0 };
  const started = performance.now();
  const store = new MemoryStore(setup.dataset);
  const models = new ServingModels(store);
  const work = { ...(setup.signal ? { signal: setup.signal } : {}), ...(setup.onProgress ? { onProgress: setup.onProgress } : {}) };
  const loopWith = (rerank?: RerankVariant) =>
    new Llama4RecLoop({
      ctx: setup.ctx,
      store,
      models,
      runTraining: (request, run) => trainFromStore(store, request, run),
      settings: {
        kPrime: setup.kPrime,
        promptAugmentation: plan.promptAugmentation,
        ...(rerank ? { rerank } : {}),
        ...(backbone === 'sasrec' ? {} : { backbone }),
        mf: { ...setup.mf, seed },
        lightgcn: { ...setup.lightgcn, seed },
        sasrec: { ...setup.sasrec, seed },
      },
    });
  try {
    const loop = loopWith();
    const epochs = await augmentAndTrain(setup, loop, store, plan, seed, work);
    const results: Record<string, VariantResult> = {};
    if (!plan.llm) {
      results.backbone = await evaluateVariant(setup, loop, plan, null, work);
    } else if (setup.task === 'rating') {
      results.rating = await evaluateVariant(setup, loop, plan, setup.engine, work);
    } else if (setup.task === 'next') {
      // The next-item question is listwise only (loop-llm.ts).
      results.listwise = await evaluateVariant(setup, loop, plan, setup.engine, work);
    } else {
      for (const variant of setup.variants ?? ['listwise', 'pointwise']) results[variant] = await evaluateVariant(setup, loopWith(variant), plan, setup.engine, work);
    }
    const [chosen, best] = betterOnValidation(results);
    const after = setup.answerCounts?.() ?? { hits: 0, misses: 0 };
    const hits = after.hits - before.hits;
    const misses = after.misses - before.misses;
    const ranVariants = setup.task === 'ranking' && plan.llm;
    return {
      row,
      seed,
      metrics: best.metrics,
      ...(best.alpha ? { alpha: best.alpha } : {}),
      llm: { calls: hits + misses, cacheHits: hits, cacheMisses: misses },
      seconds: (performance.now() - started) / 1000,
      ...(ranVariants ? { variants: results } : {}),
      notes: { ...(ranVariants ? { variant: chosen } : {}), epochsTrained: epochs.run, bestEpoch: epochs.best },
    };
  } finally {
    models.forget();
  }
}

/** The row's data augmentation (with no held-out item known to an oracle), then the task's model: trained once per seed and data. */
async function augmentAndTrain(setup: ExperimentSetup, loop: Llama4RecLoop, store: MemoryStore, plan: RowPlan, seed: number, work: { signal?: AbortSignal; onProgress?: ProgressCallback }) {
  if (plan.dataAugmentation) {
    // An oracle must not steer training data with held-out items: it answers pair and attribute prompts unknowing.
    setup.observeUser?.(-1);
    if (setup.task === 'ranking') await loop.augment({ engine: setup.engine, budget: setup.augmentBudget, seed, ...work });
    else if (setup.task === 'next') await loop.augment({ engine: setup.engine, sequential: setup.sequentialBudget ?? defaultSequentialBudget(setup.augmentBudget.maxCalls), seed, ...work });
    else await loop.augmentAttributes({ engine: setup.engine, ...setup.attributeBudget, ...work });
  }
  const key = `${seed}/${setup.task}/${setup.backbone}/${plan.dataAugmentation ? 'augmented' : 'plain'}`;
  const trained = setup.models.get(key);
  if (trained) await store.putCheckpoint(trained);
  const { onProgress, ...rest } = work;
  const training = { ...rest, ...(onProgress ? { onProgress: (p: { epoch: number; epochs: number }) => onProgress({ phase: 'training', done: p.epoch, total: p.epochs }) } : {}) };
  const report = await loop.train(
    setup.task === 'rating'
      ? { task: 'rating', attributes: plan.dataAugmentation ? 'dataset+llm' : 'dataset', ...training }
      : { task: setup.task, useAugmented: plan.dataAugmentation, ...training },
  );
  if (!trained) setup.models.set(key, (await store.getCheckpoint(report.checkpoint))!);
  return { run: report.epochsRun, best: report.bestEpoch };
}

/** α chosen on validation (unless the row fixes it), then the test metrics, for one engine and variant. */
async function evaluateVariant(setup: ExperimentSetup, loop: Llama4RecLoop, plan: RowPlan, engine: LlmEngine | null, work: { signal?: AbortSignal; onProgress?: ProgressCallback }): Promise<VariantResult> {
  const { ctx, observeUser } = setup;
  let chosen: ChosenAlpha | undefined;
  let validation: VariantResult['validation'];
  const fixed = setup.alpha;
  // Validation answers choose α, and the better of several re-ranking variants.
  const variants = setup.task === 'ranking' ? (setup.variants?.length ?? 2) : 1;
  const validate = engine !== null && ((plan.alpha !== 'fixed' && !fixed) || variants > 1);
  if (engine && !validate && fixed && plan.alpha !== 'fixed') chosen = { alpha1: fixed.alpha1, alpha2: plan.alpha === 'uniform' ? 1 : fixed.alpha2 };
  if (engine && validate) {
    setup.useTarget?.('validation');
    const asked = { ...(setup.validationUsers === undefined ? {} : { maxUsers: setup.validationUsers }), ...(observeUser ? { observeUser } : {}), ...work };
    if (setup.task !== 'rating') {
      const cases = await loop.rankingValidationCases(engine, { ...asked, task: setup.task });
      if (plan.alpha === 'fixed') {
        // The LLM alone: α = 1 for every user; its validation NDCG still picks the better variant.
        const { best } = tuneRanking({ counts: ctx.counts, cases, k: setup.tuneK, grid: [1] });
        validation = { name: `NDCG@${setup.tuneK}`, value: best.ndcg };
      } else {
        chosen = chooseAlpha({ task: 'ranking', counts: ctx.counts, cases, k: setup.tuneK, mode: plan.alpha, ...(setup.grid ? { grid: setup.grid } : {}), ...(fixed ? { fixed } : {}) });
      }
    } else if (plan.alpha !== 'fixed') {
      const cases = await loop.ratingValidationCases(engine, asked);
      chosen = chooseAlpha({ task: 'rating', counts: ctx.counts, cases, mode: plan.alpha, ...(setup.grid ? { grid: setup.grid } : {}), ...(fixed ? { fixed } : {}) });
    }
    validation ??= chosen?.objective;
    setup.useTarget?.('test');
  }
  const switches: LoopSwitches = {
    dataAugmentation: plan.dataAugmentation,
    promptAugmentation: plan.promptAugmentation,
    aggregation: plan.aggregation,
    ...(plan.alpha === 'uniform' && chosen ? { uniformAlpha: chosen.alpha1 } : {}),
  };
  // Adaptive rows blend with the chosen α1, α2; the others' α is set by the aggregation (α2 unused).
  const alpha: AlphaParams = plan.alpha === 'adaptive' && chosen ? { alpha1: chosen.alpha1, alpha2: chosen.alpha2 } : DEFAULT_CONFIG.loop.alpha;
  const input = { engine, switches, alpha, ...(setup.maxUsers === undefined ? {} : { maxUsers: setup.maxUsers }), ...(observeUser ? { observeUser } : {}), ...work };
  const overall =
    setup.task === 'rating'
      ? (await loop.evaluateRatings(input)).overall
      : (await loop.evaluate({ ...input, ks: ksOf(setup.metrics), task: setup.task })).ranking.overall;
  return { metrics: pick(overall, setup.metrics), ...(chosen ? { alpha: chosen } : {}), ...(validation ? { validation } : {}) };
}

/** The variant with the best validation objective (higher NDCG; lower RMSE), the first on ties or without one. */
function betterOnValidation(results: Record<string, VariantResult>): [string, VariantResult] {
  const entries = Object.entries(results);
  const score = (r: VariantResult) => {
    const v = r.validation;
    if (!v) return Number.NEGATIVE_INFINITY;
    return /^(RMSE|MAE)/.test(v.name) ? -v.value : v.value;
  };
  return entries.reduce((best, next) => (score(next[1]) > score(best[1]) ? next : best));
}
