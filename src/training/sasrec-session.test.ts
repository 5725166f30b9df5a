// trainSasRecFromStore in Node (WASM) on the in-memory store (the same typed records as IndexedDB's):
// checkpoint after every epoch, cancel, resume, a finished model served as is, and a changed
// configuration starting afresh.
import { beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../data/memory-store.ts';
import type { Dataset } from '../data/types.ts';
import type { SasRecCheckpoint } from '../models/sasrec/sasrec-checkpoint.ts';
import { AbortedError } from '../errors.ts';
import { evaluateRanking } from '../eval/evaluate.ts';
import { leaveOneOutByTime } from '../data/splits.ts';
import { nodeBackend } from '../../tests/helpers/models/use-node-backend.ts';
import { loadTrainedSasRec, trainSasRecFromStore } from './sasrec-session.ts';
import { cyclicWalks } from '../../tests/helpers/models/sasrec/cyclic-walks.ts';

async function stored(store: MemoryStore) {
  const record = (await store.getCheckpoint('sasrec'))!;
  return { ...record, model: record.model as SasRecCheckpoint };
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
    const store = new MemoryStore(dataset);
    const controller = new AbortController();
    const first = trainSasRecFromStore(store, request, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.epoch === 2 && p.validation !== undefined) controller.abort();
      },
    });
    await expect(first).rejects.toBeInstanceOf(AbortedError);
    const afterCancel = await stored(store);
    expect(afterCancel.model.epoch).toBe(2);
    expect(afterCancel.finished).toBe(false);

    const outcome = await trainSasRecFromStore(store, request);
    expect(outcome.resumedFromEpoch).toBe(2);
    expect(outcome.epochsRun).toBeGreaterThan(0);
    expect(outcome.step).toBe('wasm-simd');
    const finished = await stored(store);
    expect(finished.finished).toBe(true);
    expect(finished.model.epoch).toBe(outcome.bestEpoch);

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
    const store = new MemoryStore(dataset);
    await trainSasRecFromStore(store, { ...request, epochs: 2, patience: 0 });
    const outcome = await trainSasRecFromStore(store, { ...request, epochs: 2, patience: 0, config: { ...request.config, dim: 8 } });
    expect(outcome.resumedFromEpoch).toBe(0);
    expect(outcome.epochsRun).toBe(2);
    expect((await stored(store)).model.config.dim).toBe(8);
  });
});
