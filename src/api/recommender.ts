/**
 * The public API's contract: what `createRecommender()` returns (a Recommender over the whole
 * Llama4Rec loop in the page) and the options and answers of its calls.
 *
 *   const rec = await createRecommender({ llm });
 *   await rec.ensureDataset();                      // or rec.import(source)
 *   await rec.train({ onProgress });                // BPR-MF on D
 *   await rec.augment({ budget: { pairsPerUser: 5, maxCalls: 200 } });   // LLM → D_aug
 *   await rec.train({ useAugmented: true });        // BPR-MF on D ∪ D_aug
 *   await rec.augmentAttributes({ maxCalls: 100 }); // LLM → director/stars of tail users' items
 *   await rec.train({ task: 'rating', attributes: 'dataset+llm' }); // biased MF composing items from them
 *   const { items, llm } = await rec.recommend('42', { k: 10 });
 *   await rec.augment({ sequential: { setsPerUser: 1, setSize: 10, maxCalls: 200 } }); // LLM picks next items
 *   await rec.train({ task: 'next', useAugmented: true }); // SASRec on sequences with the picks inserted
 *   const next = await rec.recommend('42', { task: 'next', k: 10 }); // what the user takes up next
 *   rec.setLlm(otherEngine);                        // a page that loads its LLM later
 *   await rec.activeModel();                        // what serves now: checkpoint, pairs, best metric
 *
 * State lives in IndexedDB (dataset, augmented pairs, checkpoints, LLM answers), so a new
 * recommender after a reload picks up the trained model and continues an interrupted job.
 * Training runs in the training worker and augmentation (with `augmentEngine`) in the
 * augmentation worker; the rest is cheap and runs here.
 *
 * One writer per origin: imports, clears and jobs (train, augment, augmentAttributes, tune) take
 * an origin-wide lock, so two tabs never write at once; an import or a clear stops the running
 * jobs of every tab (DATASET_CHANGED). Every record is bound to the dataset it was made from
 * (DATASET_MISMATCH otherwise), and `onDatasetChange` tells a page when the stored dataset changed.
 */
import type { AttributeAugmentReport } from '../augment/augment-attributes.ts';
import type { AugmentReport } from '../augment/augment-job.ts';
import type { AlphaParams } from '../aggregate/long-tail.ts';
import type { DatasetMeta, TunedAlphaRecord } from '../data/db.ts';
import type { EmbeddedImportOptions } from '../data/embedded.ts';
import type { DatasetSource } from '../data/import/source.ts';
import type { DatasetChange } from '../data/store-channel.ts';
import type { ImportOptions, RecStore } from '../data/store.ts';
import type { RecTask } from '../data/types.ts';
import type { LlmEngine } from '../llm/engine.ts';
import type { AttributeAugmentBudget } from '../loop/attribute-augment-loop.ts';
import type { AugmentBudget, SequentialAugmentBudget } from '../loop/augment-loop.ts';
import type { PastInteraction } from '../loop/loop-context.ts';
import type { LoopEvalReport, LoopSwitches } from '../loop/loop-eval.ts';
import type { RatingPrediction } from '../loop/predict-rating.ts';
import type { Recommendation } from '../loop/recommend.ts';
import type { LongWorkOptions } from '../progress.ts';
import type { InterruptedTraining } from '../training/interrupted-training.ts';
import type { ActiveModelInfo } from '../training/serving-models.ts';
import type { TrainOptions, TrainReport } from '../training/train-task.ts';
import type { EngineSpec } from '../workers/engine-spec.ts';

/** `onProgress` of a job reports this phase while the job waits for another writer (another tab's job, an import). */
export const WAITING_FOR_WRITER = 'waiting for another job or import (in this or another tab) to finish';

export interface AugmentOptions extends LongWorkOptions {
  /** Pairwise task budget (default 5 pairs per user, 200 calls). */
  budget?: AugmentBudget;
  /** Run the sequential task (the LLM picks the next item of a set) instead, with this budget. */
  sequential?: SequentialAugmentBudget;
  /** Seed of the pair plan (keep it to continue an interrupted job). */
  seed?: number;
}

/** Rating-task augmentation: `maxCalls` (one per item) and, optionally, how many tail users' items. */
export interface AttributeAugmentOptions extends LongWorkOptions, AttributeAugmentBudget {}

/** The tasks `recommend` answers: top-k ('ranking') or the items the user takes up next ('next', SASRec). */
export type RecommendTask = Extract<RecTask, 'ranking' | 'next'>;

export interface RecommendOptions {
  /**
   * 'ranking' (default): the top-k of the ranking backbone re-ranked by the LLM. 'next': the
   * sequential task: SASRec's top-k′ from the user's whole sequence, re-ranked by the LLM's
   * next-item answer; both blended per user by α_u, with the same score breakdown.
   */
  task?: RecommendTask;
  /** Items to return (default 10). */
  k?: number;
  /** MF candidates the LLM re-ranks (default the recommender's kPrime, or k when that is larger). */
  kPrime?: number;
  signal?: AbortSignal;
}

export interface EvaluateOptions extends LongWorkOptions {
  /** 'ranking' (default; with the rating task when a rating model serves) or 'next' (the sequential task). */
  task?: RecommendTask;
  /** Switches for ablation (default: the whole loop). */
  switches?: Partial<LoopSwitches>;
  /** Evaluate the first N test users only (LLM calls cost time). */
  maxUsers?: number;
}

/** What `setLlm` changes besides the engine. */
export interface SetLlmOptions {
  /** The augmentation worker's engine from now on (null: augment on this thread with the LLM). Default: unchanged. */
  augmentEngine?: EngineSpec | null;
  /** Why there is no LLM, for the MF-alone note of every result (only with `llm` null). */
  noLlmReason?: string;
}

/** α_u of every user, beside N(u) (training interactions), as the blend uses them. */
export interface UserAlphas {
  /** N(u) per user index. */
  interactions: Int32Array;
  alpha: Float64Array;
  params: AlphaParams & { source: 'options' | 'tuned' | 'default' };
}

export interface Recommender {
  readonly store: RecStore;
  import(source: DatasetSource, options?: ImportOptions): Promise<DatasetMeta>;
  /**
   * Imports the embedded MovieLens dataset unless the store already holds one. The app must serve
   * its files (data/ml-latest-small/ beside the page, or `url`): DATASET_NOT_SERVED otherwise.
   */
  ensureDataset(options?: EmbeddedImportOptions): Promise<DatasetMeta>;
  /** Trains the ranking backbone (task 'ranking', default), SASRec ('next') or biased MF ('rating'); resumes an interrupted run. */
  train(options?: TrainOptions): Promise<TrainReport>;
  /**
   * The task's training run that stopped before it finished (a reload, a closed tab, a cancel)
   * and the epoch it got to, or null: `train()` with the same variant continues it.
   */
  interruptedTraining(task?: RecTask): Promise<InterruptedTraining | null>;
  /** LLM data augmentation: pairs for long-tail users first, committed per user, resumable. */
  augment(options?: AugmentOptions): Promise<AugmentReport>;
  /**
   * Rating-task augmentation: the LLM fills in director and main stars (source 'llm') of the
   * items the long-tail users rated, one call per item, committed per item; filled items are not
   * asked again. Runs where augment() runs; pause/resume/cancel the same way.
   */
  augmentAttributes(options: AttributeAugmentOptions): Promise<AttributeAugmentReport>;
  pauseAugmentation(): void;
  resumeAugmentation(): void;
  recommend(userId: string, options?: RecommendOptions): Promise<Recommendation>;
  predictRating(userId: string, itemId: string, options?: { signal?: AbortSignal }): Promise<RatingPrediction>;
  similarUser(userId: string): Promise<{ userId: string; similarity: number }>;
  /** The dataset's user ids, in index order (NO_DATASET without a dataset). */
  userIds(): Promise<string[]>;
  /** A user's interactions, oldest first, with the items' ids and titles (what a page shows as history). */
  history(userId: string): Promise<PastInteraction[]>;
  evaluate(options?: EvaluateOptions): Promise<LoopEvalReport>;
  /**
   * Tunes α1, α2 on the validation split with the configured LLM (one re-ranking call per
   * validation user) and stores them; later calls (and sessions) use them unless options set α.
   */
  tune(options?: LongWorkOptions & { maxUsers?: number; task?: RecommendTask }): Promise<TunedAlphaRecord>;
  /** The α1, α2 a task's calls use ('ranking' by default) and where they come from. */
  alpha(task?: RecommendTask): Promise<AlphaParams & { source: 'options' | 'tuned' | 'default' }>;
  /** α_u and N(u) of every user (NO_DATASET without a dataset). */
  userAlphas(): Promise<UserAlphas>;
  /**
   * The model serving a task ('ranking' by default): its checkpoint, augmented pairs, when it was
   * saved and its best validation metric; null before anything is trained. What a page shows
   * after a reload.
   */
  activeModel(task?: RecTask): Promise<ActiveModelInfo | null>;
  /**
   * Replaces the LLM for every later call (a page loads a model after creating the recommender,
   * or unloads it); null means MF alone. The engine is wrapped in the answer cache like `llm`.
   * A call already running keeps the engine it started with.
   */
  setLlm(llm: LlmEngine | null, options?: SetLlmOptions): void;
  /** Deletes everything this recommender stored (dataset, pairs, models, answers) and forgets what it loaded. */
  clearAll(): Promise<void>;
  /**
   * Calls `listener` whenever the stored dataset changes — imported or cleared, by this page or
   * another tab of the origin — after the recommender has let go of what it loaded of the old
   * one (its next call works on the new data). Returns the unsubscribe.
   */
  onDatasetChange(listener: (change: DatasetChange) => void): () => void;
  dispose(): Promise<void>;
}
