/**
 * The recommender's public surface, re-exported by src/index.ts: `createRecommender` and the
 * types of what its calls take and return, plus the loop evaluation and the engine specs that
 * workers and the command line use.
 */
export {
  createRecommender,
  type Recommender,
  type AugmentOptions,
  type AttributeAugmentOptions,
  type RecommendOptions,
  type EvaluateOptions,
  type RatingPrediction,
  type SetLlmOptions,
  type UserAlphas,
} from './create-recommender.ts';
export { DEFAULT_ALPHA, DEFAULT_K_PRIME, type RecommenderOptions } from './recommender-options.ts';
export type { Recommendation, RecommendedItem, LlmUse } from '../loop/recommend.ts';
export type { TrainOptions, TrainReport, MfOptions } from '../training/train-task.ts';
export type { ActiveModelInfo } from '../training/serving-models.ts';
export { DEFAULT_AUGMENT_BUDGET, type AugmentBudget, type SequentialAugmentBudget } from '../loop/augment-loop.ts';
export { engineFromSpec, type EngineSpec } from '../workers/engine-spec.ts';
export { evaluateLoop, FULL_LOOP, LOOP_KS, type LoopSwitches, type LoopEvalReport, type LoopTaskReport } from '../loop/loop-eval.ts';
export { runLoop, type LoopRunReport } from '../loop/loop-run.ts';
export type { AugmentReport } from '../augment/augment-job.ts';
export type { AttributeAugmentReport } from '../augment/augment-attributes.ts';
export { DEFAULT_ATTRIBUTE_TAIL_USERS, type AttributeAugmentBudget } from '../loop/attribute-augment-loop.ts';
