import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { leaveOneOutByTime } from '../../data/splits.ts';
import { evaluateRanking } from '../../eval/evaluate.ts';
import type { ScoringModel } from '../scoring-model.ts';
import { nodeBackend } from '../../../tests/helpers/models/use-node-backend.ts';
import { trainMf } from '../../training/train-mf.ts';
import { SasRec } from './sasrec.ts';
import { sasrecTrainingData, trainSasRec } from '../../training/train-sasrec.ts';
import { cyclicWalks } from '../../../tests/helpers/models/sasrec/cyclic-walks.ts';
import { userSequences } from './user-sequences.ts';

const USERS = 200;
const ITEMS = 20;
const walks = cyclicWalks(USERS, ITEMS, 10, 3);
const split = leaveOneOutByTime(walks);
const dims = { numUsers: USERS, numItems: ITEMS };
/** Fraction of users for whom the item after their training walk scores above the item before it. */
async function prefersNext(model: ScoringModel): Promise<number> {
  const sequences = userSequences(walks, split.train, USERS);
  const users = Int32Array.from({ length: USERS }, (_, u) => u);
  const scores = await model.scoreUsers(users);
  let wins = 0;
  for (let u = 0; u < USERS; u++) {
    const walk = sequences.items.subarray(sequences.offsets[u]!, sequences.offsets[u + 1]!);
    const next = (walk.at(-1)! + 1) % ITEMS;
    const previous = (walk[0]! + ITEMS - 1) % ITEMS;
    if (scores[u * ITEMS + next]! > scores[u * ITEMS + previous]!) wins++;
  }
  return wins / USERS;
}

const small = { dim: 16, heads: 2, blocks: 2, maxLen: 10, dropout: 0, batchSize: 16, lr: 0.01, seed: 5 };

describe.each(['wasm', 'cpu'] as const)('SASRec on %s', (backend) => {
  beforeAll(async () => {
    await nodeBackend(backend);
  });

  it('learns that item i + 1 follows item i, which BPR-MF cannot tell from i − 1', async () => {
    const { model } = await trainSasRec(walks, split, dims, { epochs: 40, patience: 0, config: small });
    expect(model.lastStep?.path).toBe(backend === 'wasm' ? 'wasm-simd' : 'js-in-place');
    const report = await evaluateRanking(model, walks, split, { target: 'validation', ks: [1] });
    const sasrecPrefers = await prefersNext(model);
    model.dispose();
    const mf = await trainMf(walks, split, dims, { kind: 'mf-bpr', epochs: 200, patience: 0, config: { dim: 16, batchSize: 64, lr: 0.05, seed: 5 } });
    const mfPrefers = await prefersNext(mf.model);
    mf.model.dispose();
    // SASRec names the next item first for nearly every user, and always prefers it to the previous one.
    expect(report.overall['HR@1']).toBeGreaterThan(0.9);
    expect(sasrecPrefers).toBeGreaterThan(0.95);
    // For MF the two neighbours of a user's arc are alike: a coin toss.
    expect(mfPrefers).toBeGreaterThan(0.3);
    expect(mfPrefers).toBeLessThan(0.7);
  });

  it('keeps the number of tensors flat across epochs and scoring, and frees them on dispose', async () => {
    const sequences = userSequences(walks, split.train, USERS);
    const model = SasRec.create(USERS, ITEMS, sequences, small);
    const data = sasrecTrainingData(walks, split, dims, model.config);
    await model.trainEpoch(data);
    await model.scoreUsers(Int32Array.of(0, 1));
    const after1 = tf.memory().numTensors;
    for (let e = 0; e < 3; e++) await model.trainEpoch(data, { reportEvery: 1, onBatch: () => {} });
    await model.scoreUsers(Int32Array.of(0, 1));
    await model.scorePairs(Int32Array.of(0, 1), Int32Array.of(3, 4));
    await model.userEmbeddings();
    expect(tf.memory().numTensors).toBe(after1);
    const before = tf.memory().numTensors;
    model.dispose();
    expect(tf.memory().numTensors).toBe(before - 4); // w, m, v and the cached item matrix
  });

  it('scores pairs as the full ranking does, and users by their own sequence', async () => {
    const model = SasRec.create(USERS, ITEMS, userSequences(walks, split.train, USERS), small);
    await model.trainEpoch(sasrecTrainingData(walks, split, dims, model.config));
    const scores = await model.scoreUsers(Int32Array.of(2, 7));
    const pairs = await model.scorePairs(Int32Array.of(2, 7, 7), Int32Array.of(4, 0, 19));
    expect(pairs[0]).toBeCloseTo(scores[4]!, 5);
    expect(pairs[1]).toBeCloseTo(scores[ITEMS]!, 5);
    expect(pairs[2]).toBeCloseTo(scores[ITEMS + 19]!, 5);
    // Users 2 and 7 walked from other starts: their scores differ.
    expect(Array.from(scores.subarray(0, ITEMS))).not.toEqual(Array.from(scores.subarray(ITEMS)));
    await expect(model.scoreUsers(Int32Array.of(USERS))).rejects.toMatchObject({ code: 'UNKNOWN_USER' });
    await expect(model.scorePairs(Int32Array.of(0), Int32Array.of(ITEMS))).rejects.toMatchObject({ code: 'UNKNOWN_ITEM' });
    model.dispose();
    await expect(model.scoreUsers(Int32Array.of(0))).rejects.toMatchObject({ code: 'NOT_TRAINED' });
  });

  it('restores from a checkpoint exactly and resumes as an uninterrupted run would', async () => {
    const sequences = userSequences(walks, split.train, USERS);
    const a = SasRec.create(USERS, ITEMS, sequences, { ...small, dropout: 0.2 });
    const data = sasrecTrainingData(walks, split, dims, a.config);
    await a.trainEpoch(data);
    await a.trainEpoch(data);
    const checkpoint = await a.toCheckpoint();
    const b = SasRec.fromCheckpoint(structuredClone(checkpoint));
    expect(b.epochsDone).toBe(2);
    const users = Int32Array.from({ length: USERS }, (_, u) => u);
    expect(Array.from(await b.scoreUsers(users))).toEqual(Array.from(await a.scoreUsers(users)));
    // One more epoch on each: same windows, negatives, dropout masks and Adam state.
    const lossA = (await a.trainEpoch(data)).loss;
    const lossB = (await b.trainEpoch(data)).loss;
    expect(lossB).toBe(lossA);
    expect(Array.from(await b.scoreUsers(users))).toEqual(Array.from(await a.scoreUsers(users)));
    a.dispose();
    b.dispose();
  });
});

describe('SASRec checkpoints', () => {
  beforeAll(async () => {
    await nodeBackend('wasm');
  });

  it('refuses damaged checkpoints with CHECKPOINT_INVALID', async () => {
    const model = SasRec.create(USERS, ITEMS, userSequences(walks, split.train, USERS), small);
    const good = await model.toCheckpoint();
    model.dispose();
    const bad = [
      null,
      { ...good, format: 'l4r-mf' },
      { ...good, w: good.w.subarray(1) },
      { ...good, config: { ...good.config, heads: 3 } },
      { ...good, sequences: { offsets: good.sequences.offsets, items: Int32Array.of(ITEMS) } },
    ];
    for (const value of bad) expect(() => SasRec.fromCheckpoint(value)).toThrow(expect.objectContaining({ code: 'CHECKPOINT_INVALID' }));
  });
});

describe('SASRec across backends', () => {
  it('trains to the same losses and rankings on WASM (SIMD) and CPU (JS)', async () => {
    const run = async (backend: 'wasm' | 'cpu') => {
      await nodeBackend(backend);
      const { model, result } = await trainSasRec(walks, split, dims, { epochs: 5, patience: 0, config: { ...small, dropout: 0.2 } });
      const scores = await model.scoreUsers(Int32Array.from({ length: USERS }, (_, u) => u));
      model.dispose();
      return { losses: result.history.map((h) => h.loss), scores };
    };
    const wasm = await run('wasm');
    const cpu = await run('cpu');
    wasm.losses.forEach((loss, e) => expect(loss).toBeCloseTo(cpu.losses[e]!, 3));
    const worst = Math.max(...Array.from(wasm.scores, (s, k) => Math.abs(s - cpu.scores[k]!)));
    expect(worst).toBeLessThan(0.05);
  });
});
