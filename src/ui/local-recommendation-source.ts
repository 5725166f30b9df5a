/**
 * A RecommendationSource over what this browser holds: the dataset, a trained conventional
 * model (MF) and, when one is loaded, an LLM. The work is src/recommender/recommend.ts (MF's
 * top-k', the LLM's listwise re-ranking with prompt augmentation, the per-user blend); this file
 * only adapts its answer to what <l4r-recommendations> shows.
 */
import { RecError } from '../errors.ts';
import type { Dataset } from '../data/types.ts';
import type { LlmEngine } from '../llm/engine.ts';
import type { Recommender } from '../models/recommender.ts';
import type { AlphaParams } from '../aggregate/long-tail.ts';
import { loopContext, mostSimilarUser } from '../recommender/loop-context.ts';
import { recommendWithLoop } from '../recommender/recommend.ts';
import { DEFAULT_K_PRIME } from '../recommender/recommender-options.ts';
import type { RecommendationSource, Recommendations, ScoredItem } from './recommendation-source.ts';

export interface LocalSourceOptions {
  dataset: Dataset;
  recommender: Recommender;
  /** e.g. "BPR-MF". */
  recommenderLabel: string;
  /** α_u's parameters (tuned ones from the store when there are any). */
  alphaParams: AlphaParams;
  /** The loaded LLM; null or absent for MF alone. */
  engine?: LlmEngine | null;
  /** MF candidates the LLM re-ranks (k'); default the recommender's. */
  kPrime?: number;
  /** Why there is no LLM (no WebGPU, none loaded…); shown beside MF-only lists. */
  noLlmReason?: string;
}

export function createLocalRecommendationSource(options: LocalSourceOptions): RecommendationSource {
  const { dataset, recommender, recommenderLabel, alphaParams } = options;
  const ctx = loopContext(dataset);
  const userIndex = new Map(dataset.users.map((u) => [u.id, u.index]));

  return {
    async recommend(userId, k, { signal } = {}): Promise<Recommendations> {
      const user = userIndex.get(userId);
      if (user === undefined) {
        throw new RecError('UNKNOWN_USER', `There is no user "${userId}" in the dataset "${dataset.name}". Use one of its user ids.`);
      }
      const answer = await recommendWithLoop({
        ctx,
        model: recommender,
        engine: options.engine ?? null,
        alpha: alphaParams,
        user,
        k,
        kPrime: Math.max(k, options.kPrime ?? DEFAULT_K_PRIME),
        ...(signal ? { signal } : {}),
        ...(options.noLlmReason ? { noLlmReason: options.noLlmReason } : {}),
      });
      const items = answer.items.map((x): ScoredItem => {
        const record = dataset.items[x.item];
        const item: ScoredItem = {
          itemId: x.itemId,
          title: x.title,
          genres: record?.genres ?? [],
          mfScore: x.mfScore,
          llmScore: x.llmScore,
          // The user's α_u (the blend used it only where the LLM answered).
          alpha: answer.alpha,
          finalScore: x.finalScore,
        };
        if (record?.year !== undefined) item.year = record.year;
        return item;
      });
      const result: Recommendations = {
        userId,
        items,
        producedBy: answer.llm.used ? `${recommenderLabel} + ${answer.llm.modelId}` : recommenderLabel,
      };
      if (answer.llm.used) {
        // The prompt carried this user's history (prompt augmentation, PAPER.md §3).
        const similar = await mostSimilarUser(recommender, user);
        const record = similar && dataset.users[similar.user];
        if (similar && record) result.similarUser = { userId: record.id, similarity: similar.similarity };
      } else {
        result.note = answer.llm.message;
      }
      return result;
    },
  };
}
