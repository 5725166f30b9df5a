/**
 * One row of the ablation table, from data to metrics, kept in memory (Node or a page): the loop
 * (llama4rec-loop.ts, the same object the public API runs) on an in-memory store, training on
 * this thread. Its steps, in the method's order:
 *   1. data augmentation (switch on): the LLM answers pair questions, long-tail users first,
 *      within the budget; the answers become BPR triples;
 *   2. the ranking backbone (BPR-MF or LightGCN) trains on D, or D ∪ D_aug, with early stopping
 *      on validation NDCG@10; for the rating task the LLM may first fill in item attributes
 *      ('dataset+llm', data augmentation of that task: off with the switch), then biased MF trains;
 *   3. the loop is evaluated (loop-eval.ts) with the prompt-augmentation and aggregation switches.
 * With `task: 'next'` the same row for the sequential task: the LLM picks the next item of k
 * un-interacted ones (sequential augmentation), SASRec trains on sequences with the picks
 * inserted, and its top-k' is re-ranked with the next-item question.
 */
import { DEFAULT_CONFIG } from '../config.ts';
import type { AttributeAugmentReport } from '../augment/augment-attributes.ts';
import type { AugmentReport } from '../augment/augment-job.ts';
import type { AlphaParams } from '../aggregate/long-tail.ts';
import { MemoryStore } from '../data/memory-store.ts';
import type { Dataset } from '../data/types.ts';
import type { LlmEngine } from '../llm/engine.ts';
import { DEFAULT_ATTRIBUTE_MODE, describeItemFeatures, itemFeatures, type AttributeMode, type FeatureSummary } from '../models/item-features.ts';
import type { MfConfig } from '../models/mf-config.ts';
import type { RankingBackbone } from '../models/trained-checkpoint.ts';
import type { LongWorkOptions } from '../progress.ts';
import { ServingModels } from '../training/serving-models.ts';
import { trainFromStore } from '../training/train-session.ts';
import type { LightGcnOptions, SasRecOptions, TrainOptions } from '../training/train-task.ts';
import { defaultSequentialBudget, type AugmentBudget, type SequentialAugmentBudget } from './augment-loop.ts';
import { Llama4RecLoop } from './llama4rec-loop.ts';
import { loopContext } from './loop-context.ts';
import type { LoopEvalOptions, LoopEvalReport, LoopSwitches } from './loop-eval.ts';

/** The rating task's attribute filling in a run. */
export interface AttributeBudget {
  /** LLM calls (one per item) at most; default DEFAULT_CONFIG.augmentation.attributeCalls. */
  maxCalls?: number;
  /** Ask about the items of this many least active users; default a fifth of the users (attributeTailShare). */
  tailUsers?: number;
}

export interface LoopRunOptions extends LongWorkOptions, Pick<LoopEvalOptions, 'kPrime' | 'llmPlaces' | 'ks' | 'maxUsers' | 'variant' | 'observeUser'> {
  dataset: Dataset;
  engine: LlmEngine | null;
  switches: LoopSwitches;
  alpha: AlphaParams;
  mf?: Partial<MfConfig>;
  /** MF's epochs and patience (the rating model's too; LightGCN's are in `lightgcn`). */
  epochs?: number;
  patience?: number;
  /** The ranking task's model (default 'mf'). */
  backbone?: RankingBackbone;
  lightgcn?: LightGcnOptions;
  augmentBudget?: AugmentBudget;
  /**
   * 'ranking' (default): the direct task (and the rating task when asked). 'next': the sequential
   * task with SASRec (`sasrec`), augmented with `sequentialBudget`; `rating` is ignored.
   */
  task?: 'ranking' | 'next';
  sasrec?: SasRecOptions;
  /** 'next': the sequential augmentation's budget (default: DEFAULT_CONFIG.augmentation's sequential fields and maxCalls). */
  sequentialBudget?: SequentialAugmentBudget;
  /** Also train biased MF and report RMSE/MAE. Default false. */
  rating?: boolean;
  /**
   * Rating: item attributes of the feature-aware model (default 'dataset'); 'dataset+llm' has the
   * engine fill some first (the rating task's data augmentation: with the switch off, the model
   * uses 'dataset', no LLM-made attribute).
   */
  attributes?: AttributeMode;
  /** Rating with 'dataset+llm': how many items the LLM is asked about. */
  attributeBudget?: AttributeBudget;
}

export interface LoopRunReport extends LoopEvalReport {
  augmentation: AugmentReport | null;
  /** Augmented triples added to every BPR epoch, or for 'next' items inserted into SASRec's sequences (0 with the switch off). */
  augmentedTriples: number;
  /** The ranking model's training: the backbone, or 'sasrec' for the 'next' task. */
  training: { backbone: RankingBackbone | 'sasrec'; epochsRun: number; bestEpoch: number; bestValidation: number };
  /** Rating: the attributes the rating model used, and the LLM's attribute filling (null when not asked). */
  attributes?: { summary: FeatureSummary; augmentation: AttributeAugmentReport | null };
}

export async function runLoop(options: LoopRunOptions): Promise<LoopRunReport> {
  const { dataset, engine, switches, signal, onProgress } = options;
  const ctx = loopContext(dataset);
  const store = new MemoryStore(dataset);
  const models = new ServingModels(store);
  const loop = new Llama4RecLoop({
    ctx,
    store,
    models,
    runTraining: (request, run) => trainFromStore(store, request, run),
    settings: {
      kPrime: options.kPrime ?? DEFAULT_CONFIG.loop.kPrime,
      promptAugmentation: switches.promptAugmentation,
      ...(options.variant ? { rerank: options.variant } : {}),
      mf: { ...options.mf, ...(options.epochs === undefined ? {} : { epochs: options.epochs }), ...(options.patience === undefined ? {} : { patience: options.patience }) },
      ...(options.backbone ? { backbone: options.backbone } : {}),
      ...(options.lightgcn ? { lightgcn: options.lightgcn } : {}),
      ...(options.sasrec ? { sasrec: options.sasrec } : {}),
    },
  });
  const work = { ...(signal ? { signal } : {}), ...(onProgress ? { onProgress } : {}) };
  const training = { ...(signal ? { signal } : {}), onProgress: onProgress && ((p: { epoch: number; epochs: number }) => onProgress({ phase: 'training', done: p.epoch, total: p.epochs })) };
  try {
    if (options.task === 'next') return await runNextTask(loop, options, work, training);
    const augmentation =
      switches.dataAugmentation && engine !== null
        ? await loop.augment({ engine, budget: options.augmentBudget, observeUser: options.observeUser, ...work })
        : null;
    const ranking = await loop.train({ task: 'ranking', useAugmented: switches.dataAugmentation, ...training });
    let attributes: LoopRunReport['attributes'];
    if (options.rating) {
      const asked = options.attributes ?? DEFAULT_ATTRIBUTE_MODE;
      // Without data augmentation no LLM-made data reaches any model: no attribute filling, none used.
      const mode = switches.dataAugmentation || asked !== 'dataset+llm' ? asked : 'dataset';
      const budget = options.attributeBudget ?? {};
      // Rating-task augmentation fills the run's copy of the items; the dataset passed in is not changed.
      const filled =
        mode === 'dataset+llm' && engine !== null
          ? await loop.augmentAttributes({
              engine,
              maxCalls: budget.maxCalls ?? DEFAULT_CONFIG.augmentation.attributeCalls,
              tailUsers: budget.tailUsers ?? Math.ceil(ctx.numUsers * DEFAULT_CONFIG.augmentation.attributeTailShare),
              ...work,
            })
          : null;
      await loop.train({ task: 'rating', attributes: mode, ...training });
      const { items } = await store.loadDataset();
      attributes = { summary: describeItemFeatures(itemFeatures(items, mode), items), augmentation: filled };
    }
    const report = await loop.evaluate(evaluation(options, work));
    const { epochsRun, bestEpoch, bestValidation } = ranking;
    return { ...report, augmentation, augmentedTriples: ranking.augmentedTriples, training: { backbone: options.backbone ?? 'mf', epochsRun, bestEpoch, bestValidation }, ...(attributes ? { attributes } : {}) };
  } finally {
    models.forget();
  }
}

/** What the row's evaluation is asked: the run's engine, switches, α and scope. */
function evaluation(options: LoopRunOptions, work: LongWorkOptions) {
  const { engine, switches, alpha, llmPlaces, ks, maxUsers, observeUser } = options;
  return { engine, switches, alpha, llmPlaces, ks, maxUsers, observeUser, ...work };
}

/** The sequential task's row: the LLM's next-item picks inserted, SASRec trained on them (or not), its top-k' re-ranked and blended. */
async function runNextTask(
  loop: Llama4RecLoop,
  options: LoopRunOptions,
  work: LongWorkOptions,
  training: Pick<TrainOptions, 'signal' | 'onProgress'>,
): Promise<LoopRunReport> {
  const { engine, switches } = options;
  const budget = options.sequentialBudget ?? defaultSequentialBudget();
  const augmentation = switches.dataAugmentation && engine !== null ? await loop.augment({ engine, sequential: budget, observeUser: options.observeUser, ...work }) : null;
  const trained = await loop.train({ task: 'next', useAugmented: switches.dataAugmentation, ...training });
  const report = await loop.evaluate({ task: 'next', ...evaluation(options, work) });
  const { epochsRun, bestEpoch, bestValidation } = trained;
  return { ...report, augmentation, augmentedTriples: trained.augmentedTriples, training: { backbone: 'sasrec', epochsRun, bestEpoch, bestValidation } };
}
