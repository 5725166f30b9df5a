/**
 * Llama4Rec Web: the package's main entry ('llama4rec-web'), what a web app uses. Named exports
 * only, listed one by one here and in the surfaces it re-exports (api/index.ts, loop/index.ts,
 * ui/index.ts): this list IS the public surface (anything else is internal and may change).
 * Importing it defines <l4r-recommendations>.
 * Other entries (package.json "exports"): 'llama4rec-web/elements' (src/ui/index.ts, the element
 * alone), 'llama4rec-web/testing' (src/testing/index.ts, the LLM test doubles), the three worker
 * entries, and the `l4r` CLI. Node-only helpers (reading datasets from a path,
 * src/data/import/node-source.ts) are deliberately not in this browser entry.
 */

// Errors: every class an app may test with instanceof, and the codes.
export { RecError, AbortedError, isRecError, type RecErrorCode } from './errors.ts';
export { ImportError } from './data/import/import-error.ts';
export { EvalError } from './eval/eval-error.ts';
export { AggregationError } from './aggregate/aggregate-error.ts';
export { AugmentError } from './augment/augment-error.ts';
// Every LLM error class, and LLM_ERROR_CLASSES (the file exports nothing else).
export * from './llm/llm-errors.ts';
export type { Progress, ProgressCallback, LongWorkOptions } from './progress.ts';
export { DEFAULT_CONFIG } from './config.ts';

// The recommender: createRecommender(options), the Recommender it returns and what its calls take and return.
export * from './api/index.ts';
export * from './loop/index.ts';
export type { WorkerFactories, RuntimeOptions } from './runtime/runtime-options.ts';
export type { WasmPaths, WasmFileName } from './runtime/wasm-paths.ts';
export type { TrainProgress, TrainOutcome } from './training/train-session.ts';
export type { StepInfo, StepPath } from './models/step-info.ts';
export type { BackendChoice, BackendName, BackendRequest } from './models/backend.ts';
// What decided an automatic backend choice (TrainReport.backend.measured): ms per training step per backend.
export type { Calibration } from './models/webgpu/backend-calibration.ts';
export { DEFAULT_MF_CONFIG, type MfConfig } from './models/mf-config.ts';
// SASRec's hyper-parameters (the 'next' task's model; createRecommender's `sasrec` option).
export { DEFAULT_SASREC_CONFIG, type SasRecConfig, type SasRecWindows } from './models/sasrec/sasrec-config.ts';
export { ATTRIBUTE_MODES, type AttributeMode } from './models/item-features.ts';
export type { AugmentReport } from './augment/augment-job.ts';
export type { AttributeAugmentReport } from './augment/augment-attributes.ts';
export type { AlphaParams } from './aggregate/long-tail.ts';

// Data: where interactions come from, the generic format's types, and the store.
export { sourceFromFiles, sourceFromUrl, sourceFromMemory, type DatasetFile, type DatasetSource } from './data/import/source.ts';
export { parseDataset, detectFormat, type ParseOptions } from './data/import/parse.ts';
export { summarizeDataset, type DatasetSummary } from './data/import/summarize.ts';
export { describeRatingScale, type DeclaredRatingScale } from './data/import/rating-scale.ts';
export type {
  Dataset,
  DatasetFormat,
  ItemRecord,
  UserRecord,
  InteractionTable,
  ItemAttribute,
  AttributeSource,
  RatingScale,
  TimestampUnit,
  RecTask,
} from './data/types.ts';
export { openRecStore, deleteRecStore, DEFAULT_DB_NAME, type RecStore, type ImportOptions } from './data/store.ts';
export type {
  DatasetMeta,
  AugmentedPairRecord,
  CheckpointRecord,
  CheckpointShelf,
  ActiveModelRecord,
  TunedAlphaRecord,
  FitState,
  LlmCacheRecord,
} from './data/db.ts';
export { EMBEDDED_DATASET, type EmbeddedImportOptions } from './data/embedded.ts';
export type { DatasetBoundStore } from './data/bound-store.ts';
export { writerLockSupport, type WriterLockSupport } from './data/writer-lock.ts';

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

// The embeddable element and where its lists come from (importing this entry defines <l4r-recommendations>).
export * from './ui/index.ts';
