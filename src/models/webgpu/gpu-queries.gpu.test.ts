// The GPU query kernels in Node (Dawn on SwiftShader): top-k for one user and a batch equals the CPU
// top-k (on the very scores the kernel compares, and on TF.js's matMul scores), with seen items,
// ties, NaN and short candidate lists; the ranking evaluation equals the CPU ranker's.
import { beforeAll, describe, expect, it } from 'vitest';
import { leaveOneOutByTime } from '../../data/splits.ts';
import { evaluateRanking } from '../../eval/evaluate.ts';
import { TargetRanker } from '../../eval/rank.ts';
import { useBackend } from '../backend.ts';
import { BprSampler } from '../bpr-sampler.ts';
import { itemFeatures } from '../item-features.ts';
import { BprMf } from '../mf-bpr.ts';
import { RatingMf } from '../mf-rating.ts';
import { recommendForUser, recommendForUsers, topK } from '../queries.ts';
import { meanRating, ratedRows, shuffledRatings } from '../rating-rows.ts';
import { Random } from '../../random.ts';
import { directorRatings } from '../../../tests/helpers/models/director-ratings.ts';
import { tinyTable } from '../../../tests/helpers/models/tiny-table.ts';
import { exclusionMask } from './exclusion-mask.ts';
import { setFusedWebGpu } from './fused-switch.ts';
import { GpuQueries } from './gpu-queries.ts';
import { tfjsWebGpu } from './tfjs-device.ts';

function queries(): GpuQueries {
  const backend = tfjsWebGpu();
  if ('unavailable' in backend) throw new Error(backend.unavailable);
  return GpuQueries.on(backend);
}

/** A BPR model with random weights (no training needed to compare selections). */
function randomModel(users: number, items: number, dim: number, seed: number): BprMf {
  return BprMf.create(users, items, { dim, seed, initStd: 0.5 });
}

/** CPU top-k both ways: with the fused kernels off (TF.js matMul scores), and on the kernel's own scores. */
async function cpuTopK(model: BprMf | RatingMf, users: Int32Array, k: number, seen: ((i: number) => boolean)[]) {
  setFusedWebGpu(false);
  try {
    return await recommendForUsers(model, users, k, seen);
  } finally {
    setFusedWebGpu(true);
  }
}

beforeAll(async () => {
  await useBackend('webgpu');
});

describe('top-k on the GPU', () => {
  it.each([
    ['vec4 rows (dim 16)', 16],
    ['scalar rows (dim 6)', 6],
  ])('%s: equals the CPU top-k of the same scores, for one user and a batch, seen items excluded', async (_, dim) => {
    const model = randomModel(40, 700, dim, 3);
    const users = Int32Array.from({ length: 40 }, (_, u) => u);
    const seen = Array.from(users, (u) => (i: number) => (i * 7 + u) % 5 === 0);
    const gpu = await recommendForUsers(model, users, 10, seen);
    const scores = await queries().scores(model.scoringTensors(), users);
    users.forEach((_, b) => {
      expect(gpu[b]).toEqual(topK(scores.subarray(b * 700, (b + 1) * 700), 10, seen[b]));
      for (const { index } of gpu[b]!) expect(seen[b]!(index)).toBe(false);
    });
    // And the same items as TF.js's matMul scores give (the scores agree to float32 rounding).
    const cpu = await cpuTopK(model, users, 10, seen);
    users.forEach((_, b) => {
      expect(gpu[b]!.map((s) => s.index)).toEqual(cpu[b]!.map((s) => s.index));
      gpu[b]!.forEach((s, r) => expect(s.score).toBeCloseTo(cpu[b]![r]!.score, 5));
    });
    // One user through recommendForUser: the same list.
    expect(await recommendForUser(model, 7, 10, new Set(Array.from({ length: 700 }, (_, i) => i).filter(seen[7]!)))).toEqual(gpu[7]);
    model.dispose();
  });

  it('breaks ties by the lower index, skips NaN scores, and returns fewer than k when fewer items are left', async () => {
    // Items 0–5: item 3 duplicates item 1 (a tie), item 4 is NaN.
    const model = BprMf.fromCheckpoint(await tieCheckpoint());
    const scores = await queries().scores(model.scoringTensors(), Int32Array.of(0));
    expect(scores[1]).toBe(scores[3]);
    expect(Number.isNaN(scores[4])).toBe(true);
    const gpu = await recommendForUser(model, 0, 10, new Set([0]));
    expect(gpu).toEqual(topK(scores, 10, new Set([0])));
    expect(gpu.map((s) => s.index)).not.toContain(4);
    expect(gpu.length).toBe(4);
    expect(gpu.findIndex((s) => s.index === 1)).toBeLessThan(gpu.findIndex((s) => s.index === 3));
    model.dispose();
  });

  it('a rating model with attributes: the composed items and the global mean, as on the CPU', async () => {
    const data = directorRatings({ users: 12, directors: 3, warm: 4 });
    const rows = ratedRows(data.train, Int32Array.from({ length: data.train.length }, (_, k) => k));
    const model = RatingMf.create(data.numUsers, data.numItems, meanRating(rows), { dim: 6, batchSize: 16, lr: 0.05, seed: 5 }, itemFeatures(data.items, 'dataset'));
    for (let e = 0; e < 3; e++) await model.trainEpoch(shuffledRatings(rows, model.random));
    expect(model.lastStep).toEqual({ path: 'webgpu-fused' });
    const users = Int32Array.from({ length: data.numUsers }, (_, u) => u);
    const gpu = await recommendForUsers(model, users, 5);
    const cpu = await cpuTopK(model, users, 5, []);
    users.forEach((_, b) => {
      expect(gpu[b]!.map((s) => s.index)).toEqual(cpu[b]!.map((s) => s.index));
      gpu[b]!.forEach((s, r) => expect(s.score).toBeCloseTo(cpu[b]![r]!.score, 4));
    });
    model.dispose();
  });

  it('refuses a user outside the model with a typed error', async () => {
    const model = randomModel(3, 10, 4, 1);
    await expect(recommendForUser(model, 3, 2)).rejects.toMatchObject({ code: 'UNKNOWN_USER' });
    await expect(recommendForUsers(model, Int32Array.of(0, -1), 2)).rejects.toMatchObject({ code: 'UNKNOWN_USER' });
    model.dispose();
  });
});

describe('ranking evaluation on the GPU', () => {
  it('ranks each target as the CPU ranker does on the same scores (train and validation items excluded)', async () => {
    const model = randomModel(50, 300, 8, 9);
    const users = Int32Array.from({ length: 50 }, (_, u) => u);
    const targets = Int32Array.from(users, (u) => (u * 13) % 300);
    const excluded = (b: number) => Int32Array.from({ length: 20 }, (_, j) => (b * 17 + j * 29) % 300);
    const ranks = await queries().rankTargets(model.scoringTensors(), users, targets, exclusionMask(300, Array.from(users, (_, b) => excluded(b))));
    const scores = await queries().scores(model.scoringTensors(), users);
    const ranker = new TargetRanker(300);
    users.forEach((u, b) => {
      const cpu = ranker.rank(scores.subarray(b * 300, (b + 1) * 300), targets[b]!, excluded(b), u);
      expect([ranks.rank[b], ranks.candidates[b], ranks.firstNaN[b]]).toEqual([cpu.rank, cpu.candidates, -1]);
    });
    model.dispose();
  });

  it('evaluateRanking of a trained model: the same per-user ranks and metrics as with the fused kernels off', async () => {
    const table = clusteredTable(60, 120, 7);
    const split = leaveOneOutByTime(table);
    const model = BprMf.create(60, 120, { dim: 8, batchSize: 64, lr: 0.05, seed: 2 });
    const sampler = new BprSampler(table, split.train, 60, 120);
    for (let e = 0; e < 4; e++) await model.trainEpoch(sampler.epoch(model.random));
    const progress: number[] = [];
    const gpu = await evaluateRanking(model, table, split, { target: 'test', ks: [5, 10], onProgress: (p) => progress.push(p.done) });
    setFusedWebGpu(false);
    const cpu = await evaluateRanking(model, table, split, { target: 'test', ks: [5, 10] });
    setFusedWebGpu(true);
    expect(Array.from(gpu.perUser.candidates)).toEqual(Array.from(cpu.perUser.candidates));
    expect(Array.from(gpu.perUser.rank)).toEqual(Array.from(cpu.perUser.rank));
    expect(gpu.overall).toEqual(cpu.overall);
    expect(gpu.overall['HR@10']).toBeGreaterThan(0);
    expect(progress.at(-1)).toBe(gpu.users);
    model.dispose();
  });

  it('refuses NaN scores with EVAL_BAD_SCORE, naming the item', async () => {
    const model = BprMf.fromCheckpoint(await tieCheckpoint());
    const table = tinyTable([[0, 0, 5, 1], [0, 1, 5, 2], [0, 2, 5, 3], [1, 5, 5, 1], [1, 0, 5, 2], [1, 1, 5, 3]]);
    await expect(evaluateRanking(model, table, leaveOneOutByTime(table), { target: 'test' })).rejects.toMatchObject({ code: 'EVAL_BAD_SCORE', message: expect.stringContaining('item 4') });
    model.dispose();
  });
});

/** 2 users × 6 items, dim 4: item 3's row equals item 1's, item 4's is NaN. */
async function tieCheckpoint() {
  const model = BprMf.create(2, 6, { dim: 4, seed: 1, initStd: 0.5 });
  const c = await model.toCheckpoint();
  model.dispose();
  const w = c.table.weights;
  const row = (r: number) => w.subarray(r * 4, (r + 1) * 4);
  row(2 + 3).set(row(2 + 1));
  row(2 + 4).fill(NaN);
  return c;
}

/** Users in two taste halves over items; each user's rows in time order (the last ones held out). */
function clusteredTable(users: number, items: number, seed: number) {
  const rng = new Random(seed);
  const rows: [number, number, number, number][] = [];
  for (let u = 0; u < users; u++) {
    const half = u % 2;
    const own = new Set<number>();
    while (own.size < 12) own.add(half * (items / 2) + rng.int(items / 2));
    [...own].forEach((i, t) => rows.push([u, i, 5, t]));
  }
  return tinyTable(rows);
}
