// trainSasRecFromStore in Node (WASM) on an in-memory fake of the store's training methods:
// checkpoint after every epoch, cancel, resume, a finished model served as is, and a changed
// configuration starting afresh.
import { beforeAll, describe, expect, it } from 'vitest';
import type { CheckpointRecord } from '../../data/db.ts';
import type { Dataset } from '../../data/types.ts';
import { AbortedError } from '../../errors.ts';
import { evaluateRanking } from '../../eval/evaluate.ts';
import { leaveOneOutByTime } from '../../data/splits.ts';
import { nodeBackend } from '../testing/use-node-backend.ts';
import { loadTrainedSasRec, trainSasRecFromStore, type StoredSasRec } from './sasrec-session.ts';
import { cyclicWalks } from './testing/cyclic-walks.ts';

function memoryStore(dataset: Dataset) {
  const checkpoints = new Map<string, CheckpointRecord>();
  return {
    checkpoints,
    loadDataset: async () => structuredClone(dataset),
    getCheckpoint: async (name: string) => structuredClone(checkpoints.get(name)),
    putCheckpoint: async (name: string, value: unknown) => {
      const record = { name, savedAt: Date.now(), value: structuredClone(value) };
      checkpoints.set(name, record);
      return record;
    },
  };
}

const walks = cyclicWalks(80, 20, 10, 9);
const dataset: Dataset = {
  name: 'ring walks',
  format: 'generic-csv',
  items: Array.from({ length: 20 }, (_, i) => ({ index: i, id: String(i), title: `Item ${i}`, genres: [] })),
  users: Array.from({ length: 80 }, (_, u) => ({ index: u, id: String(u) })),
  interactions: walks,
};
const request = { epochs: 30, patience: 3, config: { dim: 16, heads: 1, blocks: 1, maxLen: 10, dropout: 0.1, batchSize: 16, lr: 0.01, seed: 2 } };

describe('trainSasRecFromStore', () => {
  beforeAll(async () => {
    await nodeBackend('wasm');
  });

  it('checkpoints every epoch, resumes after a cancel, serves the finished model, and it predicts', async () => {
    const store = memoryStore(dataset);
    const controller = new AbortController();
    const first = trainSasRecFromStore(store, request, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.epoch === 2 && p.validation !== undefined) controller.abort();
      },
    });
    await expect(first).rejects.toBeInstanceOf(AbortedError);
    const afterCancel = store.checkpoints.get('sasrec')!.value as StoredSasRec;
    expect(afterCancel.model.epoch).toBe(2);
    expect(afterCancel.finished).toBe(false);

    const outcome = await trainSasRecFromStore(store, request);
    expect(outcome.resumedFromEpoch).toBe(2);
    expect(outcome.epochsRun).toBeGreaterThan(0);
    expect(outcome.step).toBe('wasm-simd');
    const stored = store.checkpoints.get('sasrec')!.value as StoredSasRec;
    expect(stored.finished).toBe(true);
    expect(stored.model.epoch).toBe(outcome.bestEpoch);

    const again = await trainSasRecFromStore(store, request);
    expect(again.epochsRun).toBe(0);
    expect(again.bestEpoch).toBe(outcome.bestEpoch);

    const model = (await loadTrainedSasRec(store))!;
    const split = leaveOneOutByTime(walks);
    const report = await evaluateRanking(model, walks, split, { target: 'validation', ks: [1] });
    expect(report.overall['HR@1']).toBeGreaterThan(0.9);
    model.dispose();
  });

  it('starts afresh when the configuration changed', async () => {
    const store = memoryStore(dataset);
    await trainSasRecFromStore(store, { ...request, epochs: 2, patience: 0 });
    const outcome = await trainSasRecFromStore(store, { ...request, epochs: 2, patience: 0, config: { ...request.config, dim: 8 } });
    expect(outcome.resumedFromEpoch).toBe(0);
    expect(outcome.epochsRun).toBe(2);
    expect((store.checkpoints.get('sasrec')!.value as StoredSasRec).model.config.dim).toBe(8);
  });

  it('says so when there is no dataset', async () => {
    const store = { ...memoryStore(dataset), loadDataset: async () => null };
    await expect(trainSasRecFromStore(store, request)).rejects.toMatchObject({ code: 'NO_DATASET' });
  });
});
