/**
 * The public API's surface, re-exported by src/index.ts: `createRecommender`, the Recommender it
 * returns, and the types of what its calls take and return.
 */
export { createRecommender } from './create-recommender.ts';
export type {
  Recommender,
  AugmentOptions,
  AttributeAugmentOptions,
  RecommendOptions,
  RecommendTask,
  EvaluateOptions,
  SetLlmOptions,
  UserAlphas,
} from './recommender.ts';
export { WAITING_FOR_WRITER } from './recommender.ts';
export type { DatasetChange } from '../data/store-channel.ts';
export type { InterruptedTraining } from '../training/interrupted-training.ts';
export { DEFAULT_ALPHA, DEFAULT_K_PRIME, type RecommenderOptions } from './recommender-options.ts';
export type { TrainOptions, TrainReport, MfOptions, LightGcnOptions, SasRecOptions } from '../training/train-task.ts';
export type { RankingBackbone } from '../models/trained-checkpoint.ts';
export type { ActiveModelInfo } from '../training/serving-models.ts';
export type { EngineSpec } from '../workers/engine-spec.ts';
