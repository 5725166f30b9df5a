import { describe, expect, it } from 'vitest';
import { cosineToAll, predictPair, recommendForUser, similarUsers, topK } from './queries.ts';
import type { ScoringModel } from './scoring-model.ts';

/** A plain-JS recommender: score(u, i) = U[u]·V[i], 3 users × 5 items, dim 2. */
const U = [
  [1, 0],
  [0.9, 0.1],
  [0, 1],
];
const V = [
  [0.5, 0],
  [0.9, 0.2],
  [0.1, 0.8],
  [0.7, 0.7],
  [0.2, 0.1],
];
const fake: ScoringModel = {
  kind: 'mf-bpr',
  numUsers: 3,
  numItems: 5,
  async scoreUsers(users) {
    return Float32Array.from(Array.from(users).flatMap((u) => V.map((v) => U[u]![0]! * v[0]! + U[u]![1]! * v[1]!)));
  },
  async scorePairs(users, items) {
    return Float32Array.from(users, (u, k) => U[u]![0]! * V[items[k]!]![0]! + U[u]![1]! * V[items[k]!]![1]!);
  },
  async userEmbeddings() {
    return { dim: 2, data: Float32Array.from(U.flat()) };
  },
  dispose() {},
};

describe('queries', () => {
  it('topK returns the k best unseen, best first, ties by lower index', () => {
    const scores = Float32Array.of(0.3, 0.9, 0.1, 0.9, 0.5, 0.7);
    expect(topK(scores, 3).map((s) => s.index)).toEqual([1, 3, 5]);
    expect(topK(scores, 3, new Set([1, 5])).map((s) => s.index)).toEqual([3, 4, 0]);
    expect(topK(scores, 10).length).toBe(6);
    expect(topK(scores, 0)).toEqual([]);
  });

  it('topK agrees with a full sort on random data', () => {
    let seed = 5;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const scores = Float32Array.from({ length: 2000 }, rand);
    const seen = new Set(Array.from({ length: 300 }, () => Math.floor(rand() * 2000)));
    const expected = Array.from(scores.keys()).filter((i) => !seen.has(i)).sort((a, b) => scores[b]! - scores[a]!).slice(0, 20);
    expect(topK(scores, 20, seen).map((s) => s.index)).toEqual(expected);
  });

  it('recommends unseen items for a user (hand-computed scores)', async () => {
    // user 0 scores: 0.5, 0.9, 0.1, 0.7, 0.2; item 1 seen.
    const top = await recommendForUser(fake, 0, 2, new Set([1]));
    expect(top).toEqual([
      { index: 3, score: expect.closeTo(0.7, 6) },
      { index: 0, score: expect.closeTo(0.5, 6) },
    ]);
    expect(await predictPair(fake, 2, 2)).toBeCloseTo(0.8, 6);
    await expect(recommendForUser(fake, 3, 2)).rejects.toMatchObject({ code: 'UNKNOWN_USER' });
  });

  it('finds the most similar user by cosine of embeddings', async () => {
    // cos(u0, u1) = 0.9/√0.82 ≈ 0.9939, cos(u0, u2) = 0.
    const similar = await similarUsers(fake, 0, 2);
    expect(similar[0]).toEqual({ index: 1, score: expect.closeTo(0.9 / Math.sqrt(0.82), 5) });
    expect(similar[1]!.index).toBe(2);
    expect(Array.from(cosineToAll(Float32Array.of(1, 0, 0, 0), 2, 0))).toEqual([1, 0]);
  });
});
