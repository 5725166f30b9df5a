/**
 * Llama4Rec Web: the package's main entry ('llama4rec-web'), what a web app uses. Named exports
 * only, listed one by one: this list IS the public surface (anything else is internal and may
 * change). Importing it defines <l4r-recommendations>.
 * Other entries (package.json "exports"): 'llama4rec-web/elements' (the element alone),
 * 'llama4rec-web/testing' (the LLM test doubles), the three worker entries, and the `l4r` CLI.
 */

// Errors: every class an app may test with instanceof, and the codes.
export { RecError, AbortedError, isRecError, type RecErrorCode } from './errors.ts';
export { ImportError } from './data/import/import-error.ts';
export { EvalError } from './eval/eval-error.ts';
export { AggregationError } from './aggregate/aggregate-error.ts';
export { AugmentError } from './augment/augment-error.ts';
export {
  LlmError,
  WebGpuUnavailableError,
  ShaderF16UnavailableError,
  InsufficientMemoryError,
  DeviceLostError,
  ModelNotCachedError,
  ModelLoadError,
  ModelUnknownError,
  LlmRequestError,
  LlmTimeoutError,
  LlmBadResponseError,
} from './llm/llm-errors.ts';
export type { Progress, ProgressCallback, LongWorkOptions } from './progress.ts';

// The recommender: createRecommender(options) and what its calls take and return.
export { createRecommender } from './recommender/create-recommender.ts';
export type {
  Llama4Rec,
  AugmentOptions,
  AttributeAugmentOptions,
  RecommendOptions,
  EvaluateOptions,
  RatingPrediction,
  SetLlmOptions,
  UserAlphas,
} from './recommender/create-recommender.ts';
export { DEFAULT_ALPHA, DEFAULT_K_PRIME, type RecommenderOptions, type MfOptions } from './recommender/recommender-options.ts';
export type { WorkerFactories, RuntimeOptions } from './runtime/runtime-options.ts';
export type { WasmPaths, WasmFileName } from './runtime/wasm-paths.ts';
export type { Recommendation, RecommendedItem, LlmUse } from './recommender/recommend.ts';
export type { TrainOptions, TrainReport, Task, ActiveModelInfo } from './recommender/model-slots.ts';
export type { TrainProgress, TrainOutcome } from './models/train-session.ts';
export type { StepInfo, StepPath } from './models/step-info.ts';
export type { BackendChoice, BackendName, BackendRequest } from './models/backend.ts';
export { DEFAULT_MF_CONFIG, type MfConfig } from './models/mf-config.ts';
export { ATTRIBUTE_MODES, type AttributeMode } from './models/item-features.ts';
export { DEFAULT_AUGMENT_BUDGET, type AugmentBudget, type SequentialAugmentBudget } from './recommender/augment-loop.ts';
export { DEFAULT_ATTRIBUTE_TAIL_USERS, type AttributeAugmentBudget } from './recommender/attribute-augment-loop.ts';
export type { AugmentReport } from './augment/augment-job.ts';
export type { AttributeAugmentReport } from './augment/augment-attributes.ts';
export type { EngineSpec } from './recommender/engine-spec.ts';
export type { LoopSwitches, LoopEvalReport, LoopTaskReport } from './eval/loop-eval.ts';
export type { TunedAlphaRecord } from './aggregate/tune.ts';
export type { AlphaParams } from './aggregate/long-tail.ts';

// Data: where interactions come from, the generic format's types, and the store.
export { sourceFromFiles, sourceFromUrl, sourceFromMemory, type DatasetFile, type DatasetSource } from './data/import/source.ts';
export { parseDataset, detectFormat, type ParseOptions } from './data/import/parse.ts';
export { summarizeDataset, type DatasetSummary } from './data/import/summarize.ts';
export type { Dataset, DatasetFormat, ItemRecord, UserRecord, InteractionTable, ItemAttribute, AttributeSource } from './data/types.ts';
export { openRecStore, deleteRecStore, DEFAULT_DB_NAME, type RecStore, type ImportOptions } from './data/store.ts';
export type { DatasetMeta } from './data/db.ts';
export { EMBEDDED_DATASET, type EmbeddedImportOptions } from './data/embedded.ts';

// LLM engines: WebLLM (loaded only when created), an OpenAI-compatible server, the model registry.
export type { LlmEngine, ChatMessage, ChatRequest, ChatResponse, TokenLogprob, TokenAlternative, EngineKind } from './llm/engine.ts';
export { createWebLlmEngine, isWebLlmModelCached, deleteWebLlmModel } from './llm/webllm/lazy.ts';
export type { WebLlmEngineOptions } from './llm/webllm/webllm-engine.ts';
export type { ModelCacheOptions } from './llm/webllm/model-cache.ts';
export { OpenAiHttpEngine, type OpenAiEngineOptions } from './llm/openai/openai-engine.ts';
export {
  MODEL_REGISTRY,
  findModel,
  withModels,
  selectModel,
  resolveModelUrls,
  type ModelEntry,
  type ModelRegistry,
  type ModelHost,
  type ModelPreference,
  type ModelSelection,
  type SelectionInput,
  type Quantization,
  type ResolvedModelUrls,
} from './llm/registry.ts';
export { probeCapabilities, type DeviceCapabilities, type GpuLimits, type ProbeOptions } from './llm/capabilities.ts';

// The embeddable element and where its lists come from.
export * from './entries/elements.ts';
