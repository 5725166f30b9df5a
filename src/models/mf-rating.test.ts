import * as tf from '@tensorflow/tfjs-core';
// tfjs-core has no backend of its own: tensors made before any activateBackend() run on the CPU one.
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { RatingMf } from './mf-rating.ts';
import { meanRating, ratedRows, shuffledRatings } from './rating-rows.ts';
import { tinyTable } from '../../tests/helpers/models/tiny-table.ts';
import { nodeBackend } from '../../tests/helpers/models/use-node-backend.ts';

// Two users who agree: user 0 rates items 0, 1 high and 2 low; user 1 rates 0 high, 2 low, 3 mid.
const TABLE = tinyTable([
  [0, 0, 5, 1], [0, 1, 5, 2], [0, 2, 1, 3],
  [1, 0, 5, 1], [1, 2, 1, 2], [1, 3, 3, 3],
]);
const ROWS = Int32Array.from({ length: TABLE.length }, (_, k) => k);

describe.each(['wasm', 'cpu'] as const)('biased MF on %s', (backend) => {
  beforeAll(async () => {
    await nodeBackend(backend);
  });

  it('fits the training ratings, keeps the constant columns fixed and leaks no tensors', async () => {
    const rows = ratedRows(TABLE, ROWS);
    const mu = meanRating(rows);
    expect(mu).toBeCloseTo(20 / 6, 6);
    const model = RatingMf.create(2, 4, mu, { dim: 2, batchSize: 4, lr: 0.05, l2: 0, seed: 3 });
    const first = (await model.trainEpoch(shuffledRatings(rows, model.random))).loss;
    const tensors = tf.memory().numTensors;
    let last = first;
    for (let e = 0; e < 150; e++) last = (await model.trainEpoch(shuffledRatings(rows, model.random))).loss;
    expect(tf.memory().numTensors).toBe(tensors);
    expect(last).toBeLessThan(first / 20);
    const predicted = await model.scorePairs(rows.user, rows.item);
    for (let k = 0; k < rows.rating.length; k++) expect(Math.abs(predicted[k]! - rows.rating[k]!)).toBeLessThan(0.3);
    // The "1" columns: user rows [p, b_u, 1], item rows [q, 1, b_i].
    const c = await model.toCheckpoint();
    // One table: users' rows 0..1, then items' rows 2..5.
    for (let u = 0; u < 2; u++) expect(c.table.weights[u * 4 + 3]).toBe(1);
    for (let i = 2; i < 6; i++) expect(c.table.weights[i * 4 + 2]).toBe(1);
    // scoreUsers gives the same predicted ratings as scorePairs.
    const all = await model.scoreUsers(Int32Array.of(0));
    expect(all[2]).toBeCloseTo(predicted[2]!, 4);
    expect((await model.userEmbeddings()).dim).toBe(2);
    const restored = RatingMf.fromCheckpoint(c);
    expect(Array.from(await restored.scorePairs(rows.user, rows.item))).toEqual(Array.from(predicted));
    restored.dispose();
    model.dispose();
  });

  it('refuses training data without ratings', () => {
    const implicit = tinyTable([[0, 0, NaN, 1]]);
    expect(() => ratedRows(implicit, Int32Array.of(0))).toThrow(/use mf-bpr/);
  });
});
