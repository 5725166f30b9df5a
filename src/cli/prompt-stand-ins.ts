/**
 * Cheap stand-ins for the conventional model's prompt augmentation, used by `l4r prompt` while
 * no trained MF model is available to the CLI. Each is labelled as a stand-in in the printed header.
 *  - most similar user: cosine similarity of training rating vectors (1 for unrated interactions),
 *    instead of cosine of MF user embeddings;
 *  - candidate ranking / preference: item popularity in the training rows;
 *  - predicted rating: the item's mean training rating.
 */
import type { Dataset } from '../data/types.ts';
import { PopularityModel } from '../models/popularity-model.ts';

export interface SimilarUser {
  user: number;
  similarity: number;
}

/** The other user whose training rating vector has the highest cosine with `user`'s, or null. */
export function mostSimilarByRatings(dataset: Dataset, trainRows: Int32Array, user: number): SimilarUser | null {
  const { interactions } = dataset;
  const value = (r: number) => {
    const rating = interactions.rating[r] as number;
    return Number.isNaN(rating) ? 1 : rating;
  };
  const mine = new Map<number, number>();
  const norms = new Float64Array(dataset.users.length);
  for (const r of trainRows) {
    const u = interactions.user[r] as number;
    norms[u]! += value(r) ** 2;
    if (u === user) mine.set(interactions.item[r] as number, value(r));
  }
  const dots = new Float64Array(dataset.users.length);
  for (const r of trainRows) {
    const u = interactions.user[r] as number;
    const shared = mine.get(interactions.item[r] as number);
    if (u !== user && shared !== undefined) dots[u]! += shared * value(r);
  }
  let best: SimilarUser | null = null;
  const myNorm = Math.sqrt(norms[user] ?? 0);
  for (let u = 0; u < dots.length; u++) {
    const dot = dots[u] as number;
    if (dot <= 0) continue;
    const similarity = dot / (myNorm * Math.sqrt(norms[u] as number));
    if (!best || similarity > best.similarity) best = { user: u, similarity };
  }
  return best;
}

/** Training interaction count per item. */
export function popularity(dataset: Dataset, trainRows: Int32Array): Float32Array {
  return PopularityModel.fit(dataset.interactions, trainRows, { numUsers: dataset.users.length, numItems: dataset.items.length }).itemScores;
}

/** Mean training rating per item (the global mean for items without one). */
export function itemMeanRatings(dataset: Dataset, trainRows: Int32Array): Float32Array {
  return PopularityModel.fit(dataset.interactions, trainRows, {
    numUsers: dataset.users.length,
    numItems: dataset.items.length,
    task: 'rating',
  }).itemScores;
}
