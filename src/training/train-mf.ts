/**
 * Builds and trains an MF model on a split, with validation-based early stopping: what the CLI
 * (`l4r eval`, `l4r bench train`) and the training worker share.
 */
import { DEFAULT_CONFIG } from '../config.ts';
import type { InteractionTable, Split } from '../data/types.ts';
import { evaluateRanking, evaluateRating } from '../eval/evaluate.ts';
import { BprSampler } from '../models/bpr-sampler.ts';
import { fit, type FitResult } from './fit.ts';
import type { MfKind } from '../models/mf-checkpoint.ts';
import type { ItemFeatures } from '../models/item-features.ts';
import type { MfConfig } from '../models/mf-config.ts';
import { BprMf } from '../models/mf-bpr.ts';
import { RatingMf } from '../models/mf-rating.ts';
import { meanRating, ratedRows, shuffledRatings } from '../models/rating-rows.ts';
import type { TrainerOptions } from './trainer-options.ts';

const VALIDATION_K = DEFAULT_CONFIG.training.validationK;
/** What early stopping maximises: NDCG@k on the validation split (ranking), −RMSE (rating). */
export const RANKING_VALIDATION_METRIC = `NDCG@${VALIDATION_K}`;
export const RATING_VALIDATION_METRIC = '-RMSE';

/** `patience` defaults to DEFAULT_CONFIG.training.patience; `extraTriples` are BPR's only. */
export interface TrainMfOptions extends TrainerOptions<BprMf | RatingMf> {
  kind: MfKind;
  config?: Partial<MfConfig>;
  /** Rating only: item attributes the model composes items with (itemFeatures); default none. A resumed model keeps its own. */
  itemFeatures?: ItemFeatures;
}

export interface TrainedMf {
  model: BprMf | RatingMf;
  result: FitResult;
  /** "NDCG@10" (ranking) or "-RMSE" (rating): what early stopping maximised on the validation split. */
  validationMetric: string;
}

export async function trainMf(
  table: InteractionTable,
  split: Split,
  dims: { numUsers: number; numItems: number },
  options: TrainMfOptions,
): Promise<TrainedMf> {
  const { numUsers, numItems } = dims;
  const validating = (options.patience ?? DEFAULT_CONFIG.training.patience) > 0 && split.validation.length > 0;
  const epochOptions = { signal: options.signal, onBatch: options.onBatch, reportEvery: options.reportEvery };
  if (options.kind === 'mf-bpr') {
    const model = options.resumeFrom ? BprMf.fromCheckpoint(options.resumeFrom.checkpoint) : BprMf.create(numUsers, numItems, options.config);
    const sampler = new BprSampler(table, split.train, numUsers, numItems);
    const validate = async () =>
      (await evaluateRanking(model, table, split, { target: 'validation', ks: [VALIDATION_K], signal: options.signal })).overall[RANKING_VALIDATION_METRIC]!;
    return {
      model,
      validationMetric: RANKING_VALIDATION_METRIC,
      result: await fitOrDispose(model, () => model.trainEpoch(sampler.epoch(model.random, options.extraTriples), epochOptions), validating ? validate : undefined, options),
    };
  }
  const rows = ratedRows(table, split.train);
  const model = options.resumeFrom
    ? RatingMf.fromCheckpoint(options.resumeFrom.checkpoint)
    : RatingMf.create(numUsers, numItems, meanRating(rows), options.config, options.itemFeatures);
  const validate = async () =>
    -(await evaluateRating(model, table, split, { target: 'validation', signal: options.signal })).overall['RMSE']!;
  return {
    model,
    validationMetric: RATING_VALIDATION_METRIC,
    result: await fitOrDispose(model, () => model.trainEpoch(shuffledRatings(rows, model.random), epochOptions), validating ? validate : undefined, options),
  };
}

async function fitOrDispose<M extends BprMf | RatingMf>(
  model: M,
  trainEpoch: () => ReturnType<M['trainEpoch']>,
  validate: (() => Promise<number>) | undefined,
  options: TrainMfOptions,
): Promise<FitResult> {
  try {
    return await fit(model, trainEpoch, {
      epochs: options.epochs,
      patience: options.patience ?? DEFAULT_CONFIG.training.patience,
      validate,
      signal: options.signal,
      onProgress: options.onProgress,
      resume: options.resumeFrom?.state,
      onEpoch: options.onEpoch && ((report, state) => options.onEpoch!(report, state, model)),
    });
  } catch (error) {
    model.dispose();
    throw error;
  }
}
