/**
 * The recommender's LLM: the engine every call uses (wrapped in the store-backed answer cache,
 * so a repeated prompt is never asked twice), loaded once on first use, replaceable at any time
 * (a page loads its model later, or unloads it), and the engine spec the augmentation worker
 * builds for itself. A call already running keeps the engine it started with.
 */
import { AbortedError } from '../errors.ts';
import type { AnswerCache } from '../llm/answer-cache.ts';
import { CachedLlmEngine } from '../llm/cached-engine.ts';
import type { LlmEngine } from '../llm/engine.ts';
import { describeError } from '../loop/recommend.ts';
import type { EngineSpec } from '../workers/engine-spec.ts';

const NO_LLM_CONFIGURED = 'no LLM is configured (pass "llm" to createRecommender, or call setLlm).';

export class LlmSlot {
  private engine: LlmEngine | null = null;
  private loaded: Promise<void> | null = null;
  private noLlmReason = NO_LLM_CONFIGURED;
  /** The augmentation worker's engine; undefined: augmentation runs on this thread with the LLM. */
  augmentEngine: EngineSpec | undefined;

  constructor(private readonly cache: AnswerCache) {}

  set(llm: LlmEngine | null, options: { augmentEngine?: EngineSpec | null; noLlmReason?: string } = {}): void {
    this.engine = llm ? new CachedLlmEngine(llm, this.cache) : null;
    this.loaded = null;
    if (options.augmentEngine !== undefined) this.augmentEngine = options.augmentEngine ?? undefined;
    this.noLlmReason = options.noLlmReason ?? NO_LLM_CONFIGURED;
  }

  /** The loaded engine (null when none is configured); a failed load is retried on the next call. */
  async ready(signal?: AbortSignal): Promise<LlmEngine | null> {
    const current = this.engine;
    if (!current) return null;
    const loading = (this.loaded ??= current.load(signal ? { signal } : {}));
    try {
      await loading;
    } catch (error) {
      if (this.loaded === loading) this.loaded = null;
      throw error;
    }
    return current;
  }

  /** For serving: an LLM that cannot be loaded means MF alone, with the reason, not a failure. */
  async serving(signal?: AbortSignal): Promise<{ engine: LlmEngine | null; noLlmReason: string }> {
    if (!this.engine) return { engine: null, noLlmReason: this.noLlmReason };
    try {
      return { engine: await this.ready(signal), noLlmReason: '' };
    } catch (error) {
      if (error instanceof AbortedError || signal?.aborted) throw error;
      return { engine: null, noLlmReason: `the LLM could not be loaded (${describeError(error)}).` };
    }
  }
}
