import { expect, test } from 'vitest';
import type { Dataset } from '../data/types.ts';
import type { Recommender } from '../models/recommender.ts';
import { RecError } from '../errors.ts';
import { createLocalRecommendationSource } from './local-recommendation-source.ts';
import { ScriptedLlmDouble } from '../llm/test-double.ts';

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
    // Unit vectors: cos(a, b) = 0.6, cos(b, c) = 0.8, cos(a, c) = 0.
    userEmbeddings: async () => ({ dim: 2, data: Float32Array.of(1, 0, 0.6, 0.8, 0, 1) }),
    dispose: () => {},
  };
}

const SCORES = [
  [0.9, 0.8, 0.1, 0.5, 0.5],
  [0.9, 0.8, 0.7, 0.6, 0.5],
  [0, 0, 0, 0, 0],
];
const PARAMS = { alpha1: 0.5, alpha2: 0.1 };

test('MF only: the top-k unseen items by score, with α_u and the reason shown', async () => {
  const source = createLocalRecommendationSource({
    dataset: tinyDataset(),
    recommender: fixedScores(SCORES),
    recommenderLabel: 'BPR-MF',
    alphaParams: PARAMS,
    noLlmReason: 'no language model is loaded.',
  });
  const result = await source.recommend('a', 2);
  expect(result.producedBy).toBe('BPR-MF');
  expect(result.note).toBe('MF alone: no language model is loaded.');
  expect(result.similarUser).toBeUndefined();
  // a saw Alien and Brazil; Dune and Eraserhead tie at 0.5, Casablanca (0.1) comes last.
  expect(result.items.map((i) => i.title)).toEqual(['Dune', 'Eraserhead']);
  expect(result.items[0]).toMatchObject({ itemId: 'm3', year: 1984, genres: ['Sci-Fi'], llmScore: null, finalScore: -1 });
  expect(result.items[1]?.finalScore).toBe(-2);
  expect(result.items[0]!.mfScore).toBeCloseTo(0.5, 6);
  // Training counts under leave-one-out by time: a 0, b 0, c 2 (its last two are validation and test).
  // α_a = 0.5 · max((ln 3 − ln 1) / (ln 3 − ln 1), 0.1) = 0.5.
  expect(result.items[0]!.alpha).toBeCloseTo(0.5, 10);
  // c is the most active user: α_c = α1 · α2 = 0.05.
  const c = await source.recommend('c', 1);
  expect(c.items.map((i) => i.title)).toEqual(['Eraserhead']);
  expect(c.items[0]!.alpha).toBeCloseTo(0.05, 10);
});

test('with an LLM whose answer names no candidate, the list stays MF’s and says why', async () => {
  const engine = new ScriptedLlmDouble(() => 'I would rather not say.');
  const source = createLocalRecommendationSource({
    dataset: tinyDataset(),
    recommender: fixedScores(SCORES),
    recommenderLabel: 'BPR-MF',
    alphaParams: PARAMS,
    engine,
  });
  const result = await source.recommend('b', 2);
  expect(engine.requests.length).toBe(1);
  // b saw Alien; MF order of the rest: Brazil 0.8, Casablanca 0.7.
  expect(result.items.map((i) => [i.title, i.llmScore])).toEqual([
    ['Brazil', null],
    ['Casablanca', null],
  ]);
  expect(result.producedBy).toBe('BPR-MF');
  expect(result.note).toBe("The LLM's answer named no candidate; this list is MF's.");
});

test('with an LLM that ranks the candidates: the blend reorders, and the similar user is named', async () => {
  const engine = new ScriptedLlmDouble(() => 'Dune\nBrazil\nCasablanca\nEraserhead');
  const source = createLocalRecommendationSource({
    dataset: tinyDataset(),
    recommender: fixedScores(SCORES),
    recommenderLabel: 'BPR-MF',
    alphaParams: PARAMS,
    engine,
  });
  const result = await source.recommend('b', 2);
  // α_b = 0.5. MF positions: Brazil 1, Casablanca 2, Dune 3, Eraserhead 4; LLM: Dune 1, Brazil 2, …
  // U = 0.5·(−LLM) + 0.5·(−MF): Brazil −1.5, Dune −2, Casablanca −2.5, Eraserhead −4.
  expect(result.items.map((i) => [i.title, i.llmScore, i.finalScore])).toEqual([
    ['Brazil', -2, -1.5],
    ['Dune', -1, -2],
  ]);
  expect(result.producedBy).toBe('BPR-MF + test-double/scripted');
  expect(result.note).toBeUndefined();
  expect(result.similarUser?.userId).toBe('c');
  expect(result.similarUser?.similarity).toBeCloseTo(0.8, 6);
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
