/**
 * Recommendations from what this browser's store holds: the trained model (checkpoint), the
 * dataset, α_u's parameters (tuned ones if stored, else the recommender's defaults) and the LLM
 * when one is given. `useStoreRecommendations()` registers it as the default source, so a host
 * page only needs `<l4r-recommendations user-id="42">`.
 */
import type { RecStore } from '../data/store.ts';
import { openRecStore } from '../data/store.ts';
import type { Dataset } from '../data/types.ts';
import type { AlphaParams } from '../aggregate/long-tail.ts';
import { RecError } from '../errors.ts';
import type { LlmEngine } from '../llm/engine.ts';
import type { Recommender } from '../models/recommender.ts';
import { DEFAULT_ALPHA } from '../recommender/recommender-options.ts';
import { readTunedAlpha } from '../recommender/tuned-alpha.ts';
import { createLocalRecommendationSource } from './local-recommendation-source.ts';
import { setDefaultRecommendationSource } from './default-recommendation-source.ts';
import type { RecommendationSource } from './recommendation-source.ts';

/** The checkpoint the demo and `createRecommender` train BPR-MF into. */
export const RANKING_CHECKPOINT = 'mf-bpr';

export interface StoreSourceInput {
  store: RecStore;
  dataset: Dataset;
  /** Default RANKING_CHECKPOINT. */
  checkpointName?: string;
  /** The loaded LLM, if any. */
  engine?: LlmEngine;
  /** Why no LLM is loaded (no WebGPU, none loaded…), when none is. */
  noLlmReason?: string;
}

export interface StoreSource {
  source: RecommendationSource;
  model: Recommender;
  alpha: AlphaParams & { tuned: boolean };
}

/** α1, α2: the values tuned on validation data and stored, else the defaults (and says which). */
export async function storedAlpha(store: RecStore): Promise<AlphaParams & { tuned: boolean }> {
  const tuned = await readTunedAlpha(store, 'ranking');
  return tuned ? { alpha1: tuned.alpha1, alpha2: tuned.alpha2, tuned: true } : { ...DEFAULT_ALPHA, tuned: false };
}

/** The source, or undefined when no trained model is stored yet. The caller disposes `model`. */
export async function buildStoreRecommendationSource(input: StoreSourceInput): Promise<StoreSource | undefined> {
  // TF.js arrives with the model, not with the page: the first paint does not wait for it.
  const { loadTrainedModel } = await import('../models/train-session.ts');
  const model = await loadTrainedModel(input.store, input.checkpointName ?? RANKING_CHECKPOINT);
  if (!model) return undefined;
  const alpha = await storedAlpha(input.store);
  const alphaText = `α_u from ${alpha.tuned ? 'tuned' : 'untuned default'} α1 = ${alpha.alpha1}, α2 = ${alpha.alpha2}.`;
  const source = createLocalRecommendationSource({
    dataset: input.dataset,
    recommender: model,
    recommenderLabel: model.kind === 'mf-bpr' ? 'BPR-MF' : 'biased MF',
    alphaParams: alpha,
    engine: input.engine ?? null,
    noLlmReason: `${input.noLlmReason ?? 'no language model is loaded.'} ${alphaText}`,
  });
  return { source, model, alpha };
}

/**
 * For host pages: makes every `<l4r-recommendations>` without a `source` read from this
 * browser's store (opened on first use). Fails with NO_DATASET / NOT_TRAINED, shown by the
 * element, when the store holds no dataset or no trained model yet.
 */
export function useStoreRecommendations(options: { dbName?: string; engine?: LlmEngine } = {}): void {
  setDefaultRecommendationSource(async () => {
    const store = await openRecStore(options.dbName);
    try {
      const dataset = await store.loadDataset();
      if (!dataset) throw new RecError('NO_DATASET', 'This browser holds no dataset yet; open the demo (or call ensureDataset()) first.');
      const built = await buildStoreRecommendationSource({ store, dataset, ...(options.engine ? { engine: options.engine } : {}) });
      if (!built) throw new RecError('NOT_TRAINED', 'No recommender is trained in this browser yet; train one in the demo (or call train()) first.');
      return built.source;
    } finally {
      // The source keeps what it needs in memory; the connection would only block schema upgrades.
      store.close();
    }
  });
}
