// The training worker end to end in headless Chromium: a module worker trains BPR-MF on WebGPU
// (asked for explicitly: on this SwiftShader adapter the automatic choice, measured in the worker, is
// WASM) from IndexedDB, reports progress through Comlink, and can be cancelled (AbortedError arrives
// as itself) with its checkpoint kept.
import { afterAll, describe, expect, it } from 'vitest';
import { deleteRecStore, openRecStore } from '../data/store.ts';
import { gridDataset } from '../../tests/helpers/data/test-dataset.ts';
import { AbortedError } from '../errors.ts';
import { checkCheckpoint } from '../models/mf-checkpoint.ts';
import type { TrainProgress } from '../training/train-session.ts';
import { createTrainWorker, progressProxy } from './train-client.ts';

const dbName = `l4r-train-worker-test-${crypto.randomUUID()}`;

afterAll(async () => {
  await deleteRecStore(dbName);
});

describe('train worker', () => {
  it('trains on WebGPU off the main thread, reports progress, cancels and resumes', async () => {
    const store = await openRecStore(dbName);
    await store.writeDataset(gridDataset(60, 40, 12));
    store.close();

    const worker = createTrainWorker();
    try {
      // The automatic choice measures in the worker (its figures remembered in the worker's IndexedDB)
      // and takes the fastest; which one that is is a timing, so it is checked against the figures.
      const auto = await worker.api.backend();
      const ms = Object.entries(auto.measured!.msPerStep) as [string, number][];
      expect(ms.map(([name]) => name).sort()).toEqual(['cpu', 'wasm', 'webgpu']);
      expect(auto.backend).toBe(ms.sort((a, b) => a[1] - b[1])[0]![0]);
      if (auto.backend !== 'webgpu') expect(auto.skipped[0]).toEqual({ name: 'webgpu', reason: expect.stringMatching(/^measured [\d.]+ ms per training step on google · swiftshader/) });
      expect((await worker.api.backend()).measured).toMatchObject({ remembered: true, msPerStep: auto.measured!.msPerStep });
      expect(await worker.api.backend('webgpu')).toEqual({ backend: 'webgpu', skipped: [] });
      const request = { dbName, kind: 'mf-bpr' as const, epochs: 30, patience: 100, config: { dim: 8, batchSize: 64, seed: 3 }, backend: 'webgpu' as const };
      const progress: TrainProgress[] = [];
      let ticks = 0;
      const timer = setInterval(() => ticks++, 5); // the page keeps running while the worker trains
      const run = worker.api.train(
        request,
        progressProxy((p: TrainProgress) => {
          progress.push(p);
          if (p.epoch === 3 && p.validation !== undefined) void worker.api.cancel();
        }),
      );
      await expect(run).rejects.toBeInstanceOf(AbortedError);
      clearInterval(timer);
      expect(ticks).toBeGreaterThan(0);
      const epochs = progress.filter((p) => p.validation !== undefined);
      expect(epochs.map((p) => p.epoch)).toEqual([1, 2, 3]);
      expect(epochs[0]!.samplesPerSecond).toBeGreaterThan(0);

      const check = await openRecStore(dbName);
      const stored = (await check.getCheckpoint('mf-bpr'))!;
      check.close();
      expect(checkCheckpoint(stored.model).epoch).toBe(3);

      const outcome = await worker.api.train({ ...request, epochs: 5 });
      expect(outcome.backend).toEqual({ backend: 'webgpu', skipped: [] });
      expect(outcome.resumedFromEpoch).toBe(3);
      expect(outcome.epochsRun).toBe(2); // epochs 4 and 5
    } finally {
      worker.terminate();
    }
  });
});
