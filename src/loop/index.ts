/**
 * The Llama4Rec loop's public surface, re-exported by src/index.ts: what the Recommender's calls
 * return (a recommendation, a rating prediction, a user's history, a loop evaluation) and the
 * augmentation budgets' defaults. The orchestrator itself (llama4rec-loop.ts), the rankers and the
 * research runs (loop-run.ts, used by the CLI) are internal.
 */
export type { PastInteraction } from './loop-context.ts';
export type { Recommendation, RecommendedItem, LlmUse } from './recommend.ts';
export type { RatingPrediction } from './predict-rating.ts';
export type { LoopSwitches, LoopEvalReport, LoopTaskReport } from './loop-eval.ts';
export { DEFAULT_AUGMENT_BUDGET, type AugmentBudget, type SequentialAugmentBudget } from './augment-loop.ts';
export { DEFAULT_ATTRIBUTE_TAIL_USERS, type AttributeAugmentBudget } from './attribute-augment-loop.ts';
