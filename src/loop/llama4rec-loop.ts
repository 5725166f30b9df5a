/**
 * The Llama4Rec loop over one dataset: each step of the method as a method, and the ONE place
 * that runs them. The public API (src/api/) runs it on IndexedDB, training in the training
 * worker; the loop evaluation (loop-run.ts, `l4r eval`) runs it on an in-memory store, training
 * on this thread. A row of the ablation table and a recommendation in a page come from the same
 * code.
 *
 *   augment, augmentAttributes   LLM → MF: pairs D_aug (augment-loop.ts), item attributes (attribute-augment-loop.ts)
 *   train                        MF on D ∪ D_aug, staged, then served (src/training/train-task.ts)
 *   recommend, predictRating     MF → LLM (prompt augmentation), blended per user by α_u (recommend.ts, predict-rating.ts)
 *   evaluate, tune               the ablation metrics (loop-eval.ts); α1, α2 on validation (tune-alpha.ts),
 *                                or the validation answers a caller searches α on (the experiment runner)
 */
import type { AttributeAugmentReport } from '../augment/augment-attributes.ts';
import type { AugmentReport } from '../augment/augment-job.ts';
import { alphaForUsers, type AlphaParams } from '../aggregate/long-tail.ts';
import type { DatasetBoundStore } from '../data/bound-store.ts';
import type { TunedAlphaRecord } from '../data/db.ts';
import type { RecTask } from '../data/types.ts';
import { RecError } from '../errors.ts';
import type { LlmEngine } from '../llm/engine.ts';
import type { ScoringModel } from '../models/scoring-model.ts';
import type { LongWorkOptions } from '../progress.ts';
import type { ServingModels } from '../training/serving-models.ts';
import { trainTask, type TrainingSettings, type TrainOptions, type TrainReport, type TrainRunner, type TrainTaskStore } from '../training/train-task.ts';
import { attributeAugmentLoop, type AttributeAugmentLoopOptions } from './attribute-augment-loop.ts';
import { augmentLoop, type AugmentLoopOptions } from './augment-loop.ts';
import { checkUser, mostSimilarUser, type LoopContext } from './loop-context.ts';
import type { RerankVariant } from './loop-llm.ts';
import { evaluateLoop, evaluateLoopRatings, type LoopEvalOptions, type LoopEvalReport, type LoopTaskReport } from './loop-eval.ts';
import { predictRatingWithLoop, type PredictRatingInput, type RatingPrediction } from './predict-rating.ts';
import { recommendWithLoop, type Recommendation } from './recommend.ts';
import { rankingValidationCases, ratingValidationCases, tuneAlpha, type TuneAlphaOptions, type ValidationCaseOptions } from './tune-alpha.ts';
import type { RankingValidationCase, RatingValidationCase } from '../aggregate/tune.ts';

/** How the loop runs, for every call; which backbone ranks and how models train (TrainingSettings). */
export interface LoopSettings extends TrainingSettings {
  /** MF candidates the LLM re-ranks. */
  kPrime: number;
  /** Prompt augmentation (similar user + MF's ranking/rating) in LLM prompts. */
  promptAugmentation: boolean;
  /** LLM re-ranking: 'listwise' (one call per user) or 'pointwise' (one per candidate). */
  rerank?: RerankVariant;
}

/**
 * What the loop reads and writes: D_aug, item attributes, checkpoints and the serving records,
 * through a store bound to the loop's dataset (bound-store.ts), so nothing the loop makes lands in,
 * or is served from, a store that holds another dataset by now.
 */
export type LoopStore = TrainTaskStore & Pick<DatasetBoundStore, 'addAugmentedPairs' | 'listAugmentedPairs' | 'item' | 'putItemAttributes' | 'putTunedAlpha'>;

export interface LoopParts {
  ctx: LoopContext;
  store: LoopStore;
  /** The trained models serving each task, over the same bound store (the caller forgets them with the loop). */
  models: ServingModels;
  /** Where training runs: the training worker, or this thread. */
  runTraining: TrainRunner;
  settings: LoopSettings;
}

/** Who asks and how α_u is set, for the serving calls. */
export interface ServeInput {
  /** null: MF alone (the result says why, with `noLlmReason`). */
  engine: LlmEngine | null;
  noLlmReason: string;
  alpha: AlphaParams;
  signal?: AbortSignal;
}

/** The tasks whose model ranks items for a user: the direct task and the sequential one. */
export type RankingTask = Extract<RecTask, 'ranking' | 'next'>;

const NOT_TRAINED: Record<RecTask, string> = {
  ranking: 'No ranking model is trained yet; call train() first.',
  next: "No sequential model (SASRec) is trained yet; call train({ task: 'next' }) first.",
  rating: "No rating model is trained yet; call train({ task: 'rating' }) first.",
};

export class Llama4RecLoop {
  constructor(private readonly parts: LoopParts) {}

  get ctx(): LoopContext {
    return this.parts.ctx;
  }

  /** The fingerprint of the loop's dataset: what every record it reads or writes is bound to. */
  get datasetFingerprint(): string {
    return this.parts.store.datasetFingerprint;
  }

  get models(): ServingModels {
    return this.parts.models;
  }

  /** LLM data augmentation: pairs for long-tail users first, committed per user, resumable. */
  augment(options: Omit<AugmentLoopOptions, 'store'>): Promise<AugmentReport> {
    return augmentLoop(this.ctx, { ...options, store: this.parts.store });
  }

  /** Rating-task augmentation: the LLM fills in item attributes of the tail users' items. */
  augmentAttributes(options: Omit<AttributeAugmentLoopOptions, 'store'>): Promise<AttributeAugmentReport> {
    return attributeAugmentLoop(this.ctx, { ...options, store: this.parts.store });
  }

  /** Trains a task's model (the ranking backbone on D ∪ D_aug when asked) and makes it serve. */
  train(options: TrainOptions = {}): Promise<TrainReport> {
    const { store, models, settings, runTraining } = this.parts;
    return trainTask(store, models, settings, options, runTraining);
  }

  /** Top-k for `user` (task 'ranking'), or the items the user will take up next (task 'next', SASRec), blended with the LLM's order by α_u. */
  recommend(user: number, input: ServeInput & { k: number; kPrime: number; task?: RankingTask }): Promise<Recommendation> {
    const { settings } = this.parts;
    const { task = 'ranking', ...rest } = input;
    return this.withModel(task, (model) =>
      recommendWithLoop({ ...rest, ctx: this.ctx, model, user, task, promptAugmentation: settings.promptAugmentation, ...(settings.rerank ? { variant: settings.rerank } : {}) }),
    );
  }

  predictRating(user: number, item: number, input: Pick<PredictRatingInput, 'llm' | 'alpha' | 'signal'>): Promise<RatingPrediction> {
    return this.withModel('rating', (model) => predictRatingWithLoop({ ...input, ctx: this.ctx, model, user, item, promptAugmentation: this.parts.settings.promptAugmentation }));
  }

  /** The most similar user by the serving ranking model's user embeddings, or null (a single-user dataset). */
  similarUser(user: number): Promise<{ user: number; similarity: number } | null> {
    checkUser(this.ctx, user);
    return this.withModel('ranking', (model) => mostSimilarUser(model, user));
  }

  /** α_u and N(u) of every user, as the blend uses them. */
  userAlphas(params: AlphaParams): { interactions: Int32Array; alpha: Float64Array } {
    return { interactions: this.ctx.counts, alpha: alphaForUsers(this.ctx.counts, params) };
  }

  /**
   * The ablation metrics of the serving models: the direct task's (and the rating task's when a
   * rating model serves), or with `task: 'next'` the sequential task's (SASRec).
   */
  evaluate(input: Omit<LoopEvalOptions, 'ctx' | 'ranking' | 'rating' | 'kPrime' | 'variant'>): Promise<LoopEvalReport> {
    const { models, settings } = this.parts;
    const task = input.task ?? 'ranking';
    const variant = settings.rerank ? { variant: settings.rerank } : {};
    if (task === 'next') return this.withModel('next', (ranking) => evaluateLoop({ ...input, ctx: this.ctx, ranking, kPrime: settings.kPrime, ...variant }));
    return this.withModel('ranking', (ranking) =>
      models.using('rating', (rating) => evaluateLoop({ ...input, ctx: this.ctx, ranking, ...(rating ? { rating } : {}), kPrime: settings.kPrime, ...variant })),
    );
  }

  /** The rating task's metrics alone (a run that trained no ranking model). */
  evaluateRatings(input: Omit<LoopEvalOptions, 'ctx' | 'ranking' | 'rating' | 'kPrime' | 'ks' | 'variant'>): Promise<LoopTaskReport> {
    return this.withModel('rating', (rating) => evaluateLoopRatings({ ...input, ctx: this.ctx, rating }));
  }

  /** The LLM's re-ranking of the serving ranking model's top k′ for each validation user, as α's grid search takes them. */
  rankingValidationCases(engine: LlmEngine, options: Omit<ValidationCaseOptions, 'promptAugmentation'> & { task?: RankingTask } = {}): Promise<RankingValidationCase[]> {
    const { settings } = this.parts;
    return this.withModel(options.task ?? 'ranking', (model) =>
      rankingValidationCases(this.ctx, model, engine, { ...options, kPrime: settings.kPrime, promptAugmentation: settings.promptAugmentation, ...(settings.rerank ? { variant: settings.rerank } : {}) }),
    );
  }

  /** The LLM's and the rating model's rating of each validation user's held-out item, as α's grid search takes them. */
  ratingValidationCases(engine: LlmEngine, options: Omit<ValidationCaseOptions, 'promptAugmentation'> = {}): Promise<RatingValidationCase[]> {
    return this.withModel('rating', (model) => ratingValidationCases(this.ctx, model, engine, { ...options, promptAugmentation: this.parts.settings.promptAugmentation }));
  }

  /** Tunes α1, α2 of a task ('ranking' by default, or 'next') on the validation split with `engine` and stores them. */
  tune(engine: LlmEngine, options: LongWorkOptions & Pick<TuneAlphaOptions, 'maxUsers' | 'observeUser' | 'task'> = {}): Promise<TunedAlphaRecord> {
    const { store, settings } = this.parts;
    return this.withModel(options.task ?? 'ranking', (model) =>
      tuneAlpha(this.ctx, model, engine, store, { ...options, kPrime: settings.kPrime, promptAugmentation: settings.promptAugmentation, ...(settings.rerank ? { variant: settings.rerank } : {}) }),
    );
  }

  /**
   * Runs `use` with the serving model of `task`, lent for the call (ServingModels.using);
   * NOT_TRAINED without one, DATASET_MISMATCH with one whose users and items are not this
   * dataset's (a store written before models were bound to their dataset).
   */
  private withModel<T>(task: RecTask, use: (model: ScoringModel) => Promise<T>): Promise<T> {
    return this.parts.models.using(task, (model) => {
      if (!model) throw new RecError('NOT_TRAINED', NOT_TRAINED[task]);
      checkModelFits(model, this.ctx, task);
      return use(model);
    });
  }
}

/** A model scores exactly the dataset's users and items, or it belongs to another dataset. */
function checkModelFits(model: ScoringModel, ctx: LoopContext, task: RecTask): void {
  if (model.numUsers === ctx.numUsers && model.numItems === ctx.numItems) return;
  const call = task === 'ranking' ? 'train({ fresh: true })' : `train({ task: '${task}', fresh: true })`;
  throw new RecError(
    'DATASET_MISMATCH',
    `The stored ${task} model has ${model.numUsers.toLocaleString('en-US')} users × ${model.numItems.toLocaleString('en-US')} items, ` +
      `but the dataset has ${ctx.numUsers.toLocaleString('en-US')} × ${ctx.numItems.toLocaleString('en-US')}: it was trained on another dataset. ` +
      `Train again on this one (${call}).`,
  );
}
