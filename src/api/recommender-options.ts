/**
 * The options of `createRecommender`, their defaults, and validation that names the bad field
 * (RecError 'CONFIG_INVALID'), run before anything is opened or loaded.
 */
import { DEFAULT_CONFIG } from '../config.ts';
import { validateAlphaParams, type AlphaParams } from '../aggregate/long-tail.ts';
import type { RecStore } from '../data/store.ts';
import { RecError } from '../errors.ts';
import type { LlmEngine } from '../llm/engine.ts';
import { BACKEND_REQUESTS, isBackendRequest, type BackendRequest } from '../models/backend-request.ts';
import { lightGcnConfig } from '../models/lightgcn/lightgcn-config.ts';
import { mfConfig } from '../models/mf-config.ts';
import { sasrecConfig } from '../models/sasrec/sasrec-config.ts';
import { isRankingBackbone, RANKING_BACKBONES, type RankingBackbone } from '../models/trained-checkpoint.ts';
import { checkRuntimeOptions, type RuntimeOptions } from '../runtime/runtime-options.ts';
import type { LightGcnOptions, MfOptions, SasRecOptions } from '../training/train-task.ts';
import { checkEngineSpec, type EngineSpec } from '../workers/engine-spec.ts';
import { RERANK_VARIANTS, type RerankVariant } from '../loop/loop-llm.ts';

/** `workers` and `wasmPaths` (src/runtime/runtime-options.ts): for bundlers that need telling where they are. */
export interface RecommenderOptions extends RuntimeOptions {
  /** An open store to use (the caller closes it); else one is opened under `dbName`. */
  store?: RecStore;
  /** IndexedDB database name (default 'llama4rec'). */
  dbName?: string;
  /**
   * The LLM for re-ranking and rating (any adapter: WebLLM, OpenAI-compatible, a test double).
   * Wrapped in a cache backed by the store, so a repeated prompt is never asked twice.
   * Omit it for MF alone (every result says so).
   */
  llm?: LlmEngine;
  /**
   * The LLM the augmentation worker builds for itself (engines cannot cross a worker boundary).
   * Default: augmentation runs on this thread with `llm`.
   */
  augmentEngine?: EngineSpec;
  /** α1, α2 of α_u. Default: the values tuned and stored by `tune()`, else DEFAULT_ALPHA. */
  alpha?: AlphaParams;
  /** How MF trains; `mf.backend` is the TF.js backend every model (MF, LightGCN) trains and scores on. */
  mf?: MfOptions;
  /**
   * The ranking task's conventional model: 'mf' (BPR-MF, default) or 'lightgcn' (LightGCN, the
   * backbone of the paper's ablation). `train()` trains it, `recommend()` re-ranks its top k′.
   * The rating task always uses biased MF.
   */
  backbone?: RankingBackbone;
  /** How LightGCN trains when it is the backbone (epochs, patience, validateEvery, layers, dim, lr, l2, …). */
  lightgcn?: LightGcnOptions;
  /**
   * How SASRec, the 'next' task's sequence model, trains (epochs, patience, validateEvery, dim,
   * maxLen, blocks, heads, dropout, negatives, windows, lr, …; defaults in DEFAULT_CONFIG.sasrec).
   * `train({ task: 'next' })` trains it, `recommend(id, { task: 'next' })` re-ranks its top k′.
   */
  sasrec?: SasRecOptions;
  /** MF candidates the LLM re-ranks (default 20). */
  kPrime?: number;
  /**
   * LLM re-ranking: 'listwise' (one call per user, default), 'pointwise' (the LLM predicts a rating
   * for each candidate, one call each) or 'pointwise-yes-no' (P(Yes) of "will the user like it?" per candidate).
   */
  rerank?: RerankVariant;
  /** Prompt augmentation (similar user + MF's ranking) in LLM prompts; default true. */
  promptAugmentation?: boolean;
  /** Train in the training worker (default when Workers exist) or on this thread. */
  trainIn?: 'worker' | 'main-thread';
}

/** α_u's parameters before tuning: the grid's middle for α1, its smallest value for α2. */
export const DEFAULT_ALPHA: AlphaParams = DEFAULT_CONFIG.loop.alpha;
export const DEFAULT_K_PRIME: number = DEFAULT_CONFIG.loop.kPrime;

function bad(field: string, value: unknown, expected: string): never {
  throw new RecError('CONFIG_INVALID', `createRecommender: option "${field}" must be ${expected} (got ${JSON.stringify(value) ?? String(value)}).`);
}

function wholeAtLeast(field: string, value: number | undefined, min: number): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= min)) bad(field, value, `a whole number ≥ ${min}`);
}

export function validateRecommenderOptions(options: RecommenderOptions): void {
  if (typeof options !== 'object' || options === null) bad('options', options, 'an object');
  if (options.dbName !== undefined && (typeof options.dbName !== 'string' || options.dbName === '')) bad('dbName', options.dbName, 'a non-empty string');
  if (options.store !== undefined && options.dbName !== undefined) bad('dbName', options.dbName, 'left out when "store" is given');
  if (options.llm !== undefined && (typeof options.llm !== 'object' || typeof options.llm?.chat !== 'function')) {
    bad('llm', typeof options.llm, 'an LlmEngine (an object with chat(), load(), modelId)');
  }
  if (options.augmentEngine !== undefined) checkEngineSpec(options.augmentEngine);
  if (options.alpha !== undefined) {
    for (const field of ['alpha1', 'alpha2'] as const) {
      const v = options.alpha[field];
      if (!(Number.isFinite(v) && v >= 0 && v <= 1)) bad(`alpha.${field}`, v, 'a number between 0 and 1');
    }
    validateAlphaParams(options.alpha);
  }
  wholeAtLeast('kPrime', options.kPrime, 1);
  if (options.rerank !== undefined && !RERANK_VARIANTS.includes(options.rerank)) bad('rerank', options.rerank, RERANK_VARIANTS.map((v) => `'${v}'`).join(', '));
  if (options.trainIn !== undefined && options.trainIn !== 'worker' && options.trainIn !== 'main-thread') bad('trainIn', options.trainIn, "'worker' or 'main-thread'");
  checkRuntimeOptions(options);
  if (options.backbone !== undefined && !isRankingBackbone(options.backbone)) bad('backbone', options.backbone, RANKING_BACKBONES.map((b) => `'${b}'`).join(' or '));
  if (options.lightgcn !== undefined) {
    const { epochs, patience, validateEvery, ...config } = options.lightgcn;
    wholeAtLeast('lightgcn.epochs', epochs, 1);
    wholeAtLeast('lightgcn.patience', patience, 0);
    wholeAtLeast('lightgcn.validateEvery', validateEvery, 1);
    configOption('lightgcn', () => lightGcnConfig(config));
  }
  if (options.sasrec !== undefined) {
    const { epochs, patience, validateEvery, ...config } = options.sasrec;
    wholeAtLeast('sasrec.epochs', epochs, 1);
    wholeAtLeast('sasrec.patience', patience, 0);
    wholeAtLeast('sasrec.validateEvery', validateEvery, 1);
    configOption('sasrec', () => sasrecConfig(config));
  }
  if (options.mf !== undefined) {
    const { epochs, patience, backend, ...config } = options.mf;
    wholeAtLeast('mf.epochs', epochs, 1);
    if (backend !== undefined && !isBackendRequest(backend)) bad('mf.backend', backend, `one of ${BACKEND_REQUESTS.map((b) => `'${b}'`).join(', ')}`);
    wholeAtLeast('mf.patience', patience, 0);
    configOption('mf', () => mfConfig(config));
  }
}

/** A model's hyper-parameters checked by its own validation, the message prefixed with the option. */
function configOption(field: string, check: () => unknown): void {
  try {
    check();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new RecError('CONFIG_INVALID', `createRecommender: option "${field}": ${message}`, { cause: error });
  }
}
