/**
 * The public API: one object over the whole Llama4Rec loop in the page.
 *
 *   const rec = await createRecommender({ llm });
 *   await rec.ensureDataset();                      // or rec.import(source)
 *   await rec.train({ onProgress });                // BPR-MF on D
 *   await rec.augment({ budget: { pairsPerUser: 5, maxCalls: 200 } });   // LLM → D_aug
 *   await rec.train({ useAugmented: true });        // BPR-MF on D ∪ D_aug
 *   await rec.augmentAttributes({ maxCalls: 100 }); // LLM → director/stars of tail users' items
 *   await rec.train({ task: 'rating', attributes: 'dataset+llm' }); // biased MF composing items from them
 *   const { items, llm } = await rec.recommend('42', { k: 10 });
 *   rec.setLlm(otherEngine);                        // a page that loads its LLM later
 *   await rec.activeModel();                        // what serves now: checkpoint, pairs, best metric
 *
 * State lives in IndexedDB (dataset, augmented pairs, checkpoints, LLM answers), so a new
 * recommender after a reload picks up the trained model and continues an interrupted job.
 * Training runs in the training worker and augmentation (with `augmentEngine`) in the
 * augmentation worker; the rest is cheap and runs here.
 */
import type { AttributeAugmentReport } from '../augment/augment-attributes.ts';
import type { AugmentReport } from '../augment/augment-job.ts';
import { PauseGate } from '../augment/pause-gate.ts';
import { blendRating, type BlendedRating } from '../aggregate/blend.ts';
import { alphaForUsers, type AlphaParams } from '../aggregate/long-tail.ts';
import type { TunedAlphaRecord } from '../aggregate/tune.ts';
import type { DatasetMeta } from '../data/db.ts';
import { ensureDataset, type EmbeddedImportOptions } from '../data/embedded.ts';
import type { DatasetSource } from '../data/import/source.ts';
import { openRecStore, type ImportOptions, type RecStore } from '../data/store.ts';
import { AbortedError, RecError } from '../errors.ts';
import type { LlmEngine } from '../llm/engine.ts';
import { FULL_LOOP, evaluateLoop, type LoopEvalReport, type LoopSwitches } from '../eval/loop-eval.ts';
import { StoreAnswerCache } from '../llm/answer-cache.ts';
import { CachedLlmEngine } from '../llm/cached-engine.ts';
import { predictPair } from '../models/queries.ts';
import type { Recommender } from '../models/recommender.ts';
import type { LongWorkOptions } from '../progress.ts';
import { attributeAugmentLoop, type AttributeAugmentBudget } from './attribute-augment-loop.ts';
import { augmentAttributesInWorker, augmentInWorker, type PauseControls } from './augment-in-worker.ts';
import { augmentLoop, type AugmentBudget, type SequentialAugmentBudget } from './augment-loop.ts';
import type { EngineSpec } from './engine-spec.ts';
import { loopContext, mostSimilarUser, type LoopContext } from './loop-context.ts';
import { llmRating } from './loop-llm.ts';
import { ModelSlots, trainSlot, type ActiveModelInfo, type Task, type TrainOptions, type TrainReport } from './model-slots.ts';
import { describeError, recommendWithLoop, type Recommendation } from './recommend.ts';
import { DEFAULT_ALPHA, DEFAULT_K_PRIME, validateRecommenderOptions, type RecommenderOptions } from './recommender-options.ts';
import { tuneAlpha } from './tune-alpha.ts';
import { readTunedAlpha } from './tuned-alpha.ts';
import { setWasmLocation } from '../runtime/wasm-paths.ts';

export interface AugmentOptions extends LongWorkOptions {
  /** Pairwise task budget (default 5 pairs per user, 200 calls). */
  budget?: AugmentBudget;
  /** Run the sequential task (the LLM picks the next item of a set) instead, with this budget. */
  sequential?: SequentialAugmentBudget;
  /** Seed of the pair plan (keep it to continue an interrupted job). */
  seed?: number;
}

/** Rating-task augmentation: `maxCalls` (one per item) and, optionally, how many tail users' items. */
export interface AttributeAugmentOptions extends LongWorkOptions, AttributeAugmentBudget {}

export interface RecommendOptions {
  /** Items to return (default 10). */
  k?: number;
  /** MF candidates the LLM re-ranks (default the recommender's kPrime, or k when that is larger). */
  kPrime?: number;
  signal?: AbortSignal;
}

export interface EvaluateOptions extends LongWorkOptions {
  /** Switches for ablation (default: the whole loop). */
  switches?: Partial<LoopSwitches>;
  /** Evaluate the first N test users only (LLM calls cost time). */
  maxUsers?: number;
}

/** What `setLlm` changes besides the engine. */
export interface SetLlmOptions {
  /** The augmentation worker's engine from now on (null: augment on this thread with the LLM). Default: unchanged. */
  augmentEngine?: EngineSpec | null;
  /** Why there is no LLM, for the MF-alone note of every result (only with `llm` null). */
  noLlmReason?: string;
}

/** α_u of every user, beside N(u) (training interactions), as the blend uses them. */
export interface UserAlphas {
  /** N(u) per user index. */
  interactions: Int32Array;
  alpha: Float64Array;
  params: AlphaParams & { source: 'options' | 'tuned' | 'default' };
}

export interface RatingPrediction extends BlendedRating {
  userId: string;
  itemId: string;
  /** Why `llmScore` is null (not asked, no LLM, a failure), when it is. */
  llmNote?: string;
}

export interface Llama4Rec {
  readonly store: RecStore;
  import(source: DatasetSource, options?: ImportOptions): Promise<DatasetMeta>;
  /**
   * Imports the embedded MovieLens dataset unless the store already holds one. The app must serve
   * its files (data/ml-latest-small/ beside the page, or `url`): DATASET_NOT_SERVED otherwise.
   */
  ensureDataset(options?: EmbeddedImportOptions): Promise<DatasetMeta>;
  /** Trains BPR-MF (task 'ranking', default) or biased MF ('rating'); resumes an interrupted run. */
  train(options?: TrainOptions): Promise<TrainReport>;
  /** LLM data augmentation: pairs for long-tail users first, committed per user, resumable. */
  augment(options?: AugmentOptions): Promise<AugmentReport>;
  /**
   * Rating-task augmentation: the LLM fills in director and main stars (source 'llm') of the
   * items the long-tail users rated, one call per item, committed per item; filled items are not
   * asked again. Runs where augment() runs; pause/resume/cancel the same way.
   */
  augmentAttributes(options: AttributeAugmentOptions): Promise<AttributeAugmentReport>;
  pauseAugmentation(): void;
  resumeAugmentation(): void;
  recommend(userId: string, options?: RecommendOptions): Promise<Recommendation>;
  predictRating(userId: string, itemId: string, options?: { signal?: AbortSignal }): Promise<RatingPrediction>;
  similarUser(userId: string): Promise<{ userId: string; similarity: number }>;
  evaluate(options?: EvaluateOptions): Promise<LoopEvalReport>;
  /**
   * Tunes α1, α2 on the validation split with the configured LLM (one re-ranking call per
   * validation user) and stores them; later calls (and sessions) use them unless options set α.
   */
  tune(options?: LongWorkOptions & { maxUsers?: number }): Promise<TunedAlphaRecord>;
  /** The α1, α2 in use and where they come from. */
  alpha(): Promise<AlphaParams & { source: 'options' | 'tuned' | 'default' }>;
  /** α_u and N(u) of every user (NO_DATASET without a dataset). */
  userAlphas(): Promise<UserAlphas>;
  /**
   * The model serving a task ('ranking' by default): its checkpoint, augmented pairs, when it was
   * saved and its best validation metric; null before anything is trained. What a page shows
   * after a reload.
   */
  activeModel(task?: Task): Promise<ActiveModelInfo | null>;
  /**
   * Replaces the LLM for every later call (a page loads a model after creating the recommender,
   * or unloads it); null means MF alone. The engine is wrapped in the answer cache like `llm`.
   * A call already running keeps the engine it started with.
   */
  setLlm(llm: LlmEngine | null, options?: SetLlmOptions): void;
  /** Deletes everything this recommender stored (dataset, pairs, models, answers) and forgets what it loaded. */
  clearAll(): Promise<void>;
  dispose(): Promise<void>;
}

const NO_LLM_CONFIGURED = 'no LLM is configured (pass "llm" to createRecommender, or call setLlm).';

/** A worker has no page to resolve self-hosted model URLs against: give it this page's. */
function withPageUrl(spec: EngineSpec): EngineSpec {
  return spec.kind === 'webllm' && spec.pageUrl === undefined && globalThis.location ? { ...spec, pageUrl: globalThis.location.href } : spec;
}

export async function createRecommender(options: RecommenderOptions = {}): Promise<Llama4Rec> {
  validateRecommenderOptions(options);
  // This page's TF.js (serving, main-thread training); workers are told in their requests.
  if (options.wasmPaths !== undefined) setWasmLocation(options.wasmPaths);
  const store = options.store ?? (await openRecStore(options.dbName));
  const ownsStore = options.store === undefined;
  const answerCache = new StoreAnswerCache(store);
  let engine = options.llm ? new CachedLlmEngine(options.llm, answerCache) : null;
  let augmentEngine = options.augmentEngine;
  let noLlmReason = NO_LLM_CONFIGURED;
  const kPrime = options.kPrime ?? DEFAULT_K_PRIME;
  const promptAugmentation = options.promptAugmentation ?? true;
  const slots = new ModelSlots(store, options.mf?.backend);
  const gate = new PauseGate();
  // Pause/resume go to the job running now: the worker's, or this thread's gate.
  let pauseTarget: PauseControls = gate;
  let ctx: LoopContext | null = null;
  let engineLoaded: Promise<void> | null = null;

  const context = async (): Promise<LoopContext> => {
    if (ctx) return ctx;
    const dataset = await store.loadDataset();
    if (!dataset) throw new RecError('NO_DATASET', 'There is no dataset yet; call ensureDataset() or import() first.');
    ctx = loopContext(dataset);
    return ctx;
  };
  /** The loaded engine (null when none is configured); a failed load is retried on the next call. */
  const readyEngine = async (signal?: AbortSignal) => {
    const current = engine;
    if (!current) return null;
    const loading = (engineLoaded ??= current.load(signal ? { signal } : {}));
    try {
      await loading;
    } catch (error) {
      if (engineLoaded === loading) engineLoaded = null;
      throw error;
    }
    return current;
  };
  /** For serving: an LLM that cannot be loaded means MF alone, with the reason, not a failure. */
  const servingEngine = async (signal?: AbortSignal): Promise<{ llm: LlmEngine | null; reason: string }> => {
    if (!engine) return { llm: null, reason: noLlmReason };
    try {
      return { llm: await readyEngine(signal), reason: '' };
    } catch (error) {
      if (error instanceof AbortedError || signal?.aborted) throw error;
      return { llm: null, reason: `the LLM could not be loaded (${describeError(error)}).` };
    }
  };
  const userIndex = async (userId: string) => {
    await context(); // no dataset at all is NO_DATASET, not an unknown user
    const user = await store.findUser(String(userId));
    if (!user) throw new RecError('UNKNOWN_USER', `There is no user "${userId}" in the dataset; use an id from its ratings file.`);
    return user.index;
  };
  const itemIndex = async (itemId: string) => {
    const item = await store.findItem(String(itemId));
    if (!item) throw new RecError('UNKNOWN_ITEM', `There is no item "${itemId}" in the dataset; use an id from its items file.`);
    return item.index;
  };
  const alpha = async () => {
    if (options.alpha) return { ...options.alpha, source: 'options' as const };
    const tuned = await readTunedAlpha(store, 'ranking');
    return tuned ? { alpha1: tuned.alpha1, alpha2: tuned.alpha2, source: 'tuned' as const } : { ...DEFAULT_ALPHA, source: 'default' as const };
  };
  /** Runs `use` with the serving ranking model, lent for the call (see ModelSlots.using). */
  const withRanking = <T>(use: (model: Recommender) => Promise<T>): Promise<T> =>
    slots.using('ranking', (model) => {
      if (!model) throw new RecError('NOT_TRAINED', 'No ranking model is trained yet; call train() first.');
      return use(model);
    });
  const forgetDataset = () => {
    ctx = null;
    slots.forget();
  };

  return {
    store,
    async import(source, importOptions) {
      const meta = await store.importDataset(source, importOptions);
      forgetDataset();
      return meta;
    },
    async ensureDataset(importOptions) {
      const meta = await ensureDataset(store, importOptions);
      forgetDataset();
      return meta;
    },
    async train(trainOptions = {}) {
      await context();
      return trainSlot(slots, store, options, trainOptions);
    },
    async augment(augmentOptions = {}) {
      const { budget, sequential, seed, signal, onProgress } = augmentOptions;
      if (augmentEngine && typeof Worker !== 'undefined') {
        await context();
        try {
          return await augmentInWorker(
            { dbName: store.dbName, engine: withPageUrl(augmentEngine), budget, sequential, seed },
            { signal, onProgress, onStart: (controls) => (pauseTarget = controls), createWorker: options.workers?.augment },
          );
        } finally {
          pauseTarget = gate;
        }
      }
      const llm = await readyEngine(signal);
      if (!llm) throw new RecError('CONFIG_INVALID', 'augment() needs an LLM: pass "llm" (or "augmentEngine") to createRecommender.');
      return augmentLoop(await context(), { engine: llm, store, budget, sequential, seed, pause: gate, signal, onProgress });
    },
    async augmentAttributes(attributeOptions) {
      const { maxCalls, tailUsers, signal, onProgress } = attributeOptions;
      if (augmentEngine && typeof Worker !== 'undefined') {
        await context();
        try {
          return await augmentAttributesInWorker(
            { dbName: store.dbName, engine: withPageUrl(augmentEngine), maxCalls, tailUsers },
            { signal, onProgress, onStart: (controls) => (pauseTarget = controls), createWorker: options.workers?.augment },
          );
        } finally {
          pauseTarget = gate;
        }
      }
      const llm = await readyEngine(signal);
      if (!llm) throw new RecError('CONFIG_INVALID', 'augmentAttributes() needs an LLM: pass "llm" (or "augmentEngine") to createRecommender.');
      return attributeAugmentLoop(await context(), { engine: llm, store, maxCalls, tailUsers, pause: gate, signal, onProgress });
    },
    pauseAugmentation: () => pauseTarget.pause(),
    resumeAugmentation: () => pauseTarget.resume(),
    async recommend(userId, recommendOptions = {}) {
      const k = recommendOptions.k ?? 10;
      // Asked for more than k' items, MF's candidate list grows to k (the LLM re-ranks them all).
      const kp = recommendOptions.kPrime ?? Math.max(kPrime, Number.isInteger(k) ? k : 0);
      if (!Number.isInteger(k) || k < 1) throw new RecError('CONFIG_INVALID', `recommend: "k" must be a whole number ≥ 1 (got ${String(k)}).`);
      if (!Number.isInteger(kp) || kp < k) throw new RecError('CONFIG_INVALID', `recommend: "kPrime" must be a whole number ≥ k = ${k} (got ${String(kp)}).`);
      const user = await userIndex(userId);
      const [c, a, { llm, reason }] = await Promise.all([context(), alpha(), servingEngine(recommendOptions.signal)]);
      const { signal } = recommendOptions;
      return withRanking((model) => recommendWithLoop({ ctx: c, model, engine: llm, noLlmReason: reason, alpha: a, user, k, kPrime: kp, promptAugmentation, variant: options.rerank, signal }));
    },
    async predictRating(userId, itemId, ratingOptions = {}) {
      const [user, item, c] = await Promise.all([userIndex(userId), itemIndex(itemId), context()]);
      return slots.using('rating', async (model) => {
        if (!model) throw new RecError('NOT_TRAINED', "No rating model is trained yet; call train({ task: 'rating' }) first.");
        const mf = await predictPair(model, user, item);
        const a = alphaForUsers(c.counts, await alpha())[user]!;
        const { signal } = ratingOptions;
        if (a === 0) return { userId, itemId, ...blendRating(mf, null, a), llmNote: 'α_u = 0: the LLM cannot change this rating, so it was not asked.' };
        const { llm, reason } = await servingEngine(signal);
        if (!llm) return { userId, itemId, ...blendRating(mf, null, a), llmNote: `MF alone: ${reason}` };
        try {
          const value = await llmRating(c, model, llm, user, item, mf, { promptAugmentation, scope: 'serve', signal });
          const note = value === null ? { llmNote: 'The LLM gave no usable rating; this is MF’s.' } : {};
          return { userId, itemId, ...blendRating(mf, value, a), ...note };
        } catch (error) {
          if (error instanceof AbortedError || signal?.aborted) throw error;
          return { userId, itemId, ...blendRating(mf, null, a), llmNote: `The LLM failed (${describeError(error)}); this is MF’s rating.` };
        }
      });
    },
    async similarUser(userId) {
      const user = await userIndex(userId);
      const c = await context();
      const best = await withRanking((model) => mostSimilarUser(model, user));
      if (!best) throw new RecError('UNKNOWN_USER', 'The dataset has a single user, so there is no similar user.');
      return { userId: c.dataset.users[best.user]!.id, similarity: best.similarity };
    },
    async evaluate(evaluateOptions = {}) {
      const [c, a, llm] = await Promise.all([context(), alpha(), readyEngine(evaluateOptions.signal)]);
      const dataAugmentation = await slots.usesAugmented('ranking');
      const asked = evaluateOptions.switches?.dataAugmentation;
      if (asked !== undefined && asked !== dataAugmentation) {
        throw new RecError('CONFIG_INVALID', `evaluate: switches.dataAugmentation is ${asked}, but the serving model was trained ${dataAugmentation ? 'with' : 'without'} augmented pairs; call train({ useAugmented: ${asked} }) first.`);
      }
      return withRanking((model) => slots.using('rating', (rating) => evaluateLoop({
        ctx: c,
        ranking: model,
        ...(rating ? { rating } : {}),
        engine: llm,
        switches: { ...FULL_LOOP, promptAugmentation, dataAugmentation, ...evaluateOptions.switches },
        alpha: { alpha1: a.alpha1, alpha2: a.alpha2 },
        kPrime,
        maxUsers: evaluateOptions.maxUsers,
        variant: options.rerank,
        signal: evaluateOptions.signal,
        onProgress: evaluateOptions.onProgress,
      })));
    },
    async tune(tuneOptions = {}) {
      const [c, llm] = await Promise.all([context(), readyEngine(tuneOptions.signal)]);
      if (!llm) throw new RecError('CONFIG_INVALID', 'tune() needs an LLM: pass "llm" to createRecommender.');
      return withRanking((model) => tuneAlpha(c, model, llm, store, { kPrime, promptAugmentation, variant: options.rerank, ...tuneOptions }));
    },
    alpha,
    async userAlphas() {
      const [c, params] = await Promise.all([context(), alpha()]);
      return { interactions: c.counts, alpha: alphaForUsers(c.counts, params), params };
    },
    activeModel: (task = 'ranking') => slots.info(task),
    setLlm(llm, setOptions = {}) {
      validateRecommenderOptions({ ...(llm ? { llm } : {}), ...(setOptions.augmentEngine ? { augmentEngine: setOptions.augmentEngine } : {}) });
      engine = llm ? new CachedLlmEngine(llm, answerCache) : null;
      engineLoaded = null;
      if (setOptions.augmentEngine !== undefined) augmentEngine = setOptions.augmentEngine ?? undefined;
      noLlmReason = setOptions.noLlmReason ?? NO_LLM_CONFIGURED;
    },
    async clearAll() {
      await store.clearAll();
      forgetDataset();
    },
    async dispose() {
      slots.forget();
      gate.resume();
      if (ownsStore) store.close();
    },
  };
}
