// SASRec through trainFromStore (the training worker's entry) in Node (WASM) on the in-memory store
// (the same typed records as IndexedDB's): a checkpoint after every epoch, cancel, resume, a
// finished model served as is, a changed configuration starting afresh, and the 'sequential'
// answers of augmentation inserted into the training sequences (never the 'pair' ones).
import { beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../data/memory-store.ts';
import type { NewAugmentedPair } from '../data/serving-store.ts';
import { leaveOneOutByTime } from '../data/splits.ts';
import type { Dataset } from '../data/types.ts';
import { AbortedError } from '../errors.ts';
import { evaluateRanking } from '../eval/evaluate.ts';
import type { SasRecCheckpoint } from '../models/sasrec/sasrec-checkpoint.ts';
import { nodeBackend } from '../../tests/helpers/models/use-node-backend.ts';
import { cyclicWalks } from '../../tests/helpers/models/sasrec/cyclic-walks.ts';
import { loadTrainedModel, trainFromStore } from './train-session.ts';

async function stored(store: MemoryStore, name = 'sasrec') {
  const record = (await store.getCheckpoint(name))!;
  return { ...record, model: record.model as SasRecCheckpoint };
}

const USERS = 80;
const ITEMS = 20;
const walks = cyclicWalks(USERS, ITEMS, 10, 9);
const dataset: Dataset = {
  name: 'ring walks',
  format: 'generic-csv',
  items: Array.from({ length: ITEMS }, (_, i) => ({ index: i, id: String(i), title: `Item ${i}`, genres: [] })),
  users: Array.from({ length: USERS }, (_, u) => ({ index: u, id: String(u) })),
  interactions: walks,
};
const config = { dim: 16, heads: 1, blocks: 1, maxLen: 10, dropout: 0.1, batchSize: 16, lr: 0.01, seed: 2 };
const request = { kind: 'sasrec' as const, epochs: 30, patience: 3, validateEvery: 1, config };

describe('trainFromStore with kind "sasrec"', () => {
  beforeAll(async () => {
    await nodeBackend('wasm');
  });

  it('checkpoints every epoch, resumes after a cancel, serves the finished model, and it predicts', async () => {
    const store = new MemoryStore(dataset);
    const controller = new AbortController();
    const first = trainFromStore(store, request, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.epoch === 2 && p.validation !== undefined) controller.abort();
      },
    });
    await expect(first).rejects.toBeInstanceOf(AbortedError);
    const afterCancel = await stored(store);
    expect(afterCancel.model.epoch).toBe(2);
    expect(afterCancel.finished).toBe(false);

    const outcome = await trainFromStore(store, request);
    expect(outcome.resumedFromEpoch).toBe(2);
    expect(outcome.epochsRun).toBeGreaterThan(0);
    expect(outcome.step).toBe('wasm-simd');
    expect(outcome.validationMetric).toBe('NDCG@10');
    const finished = await stored(store);
    expect(finished.finished).toBe(true);
    expect(finished.model.epoch).toBe(outcome.bestEpoch);

    const again = await trainFromStore(store, request);
    expect(again.epochsRun).toBe(0);
    expect(again.bestEpoch).toBe(outcome.bestEpoch);

    const model = (await loadTrainedModel(store, 'sasrec', 'wasm'))!;
    expect(model.kind).toBe('sasrec');
    const report = await evaluateRanking(model, walks, leaveOneOutByTime(walks), { target: 'validation', ks: [1] });
    expect(report.overall['HR@1']).toBeGreaterThan(0.9);
    model.dispose();
  });

  it('validates every `validateEvery` epochs and still checkpoints each one', async () => {
    const store = new MemoryStore(dataset);
    const validated: number[] = [];
    const saved: number[] = [];
    await trainFromStore(store, { ...request, epochs: 6, patience: 10, validateEvery: 3 }, {
      onProgress: async (p) => {
        if (p.samplesPerSecond === undefined) return;
        if (p.validation !== undefined) validated.push(p.epoch);
        saved.push((await stored(store)).model.epoch);
      },
    });
    expect(validated).toEqual([3, 6]);
    expect(saved).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('starts afresh when the configuration changed', async () => {
    const store = new MemoryStore(dataset);
    await trainFromStore(store, { ...request, epochs: 2, patience: 0 });
    const outcome = await trainFromStore(store, { ...request, epochs: 2, patience: 0, config: { ...config, dim: 8 } });
    expect(outcome.resumedFromEpoch).toBe(0);
    expect(outcome.epochsRun).toBe(2);
    expect((await stored(store)).model.config.dim).toBe(8);
  });

  it("inserts the stored 'sequential' answers into the training sequences, and ignores the 'pair' ones", async () => {
    const answer = (user: number, pos: number, kind: 'pair' | 'sequential'): NewAugmentedPair => ({
      user, pos, neg: (pos + 1) % ITEMS, kind, modelId: 'test-double/scripted', promptVersion: 'p', createdAt: 1, confidence: 1,
    });
    const split = leaveOneOutByTime(walks);
    // An item user u never saw in training: half a ring away from its first one.
    const unseen = (u: number) => (walks.item[split.train.find((r) => walks.user[r] === u)!]! + ITEMS / 2) % ITEMS;
    const store = new MemoryStore(dataset);
    await store.addAugmentedPairs([answer(0, unseen(0), 'sequential'), answer(1, unseen(1), 'sequential'), answer(2, unseen(2), 'pair')]);
    const short = { ...request, epochs: 2, patience: 0, useAugmented: true };
    const withPicks = await trainFromStore(store, { ...short, checkpointName: 'sasrec+aug' });
    expect(withPicks.augmentedTriples).toBe(2);
    const plain = await trainFromStore(store, { ...short, useAugmented: false });
    expect(plain.augmentedTriples).toBe(0);
    // The same seed on other sequences: other windows and negatives, so other weights.
    expect((await stored(store, 'sasrec+aug')).model.w).not.toEqual((await stored(store)).model.w);
    // The model still scores from the users' real training items.
    expect((await stored(store, 'sasrec+aug')).model.sequences).toEqual((await stored(store)).model.sequences);
  });
});
