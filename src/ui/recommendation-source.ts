/**
 * What `<l4r-recommendations>` needs to render a list: a small port, fed by the public
 * recommender (recommender-source.ts: MF, the LLM's re-ranking and α_u's blend) or by a host
 * application's own recommender.
 */

/** One recommended item with the parts of its score (paper §5: U = α_u·U_LLM + (1-α_u)·U_conv). */
export interface ScoredItem {
  /** The dataset's own item id, as text. */
  itemId: string;
  title: string;
  year?: number;
  genres: string[];
  /** Score from the conventional model (MF). */
  mfScore: number;
  /** Score from the LLM, or null when no LLM took part (then the list is MF's order, and only mfScore is shown). */
  llmScore: number | null;
  /** The user's weight on the LLM, α_u in [0, 1]; the blend uses it only when llmScore is not null. */
  alpha: number;
  finalScore: number;
}

export interface Recommendations {
  /** The dataset's own user id, as text. */
  userId: string;
  /** Best first; at most k items. */
  items: ScoredItem[];
  /** Which model produced the list, for people to read ("BPR-MF", "BPR-MF + Llama-2 7B"). */
  producedBy: string;
  /** Why the list is MF-only, when it is (no WebGPU, no cached model, …); shown beside the list. */
  note?: string;
  /** The most similar user whose history went into the LLM prompt, if any. */
  similarUser?: { userId: string; similarity: number };
}

export interface RecommendationSource {
  /**
   * The top-k items for a user, never items the user already interacted with.
   * Rejects with a `RecError` (`UNKNOWN_USER`, `NOT_TRAINED`, `NO_DATASET`, …) whose message
   * the element shows as is.
   */
  recommend(userId: string, k: number, options?: { signal?: AbortSignal }): Promise<Recommendations>;
}
