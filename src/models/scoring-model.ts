/**
 * The scoring-model contract: what every conventional model (the paper's "conventional
 * recommender") offers the rest of the system (evaluation, prompt augmentation, aggregation).
 * Implementations: BPR-MF, biased MF and popularity (src/models/), LightGCN (src/models/lightgcn/),
 * SASRec (src/models/sasrec/). Scores are "higher is better"; for rating models they are predicted ratings.
 */
export interface ScoringModel {
  readonly kind: 'mf-bpr' | 'mf-rating' | 'popularity' | 'lightgcn' | 'sasrec';
  readonly numUsers: number;
  readonly numItems: number;
  /** Scores of every item for each given user, row-major: users.length × numItems. */
  scoreUsers(users: Int32Array): Promise<Float32Array>;
  /** Score of each (users[k], items[k]) pair. */
  scorePairs(users: Int32Array, items: Int32Array): Promise<Float32Array>;
  /** User embedding matrix, row-major numUsers × dim (for similar-user queries); null if the model has none. */
  userEmbeddings(): Promise<{ dim: number; data: Float32Array } | null>;
  /** Frees tensors. */
  dispose(): void;
}
