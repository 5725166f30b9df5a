/**
 * A RecommendationSource over what this browser holds: the dataset, a trained conventional
 * model (MF) and, when one is loaded, an LLM re-ranker. The blend itself is
 * src/aggregate/blend.ts; this file only gathers its inputs for one user and names the items.
 */
import { RecError } from '../errors.ts';
import type { Dataset } from '../data/types.ts';
import type { Recommender } from '../models/recommender.ts';
import { blendRanking, type MfCandidate } from '../aggregate/blend.ts';
import { alphaForUsers, type AlphaParams } from '../aggregate/long-tail.ts';
import { countPerUser, itemsByUser, itemsOf, type UserItems } from '../eval/user-items.ts';
import type { RecommendationSource, Recommendations, ScoredItem } from './recommendation-source.ts';

/** The LLM's part: re-rank one user's MF candidates (best first), or say why it did not. */
export interface Reranker {
  /** Shown as "<MF name> + <label>", e.g. "Llama-2 7B". */
  readonly label: string;
  /** How many MF candidates to hand the LLM (k' in the paper); at least k. */
  readonly candidates: number;
  rerank(
    user: number,
    candidates: readonly number[],
    options: { signal?: AbortSignal },
  ): Promise<{ order: number[]; similarUser?: { user: number; similarity: number } }>;
}

export interface LocalSourceOptions {
  dataset: Dataset;
  recommender: Recommender;
  /** e.g. "BPR-MF (64 factors)". */
  recommenderLabel: string;
  /** α_u's parameters (tuned ones from the store when there are any). */
  alphaParams: AlphaParams;
  reranker?: Reranker;
  /** Why there is no reranker (no WebGPU, no cached model…); shown beside MF-only lists. */
  mfOnlyReason?: string;
}

export function createLocalRecommendationSource(options: LocalSourceOptions): RecommendationSource {
  const { dataset, recommender, recommenderLabel, alphaParams, reranker, mfOnlyReason } = options;
  const table = dataset.interactions;
  const allRows = Int32Array.from({ length: table.length }, (_, i) => i);
  const numUsers = dataset.users.length;
  const seen: UserItems = itemsByUser(table, allRows, numUsers);
  const alphas = alphaForUsers(countPerUser(table, allRows, numUsers), alphaParams);
  const userIndex = new Map(dataset.users.map((u) => [u.id, u.index]));

  return {
    async recommend(userId, k, { signal } = {}): Promise<Recommendations> {
      const u = userIndex.get(userId);
      if (u === undefined) {
        throw new RecError('UNKNOWN_USER', `There is no user "${userId}" in the dataset "${dataset.name}". Use one of its user ids.`);
      }
      const wanted = reranker ? Math.max(k, reranker.candidates) : k;
      const scores = await recommender.scoreUsers(Int32Array.of(u));
      signal?.throwIfAborted();
      const candidates = topUnseen(scores, itemsOf(seen, u), wanted);
      const alpha = alphas[u] ?? 0;
      let order: number[] | null = null;
      let similarUser: Recommendations['similarUser'];
      if (reranker) {
        const answer = await reranker.rerank(u, candidates.map((c) => c.item), signal ? { signal } : {});
        order = answer.order;
        const similar = answer.similarUser && dataset.users[answer.similarUser.user];
        if (similar && answer.similarUser) similarUser = { userId: similar.id, similarity: answer.similarUser.similarity };
      }
      const items = blendRanking(candidates, order, alpha)
        .slice(0, k)
        .map((b): ScoredItem => {
          const record = dataset.items[b.item];
          const item: ScoredItem = {
            itemId: record?.id ?? String(b.item),
            title: record?.title ?? `item ${b.item}`,
            genres: record?.genres ?? [],
            mfScore: b.mfScore,
            llmScore: b.llmScore,
            alpha: b.alpha,
            finalScore: b.finalScore,
          };
          if (record?.year !== undefined) item.year = record.year;
          return item;
        });
      const result: Recommendations = {
        userId,
        items,
        producedBy: reranker ? `${recommenderLabel} + ${reranker.label}` : recommenderLabel,
      };
      if (similarUser) result.similarUser = similarUser;
      if (!reranker && mfOnlyReason) result.note = mfOnlyReason;
      return result;
    },
  };
}

/** The `k` best-scoring items the user has not interacted with, best first (ties: lower index). */
export function topUnseen(scores: Float32Array, seen: Int32Array, k: number): MfCandidate[] {
  const excluded = new Uint8Array(scores.length);
  for (const item of seen) excluded[item] = 1;
  const out: MfCandidate[] = [];
  for (let item = 0; item < scores.length; item++) {
    if (!excluded[item] && Number.isFinite(scores[item])) out.push({ item, score: scores[item]! });
  }
  out.sort((a, b) => b.score - a.score || a.item - b.item);
  return out.slice(0, k);
}
