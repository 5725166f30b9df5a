// Starting workers in headless Chromium: one whose script is missing or throws while it starts
// rejects the pending call with WORKER_FAILED (never a hang), through createRecommender too; an
// app's own worker file handed in through `workers.train` trains.
import { afterAll, describe, expect, it } from 'vitest';
import { gridDataset } from '../../tests/helpers/data/test-dataset.ts';
import { deleteRecStore, openRecStore } from '../data/store.ts';
import { RecError } from '../errors.ts';
import { createRecommender } from '../api/create-recommender.ts';
import { createTrainWorker } from './train-client.ts';
import { createAugmentWorker } from './augment-client.ts';

const dbName = `l4r-worker-start-test-${crypto.randomUUID()}`;
afterAll(() => deleteRecStore(dbName));

const missing = () => new Worker(new URL('../../tests/fixtures/workers/no-such-worker.js', import.meta.url), { type: 'module' });
const failsAtStart = () => new Worker(new URL('../../tests/fixtures/workers/fails-at-start-worker.ts', import.meta.url), { type: 'module' });
const ownTrainWorker = () => new Worker(new URL('../../tests/fixtures/workers/own-train-worker.ts', import.meta.url), { type: 'module' });
const ownAugmentWorker = () => new Worker(new URL('../../tests/fixtures/workers/own-augment-worker.ts', import.meta.url), { type: 'module' });

function workerFailed(message: RegExp) {
  return (error: unknown) => error instanceof RecError && error.code === 'WORKER_FAILED' && message.test(error.message);
}

describe('worker start', () => {
  it('a training worker whose script is missing rejects the pending call, and every later one', async () => {
    const worker = createTrainWorker(missing);
    try {
      const failed = workerFailed(/^The training worker failed: its script could not be loaded .*workers: \{ train: /);
      await expect(worker.api.backend()).rejects.toSatisfy(failed);
      await expect(worker.api.cancel()).rejects.toSatisfy(failed);
    } finally {
      worker.terminate();
    }
  });

  it('an augmentation worker that throws while it starts rejects with what it threw', async () => {
    const worker = createAugmentWorker(failsAtStart);
    try {
      const engine = { kind: 'test-double', script: 'prefers-first' } as const;
      await expect(worker.api.augment({ dbName, engine })).rejects.toSatisfy(workerFailed(/augmentation worker failed: it threw ".*require is not defined"/));
    } finally {
      worker.terminate();
    }
  });

  it("createRecommender's train() rejects with WORKER_FAILED from a broken worker, and trains in the app's own worker file", async () => {
    const store = await openRecStore(dbName);
    await store.writeDataset(gridDataset(30, 40, 8));
    store.close();
    const mf = { epochs: 2, dim: 4, batchSize: 32 };
    const broken = await createRecommender({ dbName, mf, workers: { train: failsAtStart } });
    try {
      await expect(broken.train()).rejects.toSatisfy(workerFailed(/training worker failed/));
      expect(await broken.activeModel()).toBeNull();
    } finally {
      await broken.dispose();
    }
    let started = 0;
    const own = await createRecommender({ dbName, mf, workers: { train: () => (started++, ownTrainWorker()) } });
    try {
      const report = await own.train();
      expect(started).toBe(1);
      expect(report.epochsRun).toBe(2);
      expect((await own.recommend('user-0', { k: 3 })).items).toHaveLength(3);
    } finally {
      await own.dispose();
    }
  });

  it("augments in the app's own worker file through workers.augment, and reports a broken one", async () => {
    const engine = { kind: 'test-double', script: 'random-seeded', seed: 4 } as const;
    const broken = await createRecommender({ dbName, augmentEngine: engine, workers: { augment: missing } });
    try {
      await expect(broken.augmentAttributes({ maxCalls: 2, tailUsers: 1 })).rejects.toSatisfy(workerFailed(/^The augmentation worker failed/));
    } finally {
      await broken.dispose();
    }
    let started = 0;
    // No `llm`: this page could not augment itself, so the answers come from the worker it was handed.
    const own = await createRecommender({ dbName, augmentEngine: engine, workers: { augment: () => (started++, ownAugmentWorker()) } });
    try {
      const report = await own.augmentAttributes({ maxCalls: 2, tailUsers: 1 });
      expect(started).toBe(1);
      expect(report.calls).toBe(2);
    } finally {
      await own.dispose();
    }
  });
});
