import { expect, test } from 'vitest';
import type { Dataset } from '../data/types.ts';
import type { Recommender } from '../models/recommender.ts';
import { RecError } from '../errors.ts';
import { createLocalRecommendationSource, topUnseen, type Reranker } from './local-recommendation-source.ts';

// Users a, b, c with 2, 1 and 4 interactions; five items.
function tinyDataset(): Dataset {
  const pairs: [number, number][] = [[0, 0], [0, 1], [1, 0], [2, 0], [2, 1], [2, 2], [2, 3]];
  return {
    name: 'tiny',
    format: 'generic-csv',
    users: ['a', 'b', 'c'].map((id, index) => ({ id, index })),
    items: ['Alien', 'Brazil', 'Casablanca', 'Dune', 'Eraserhead'].map((title, index) => ({
      index,
      id: `m${index}`,
      title,
      genres: index === 3 ? ['Sci-Fi'] : [],
      ...(index === 3 ? { year: 1984 } : {}),
    })),
    interactions: {
      length: pairs.length,
      user: Int32Array.from(pairs.map((p) => p[0])),
      item: Int32Array.from(pairs.map((p) => p[1])),
      rating: new Float32Array(pairs.length).fill(4),
      timestamp: Float64Array.from(pairs.map((_, i) => i)),
    },
  };
}

/** A test double: fixed score rows per user. */
function fixedScores(rows: number[][]): Recommender {
  return {
    kind: 'mf-bpr',
    numUsers: rows.length,
    numItems: rows[0]!.length,
    scoreUsers: async (users) => Float32Array.from(users.length === 1 ? rows[users[0]!]! : []),
    scorePairs: async () => new Float32Array(),
    userEmbeddings: async () => null,
    dispose: () => {},
  };
}

const SCORES = [
  [0.9, 0.8, 0.1, 0.5, 0.5],
  [0.9, 0.8, 0.7, 0.6, 0.5],
  [0, 0, 0, 0, 0],
];
const PARAMS = { alpha1: 0.5, alpha2: 0.1 };

test('MF only: the top-k unseen items by score, ties to the lower index, with α_u and the reason shown', async () => {
  const source = createLocalRecommendationSource({
    dataset: tinyDataset(),
    recommender: fixedScores(SCORES),
    recommenderLabel: 'BPR-MF',
    alphaParams: PARAMS,
    mfOnlyReason: 'No LLM is loaded, so these come from MF alone.',
  });
  const result = await source.recommend('a', 2);
  expect(result.producedBy).toBe('BPR-MF');
  expect(result.note).toBe('No LLM is loaded, so these come from MF alone.');
  expect(result.similarUser).toBeUndefined();
  // a saw Alien and Brazil; Dune and Eraserhead tie at 0.5 (Dune has the lower index).
  expect(result.items.map((i) => i.title)).toEqual(['Dune', 'Eraserhead']);
  expect(result.items[0]).toMatchObject({ itemId: 'm3', year: 1984, genres: ['Sci-Fi'], llmScore: null, finalScore: -1 });
  expect(result.items[0]!.mfScore).toBeCloseTo(0.5, 6);
  // α_a = 0.5 · max((ln 5 − ln 3) / (ln 5 − ln 2), 0.1) = 0.5 · 0.557493 = 0.278746
  expect(result.items[0]!.alpha).toBeCloseTo(0.278746, 5);
});

test('with a reranker: the blend of positions reorders the list and the similar user is named', async () => {
  const calls: number[][] = [];
  const reranker: Reranker = {
    label: 'LLM test double',
    candidates: 3,
    rerank: async (_user, candidates) => {
      calls.push([...candidates]);
      return { order: [3, 1, 2], similarUser: { user: 2, similarity: 0.75 } };
    },
  };
  const source = createLocalRecommendationSource({
    dataset: tinyDataset(),
    recommender: fixedScores(SCORES),
    recommenderLabel: 'BPR-MF',
    alphaParams: PARAMS,
    reranker,
  });
  const result = await source.recommend('b', 2);
  // b saw Alien; the LLM gets MF's top 3 unseen: Brazil, Casablanca, Dune.
  expect(calls).toEqual([[1, 2, 3]]);
  // α_b = 0.5 (the most long-tail user). U: Brazil .5·(−2)+.5·(−1) = −1.5; Dune .5·(−1)+.5·(−3) = −2;
  // Casablanca .5·(−3)+.5·(−2) = −2.5.
  expect(result.items.map((i) => [i.title, i.finalScore, i.llmScore])).toEqual([
    ['Brazil', -1.5, -2],
    ['Dune', -2, -1],
  ]);
  expect(result.items[0]!.alpha).toBeCloseTo(0.5, 10);
  expect(result.producedBy).toBe('BPR-MF + LLM test double');
  expect(result.similarUser).toEqual({ userId: 'c', similarity: 0.75 });
  expect(result.note).toBeUndefined();
});

test('an unknown user id is a RecError UNKNOWN_USER that says what to do', async () => {
  const source = createLocalRecommendationSource({
    dataset: tinyDataset(),
    recommender: fixedScores(SCORES),
    recommenderLabel: 'BPR-MF',
    alphaParams: PARAMS,
  });
  const error = await source.recommend('zz', 3).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(RecError);
  expect((error as RecError).code).toBe('UNKNOWN_USER');
  expect((error as RecError).message).toContain('Use one of its user ids');
});

test('topUnseen skips seen items and non-finite scores', () => {
  const picked = topUnseen(Float32Array.of(3, NaN, 5, 1, 4), Int32Array.of(2), 10);
  expect(picked.map((c) => c.item)).toEqual([4, 0, 3]);
});
