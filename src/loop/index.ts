/**
 * The Llama4Rec loop's surface, re-exported by src/index.ts: the orchestrator, what its calls
 * return, the loop evaluation (one ablation row, and the metrics of served models) and the
 * augmentation budgets.
 */
export { Llama4RecLoop, type LoopSettings, type LoopParts, type LoopStore } from './llama4rec-loop.ts';
export { loopContext, type LoopContext, type PastInteraction } from './loop-context.ts';
export type { Recommendation, RecommendedItem, LlmUse } from './recommend.ts';
export type { RatingPrediction } from './predict-rating.ts';
export { listwiseRanker, pointwiseRanker } from './llm-rankers.ts';
export { evaluateLoop, FULL_LOOP, LOOP_KS, type LoopSwitches, type LoopEvalReport, type LoopTaskReport } from './loop-eval.ts';
export { runLoop, type LoopRunOptions, type LoopRunReport } from './loop-run.ts';
export { DEFAULT_AUGMENT_BUDGET, type AugmentBudget, type SequentialAugmentBudget } from './augment-loop.ts';
export { DEFAULT_ATTRIBUTE_TAIL_USERS, type AttributeAugmentBudget } from './attribute-augment-loop.ts';
