/**
 * The recommender's LLM: the engine every call uses, loaded once on first use, replaceable at
 * any time (a page loads its model later, or unloads it), and the engine spec the augmentation
 * worker builds for itself. A call already running keeps the engine it started with.
 *
 * Each call gets the engine wrapped in the store-backed answer cache of the dataset it works on
 * (the cache's records are bound to that dataset, src/data/bound-store.ts), so a repeated prompt
 * is never asked twice and an answer made for one dataset is never served for another.
 */
import { AbortedError } from '../errors.ts';
import { StoreAnswerCache, type LlmCacheBackend } from '../llm/answer-cache.ts';
import { CachedLlmEngine } from '../llm/cached-engine.ts';
import type { LlmEngine } from '../llm/engine.ts';
import { describeError } from '../loop/recommend.ts';
import type { EngineSpec } from '../workers/engine-spec.ts';

const NO_LLM_CONFIGURED = 'no LLM is configured (pass "llm" to createRecommender, or call setLlm).';

/** The store an answer cache is kept in: bound to one dataset. */
export type AnswerStore = LlmCacheBackend & { readonly datasetFingerprint: string };

export class LlmSlot {
  private engine: LlmEngine | null = null;
  private loaded: Promise<void> | null = null;
  /** The engine wrapped in the cache of the dataset used last (one wrapper shares in-flight answers). */
  private cached: { engine: LlmEngine; store: AnswerStore; wrapped: CachedLlmEngine } | null = null;
  private noLlmReason = NO_LLM_CONFIGURED;
  /** The augmentation worker's engine; undefined: augmentation runs on this thread with the LLM. */
  augmentEngine: EngineSpec | undefined;

  set(llm: LlmEngine | null, options: { augmentEngine?: EngineSpec | null; noLlmReason?: string } = {}): void {
    this.engine = llm;
    this.loaded = null;
    this.cached = null;
    if (options.augmentEngine !== undefined) this.augmentEngine = options.augmentEngine ?? undefined;
    this.noLlmReason = options.noLlmReason ?? NO_LLM_CONFIGURED;
  }

  /**
   * The loaded engine, answering from (and into) the cache in `store` (null when none is
   * configured); a failed load is retried on the next call.
   */
  async ready(store: AnswerStore, signal?: AbortSignal): Promise<LlmEngine | null> {
    const current = this.engine;
    if (!current) return null;
    const loading = (this.loaded ??= current.load(signal ? { signal } : {}));
    try {
      await loading;
    } catch (error) {
      if (this.loaded === loading) this.loaded = null;
      throw error;
    }
    return this.withCache(current, store);
  }

  /** For serving: an LLM that cannot be loaded means MF alone, with the reason, not a failure. */
  async serving(store: AnswerStore, signal?: AbortSignal): Promise<{ engine: LlmEngine | null; noLlmReason: string }> {
    if (!this.engine) return { engine: null, noLlmReason: this.noLlmReason };
    try {
      return { engine: await this.ready(store, signal), noLlmReason: '' };
    } catch (error) {
      if (error instanceof AbortedError || signal?.aborted) throw error;
      return { engine: null, noLlmReason: `the LLM could not be loaded (${describeError(error)}).` };
    }
  }

  private withCache(engine: LlmEngine, store: AnswerStore): LlmEngine {
    const cached = this.cached;
    if (cached?.engine === engine && cached.store === store) return cached.wrapped;
    const wrapped = new CachedLlmEngine(engine, new StoreAnswerCache(store));
    this.cached = { engine, store, wrapped };
    return wrapped;
  }
}
