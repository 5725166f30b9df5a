/**
 * One row of the ablation table, from data to metrics, in memory (Node or a page):
 *   1. data augmentation (switch on): the LLM answers pair questions (long-tail users first,
 *      within the budget), the answers become BPR triples;
 *   2. BPR-MF trains on D, or D ∪ D_aug, with early stopping on validation NDCG@10;
 *      biased MF trains for the rating task when asked;
 *   3. the loop is evaluated (loop-eval.ts) with the prompt-augmentation and aggregation switches.
 */
import type { AugmentedPairRecord } from '../data/db.ts';
import type { AugmentReport, PairStore } from '../augment/augment-job.ts';
import { triplesFromRecords } from '../training/augmented-triples.ts';
import type { AlphaParams } from '../aggregate/long-tail.ts';
import type { Dataset } from '../data/types.ts';
import type { LlmEngine } from '../llm/engine.ts';
import type { MfConfig } from '../models/mf-config.ts';
import { chooseBackend } from '../models/backend.ts';
import { trainMf } from '../training/train-mf.ts';
import type { LongWorkOptions } from '../progress.ts';
import { augmentLoop, type AugmentBudget } from './augment-loop.ts';
import { loopContext } from './loop-context.ts';
import type { AttributeAugmentReport } from '../augment/augment-attributes.ts';
import { DEFAULT_ATTRIBUTE_MODE, type AttributeMode, type FeatureSummary } from '../models/item-features.ts';
import { loopAttributes, type AttributeBudget, type LoopAttributes } from './loop-attributes.ts';
import { evaluateLoop, type LoopEvalOptions, type LoopEvalReport, type LoopSwitches } from './loop-eval.ts';

export interface LoopRunOptions extends LongWorkOptions, Pick<LoopEvalOptions, 'kPrime' | 'llmPlaces' | 'ks' | 'maxUsers' | 'variant' | 'observeUser'> {
  dataset: Dataset;
  engine: LlmEngine | null;
  switches: LoopSwitches;
  alpha: AlphaParams;
  mf?: Partial<MfConfig>;
  epochs?: number;
  patience?: number;
  augmentBudget?: AugmentBudget;
  /** Also train biased MF and report RMSE/MAE. Default false. */
  rating?: boolean;
  /** Rating: item attributes of the feature-aware model (default 'dataset'); 'dataset+llm' has the engine fill some first. */
  attributes?: AttributeMode;
  /** Rating with 'dataset+llm': how many items the LLM is asked about. */
  attributeBudget?: AttributeBudget;
}

export interface LoopRunReport extends LoopEvalReport {
  augmentation: AugmentReport | null;
  /** Augmented triples added to every BPR epoch (0 with the switch off). */
  augmentedTriples: number;
  training: { epochsRun: number; bestEpoch: number; bestValidation: number };
  /** Rating: the attributes the rating model used, and the LLM's attribute filling (null when not asked). */
  attributes?: { summary: FeatureSummary; augmentation: AttributeAugmentReport | null };
}

/** The augmentation store of an in-memory run: records in insertion order, as IndexedDB keeps them. */
function memoryPairs(): PairStore & { records: AugmentedPairRecord[] } {
  const records: AugmentedPairRecord[] = [];
  return {
    records,
    addAugmentedPairs: async (pairs) =>
      pairs.map((pair) => {
        const id = records.length + 1;
        records.push({ ...pair, id });
        return id;
      }),
    listAugmentedPairs: async (filter = {}) => records.filter((r) => filter.user === undefined || r.user === filter.user),
  };
}

export async function runLoop(options: LoopRunOptions): Promise<LoopRunReport> {
  const { dataset, engine, switches, signal, onProgress } = options;
  await chooseBackend();
  const ctx = loopContext(dataset);
  const dims = { numUsers: ctx.numUsers, numItems: ctx.numItems };
  const store = memoryPairs();
  let augmentation: AugmentReport | null = null;
  if (switches.dataAugmentation && engine !== null) {
    augmentation = await augmentLoop(ctx, { engine, store, budget: options.augmentBudget, signal, onProgress, observeUser: options.observeUser });
  }
  const extraTriples = triplesFromRecords(store.records);
  const train = { epochs: options.epochs ?? 30, patience: options.patience ?? 5, config: options.mf, signal, onProgress };
  const ranking = await trainMf(dataset.interactions, ctx.split, dims, { ...train, kind: 'mf-bpr', extraTriples });
  let rating: Awaited<ReturnType<typeof trainMf>> | undefined;
  let attributes: LoopAttributes | undefined;
  try {
    if (options.rating) {
      attributes = await loopAttributes(ctx, options.attributes ?? DEFAULT_ATTRIBUTE_MODE, engine, options.attributeBudget, { signal, onProgress });
      rating = await trainMf(dataset.interactions, ctx.split, dims, { ...train, kind: 'mf-rating', itemFeatures: attributes.features });
    }
    const report = await evaluateLoop({
      ctx,
      ranking: ranking.model,
      ...(rating ? { rating: rating.model } : {}),
      engine,
      switches,
      alpha: options.alpha,
      kPrime: options.kPrime,
      llmPlaces: options.llmPlaces,
      ks: options.ks,
      maxUsers: options.maxUsers,
      variant: options.variant,
      observeUser: options.observeUser,
      signal,
      onProgress,
    });
    const { epochsRun, bestEpoch, bestValidation } = ranking.result;
    return {
      ...report,
      augmentation,
      augmentedTriples: extraTriples.user.length,
      training: { epochsRun, bestEpoch, bestValidation },
      ...(attributes ? { attributes: { summary: attributes.summary, augmentation: attributes.augmentation } } : {}),
    };
  } finally {
    ranking.model.dispose();
    rating?.model.dispose();
  }
}
