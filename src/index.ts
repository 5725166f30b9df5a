/**
 * Llama4Rec Web: the one public entry. Named exports only; every error class is here.
 * Node-only helpers (reading datasets from a path) live in src/data/import/node-source.ts
 * and are deliberately not exported from this browser entry.
 */

// Errors
export { RecError, AbortedError, isRecError, type RecErrorCode } from './errors.ts';
export { ImportError } from './data/import/import-error.ts';
export { EvalError } from './eval/eval-error.ts';
export { AggregationError } from './aggregate/aggregate-error.ts';
export { AugmentError } from './augment/augment-error.ts';
// Every LLM error class, and LLM_ERROR_CLASSES (the file exports nothing else).
export * from './llm/llm-errors.ts';
export { installRecErrorTransfer, registerErrorClasses } from './workers/transfer-errors.ts';
export type { Progress, ProgressCallback, LongWorkOptions } from './progress.ts';
export { DEFAULT_CONFIG } from './config.ts';

// Data: types, import, storage, splits
export type * from './data/types.ts';
export { parseDataset, detectFormat, type ParseOptions } from './data/import/parse.ts';
export { describeRatingScale, type DeclaredRatingScale } from './data/import/rating-scale.ts';
export {
  sourceFromFiles,
  sourceFromUrl,
  sourceFromMemory,
  type DatasetFile,
  type DatasetSource,
} from './data/import/source.ts';
export { summarizeDataset, type DatasetSummary } from './data/import/summarize.ts';
export { leaveOneOutByTime, randomSplit, selectRows } from './data/splits.ts';
export { mulberry32 } from './random.ts';
export {
  openRecStore,
  deleteRecStore,
  DEFAULT_DB_NAME,
  type RecStore,
  type ImportOptions,
} from './data/store.ts';
export type { DatasetMeta, AugmentedPairRecord, CheckpointRecord, CheckpointShelf, ActiveModelRecord, TunedAlphaRecord, FitState, LlmCacheRecord } from './data/db.ts';
export { EMBEDDED_DATASET, embeddedDatasetUrl, importEmbeddedDataset, ensureDataset } from './data/embedded.ts';
export { fingerprintDataset } from './data/fingerprint.ts';
export type { DatasetBoundStore } from './data/bound-store.ts';
export { writerLockSupport, type WriterLockSupport } from './data/writer-lock.ts';

// Conventional models and evaluation
export type { ScoringModel } from './models/scoring-model.ts';
export { chooseBackend, useBackend, activateBackend, type BackendChoice, type BackendName, type BackendRequest } from './models/backend.ts';
export { softwareAdapterName, softwareGpuSkips, type AdapterFacts } from './models/software-adapter.ts';
export { BprMf } from './models/mf-bpr.ts';
export { RatingMf } from './models/mf-rating.ts';
export { itemFeatures, ATTRIBUTE_MODES, DEFAULT_ATTRIBUTE_MODE, type AttributeMode, type ItemFeatures } from './models/item-features.ts';
export { mfConfig, DEFAULT_MF_CONFIG, type MfConfig } from './models/mf-config.ts';
export { recommendForUser, predictPair, similarUsers, topK } from './models/queries.ts';
export {
  trainFromStore,
  loadTrainedModel,
  type TrainRequest,
  type TrainOutcome,
  type TrainProgress,
} from './training/train-session.ts';
export type { StepInfo, StepPath } from './models/step-info.ts';
export { createTrainWorker, progressProxy } from './workers/train-client.ts';
export { PopularityModel } from './models/popularity-model.ts';
export { evaluateRanking, evaluateRating, DEFAULT_KS } from './eval/evaluate.ts';
export { evaluatePopularity } from './eval/baseline.ts';
export { summarizeRanks, summarizeRatings } from './eval/summarize.ts';
export { activityGroups } from './eval/groups.ts';
export { formatReport, reportSummary } from './eval/format.ts';
export { hitRatioAt, ndcgAt, rmse, mae } from './eval/metrics.ts';

// LLM: engines, registry, prompts, parsing, scores
export type { LlmEngine, ChatMessage, ChatRequest, ChatResponse, EngineKind } from './llm/engine.ts';
export { createWebLlmEngine, isWebLlmModelCached, deleteWebLlmModel } from './llm/webllm/lazy.ts';
export { OpenAiHttpEngine } from './llm/openai/openai-engine.ts';
export { CachedLlmEngine } from './llm/cached-engine.ts';
export { MemoryAnswerCache, StoreAnswerCache, type AnswerCache } from './llm/answer-cache.ts';
export { MODEL_REGISTRY, findModel, withModels, selectModel, resolveModelUrls } from './llm/registry.ts';
export { probeCapabilities } from './llm/capabilities.ts';
export * from './llm/prompts/index.ts';
export * from './llm/parse/index.ts';
export { yesProbability, expectedRating, pairPreference, listwiseScores, SCORING_REQUEST } from './llm/scoring.ts';
export { buildInstructions, toJsonl } from './llm/instructions.ts';

// The whole loop: createRecommender(options), and the loop it runs
export * from './api/index.ts';
export * from './loop/index.ts';
export type { AugmentReport } from './augment/augment-job.ts';

// Mutual augmentation and adaptive aggregation
export { longTailCoefficient, alphaForUsers, ALPHA_GRID } from './aggregate/long-tail.ts';
export { blendRanking, blendRating } from './aggregate/blend.ts';
export { llmCanChangeRanking, skipThreshold, usersNeedingLlm, countSkippedCalls } from './aggregate/skip-llm.ts';
export { tuneRanking, tuneRating } from './aggregate/tune.ts';
export { AGGREGATION_MODES, alphaForMode } from './aggregate/aggregation-mode.ts';
export { aggregateUsers } from './aggregate/aggregate-users.ts';
export { augmentPairs } from './augment/augment-pairs.ts';
export { augmentSequential } from './augment/augment-sequential.ts';
export { augmentAttributes, LLM_ATTRIBUTES, type AttributeAugmentReport, type AugmentAttributesOptions, type AttributeStore } from './augment/augment-attributes.ts';
export { itemsRatedByTailUsers } from './augment/attribute-items.ts';
export type { ItemAttributeUpdate } from './data/item-attributes.ts';
export { triplesFromRecords } from './training/augmented-triples.ts';

// Embeddable elements (importing this entry defines <l4r-recommendations>)
export { L4rRecommendations, type ItemChosenDetail } from './ui/l4r-recommendations.ts';
export { setDefaultRecommendationSource } from './ui/default-source.ts';
export { useStoreRecommendations, recommenderSource } from './ui/source-from-recommender.ts';
export type { RecommendationSource, Recommendations, ShownItem } from './ui/recommendation-source.ts';
