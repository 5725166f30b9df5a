/**
 * Synthetic ratings that depend on a hidden "director" shared by items: each user likes or
 * dislikes each director (r = 3 ± 1.5), whatever the film. Every director has `warm` films rated
 * by every user and one "cold" film rated in training by exactly ONE user (user 0); the other
 * users' ratings of the cold films are held out. A model that knows each film's director can
 * predict the cold films from the warm ones; one that does not has a single rating to go on.
 */
import type { InteractionTable, ItemRecord } from '../../../src/data/types.ts';
import { Random } from '../../../src/random.ts';

export interface DirectorRatings {
  numUsers: number;
  numItems: number;
  /** Items with the director as a dataset-provided attribute, and no genres. */
  items: ItemRecord[];
  train: InteractionTable;
  /** Held-out (user, cold item, rating). */
  heldOut: { user: Int32Array; item: Int32Array; rating: Float32Array };
}

export function directorRatings(options: { users?: number; directors?: number; warm?: number; seed?: number } = {}): DirectorRatings {
  const { users = 30, directors = 6, warm = 8, seed = 7 } = options;
  const random = new Random(seed);
  const likes = Array.from({ length: users }, () => Array.from({ length: directors }, () => random.next() < 0.5));
  const perDirector = warm + 1;
  const numItems = directors * perDirector;
  // Item d·perDirector + k is director d's film k; k = warm is the cold one.
  const directorOf = (item: number) => Math.floor(item / perDirector);
  const isCold = (item: number) => item % perDirector === warm;
  const rating = (u: number, item: number) => (likes[u]![directorOf(item)]! ? 4.5 : 1.5);
  const items: ItemRecord[] = Array.from({ length: numItems }, (_, i) => ({
    index: i,
    id: String(i),
    title: `Film ${i}`,
    genres: [],
    attributes: { director: { value: `Director ${directorOf(i)}`, source: 'dataset' } },
  }));
  const rows: [number, number, number][] = [];
  const held: [number, number, number][] = [];
  for (let u = 0; u < users; u++) {
    for (let i = 0; i < numItems; i++) {
      if (!isCold(i) || u === 0) rows.push([u, i, rating(u, i)]);
      else held.push([u, i, rating(u, i)]);
    }
  }
  return {
    numUsers: users,
    numItems,
    items,
    train: {
      length: rows.length,
      user: Int32Array.from(rows, (r) => r[0]),
      item: Int32Array.from(rows, (r) => r[1]),
      rating: Float32Array.from(rows, (r) => r[2]),
      timestamp: Float64Array.from(rows, (_, k) => k),
    },
    heldOut: { user: Int32Array.from(held, (r) => r[0]), item: Int32Array.from(held, (r) => r[1]), rating: Float32Array.from(held, (r) => r[2]) },
  };
}
