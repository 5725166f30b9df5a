/**
 * What `<l4r-recommendations>` needs to render a list: a small port, fed by the public
 * recommender (source-from-recommender.ts: MF, the LLM's re-ranking and α_u's blend) or by a host
 * application's own recommender. A list is the user's top-k ('ranking') or the items the user
 * takes up next ('next', the sequential task: SASRec's order blended with the LLM's).
 */
import type { RecommendedItem } from '../loop/recommend.ts';

/**
 * One recommended item as the element shows it: the loop's RecommendedItem (src/loop/recommend.ts:
 * the dataset's id and title, and the parts of its score, paper §5: U = α_u·U_LLM + (1-α_u)·U_MF),
 * narrowed to what the element reads, so a host's own recommender fills only these. `llmScore`
 * is null when no LLM took part (then the list is MF's order, finalScore is MF's position utility
 * −1, −2, …, and the element shows mfScore alone); `alpha` is the user's α_u.
 */
export type ShownItem = Pick<RecommendedItem, 'itemId' | 'title' | 'year' | 'genres' | 'mfScore' | 'llmScore' | 'alpha' | 'finalScore'>;

export interface Recommendations {
  /** The dataset's own user id, as text. */
  userId: string;
  /** Best first; at most k items. */
  items: ShownItem[];
  /** Which model produced the list, for people to read ("BPR-MF", "BPR-MF + Llama-2 7B"). */
  producedBy: string;
  /** Why the list is MF-only, when it is (no WebGPU, no cached model, …); shown beside the list. */
  note?: string;
  /** The most similar user whose history went into the LLM prompt, if any. */
  similarUser?: { userId: string; similarity: number };
  /** Short name of the conventional model whose score `mfScore` is, for the breakdown (default "MF"; "SASRec" for next items). */
  scoreLabel?: string;
}

/** Which list: the top-k ('ranking', default) or the next items ('next'). */
export type RecommendationTask = 'ranking' | 'next';

export interface RecommendationSource {
  /**
   * The top-k items for a user (or with `task: 'next'` the k items the user takes up next; a
   * source that has no such list rejects), never items the user already interacted with.
   * Rejects with a `RecError` (`UNKNOWN_USER`, `NOT_TRAINED`, `NO_DATASET`, …) whose message
   * the element shows as is.
   */
  recommend(userId: string, k: number, options?: { signal?: AbortSignal; task?: RecommendationTask }): Promise<Recommendations>;
}
