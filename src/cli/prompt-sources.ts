/**
 * Where `l4r prompt` gets the conventional model's side of prompt augmentation: a matrix
 * factorization model trained on the spot (src/models/queries.ts), or, with `--mf-epochs 0`,
 * cheap stand-ins (prompt-stand-ins.ts). Each source describes itself for the printed header.
 */
import type { Dataset, Split } from '../data/types.ts';
import { chooseBackend } from '../models/backend.ts';
import { predictPair, recommendForUser, similarUsers, topK } from '../models/queries.ts';
import type { ScoringModel } from '../models/scoring-model.ts';
import { trainMf } from '../training/train-mf.ts';
import { itemMeanRatings, mostSimilarByRatings, popularity } from './prompt-stand-ins.ts';

export interface ConventionalSource {
  /** e.g. "MF (mf-bpr, 10 epochs, wasm)" or "stand-ins (no MF trained)". */
  describe: string;
  /** How each part was computed, for the header. */
  similarHow: string;
  candidatesHow: string;
  scoreHow: string;
  ratingHow: string;
  similarUser(user: number): Promise<{ user: number; similarity: number } | null>;
  /** The user's best n items outside `seen`, best first. */
  topUnseen(user: number, n: number, seen: ReadonlySet<number>): Promise<number[]>;
  /** Higher is better, one per item. */
  scoreItems(user: number, items: readonly number[]): Promise<Float32Array>;
  predictRating(user: number, item: number): Promise<number>;
  dispose(): void;
}

export function standInSource(dataset: Dataset, split: Split): ConventionalSource {
  const counts = popularity(dataset, split.train);
  let means: Float32Array | undefined;
  return {
    describe: 'stand-ins (no MF model: --mf-epochs 0)',
    similarHow: 'cosine of training rating vectors; stand-in for MF user embeddings',
    candidatesHow: 'training popularity among items the user has not interacted with (stand-in for MF top-k)',
    scoreHow: 'training popularity; stand-in for the MF ranking',
    ratingHow: "the item's mean training rating; stand-in for the MF predicted rating",
    similarUser: async (user) => mostSimilarByRatings(dataset, split.train, user),
    topUnseen: async (_user, n, seen) => topK(counts, n, seen).map((s) => s.index),
    scoreItems: async (_user, items) => Float32Array.from(items, (i) => counts[i] as number),
    predictRating: async (_user, item) => (means ??= itemMeanRatings(dataset, split.train))[item] as number,
    dispose: () => {},
  };
}

/** Trains mf-bpr (ranking tasks) or mf-rating (the rating task) on the training rows, without validation. */
export async function mfSource(dataset: Dataset, split: Split, kind: 'mf-bpr' | 'mf-rating', epochs: number): Promise<ConventionalSource> {
  const backend = await chooseBackend();
  const { model } = await trainMf(dataset.interactions, split, { numUsers: dataset.users.length, numItems: dataset.items.length }, { kind, epochs, patience: 0 });
  const recommender: ScoringModel = model;
  const name = `${kind}, ${epochs} epochs, ${backend.backend}`;
  return {
    describe: `MF (${name}) trained on the leave-one-out training rows`,
    similarHow: `cosine of MF user embeddings (${kind})`,
    candidatesHow: `MF score (${kind}) among items the user has not interacted with in training`,
    scoreHow: `MF scores (${kind})`,
    ratingHow: `MF predicted rating (${kind})`,
    similarUser: async (user) => {
      const [best] = await similarUsers(recommender, user, 1);
      return best ? { user: best.index, similarity: best.score } : null;
    },
    topUnseen: async (user, n, seen) => (await recommendForUser(recommender, user, n, seen)).map((s) => s.index),
    scoreItems: async (user, items) => recommender.scorePairs(new Int32Array(items.length).fill(user), Int32Array.from(items)),
    predictRating: (user, item) => predictPair(recommender, user, item),
    dispose: () => recommender.dispose(),
  };
}
