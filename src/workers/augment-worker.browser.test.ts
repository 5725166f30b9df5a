// The augmentation worker's boundary in headless Chromium: errors arrive as their own classes
// (NO_DATASET before an import, AbortedError on cancel), and a cancelled job keeps what it
// committed. The full kill-and-resume run is src/recommender/loop.browser.test.ts.
import { afterAll, describe, expect, it } from 'vitest';
import { gridDataset } from '../data/test-dataset.ts';
import { deleteRecStore, openRecStore } from '../data/store.ts';
import { AbortedError, RecError } from '../errors.ts';
import type { Progress } from '../progress.ts';
import { createAugmentWorker } from './augment-client.ts';
import * as Comlink from 'comlink';

const dbName = `l4r-augment-worker-test-${crypto.randomUUID()}`;
afterAll(() => deleteRecStore(dbName));

describe('augment worker', () => {
  it('says there is no dataset, cancels with AbortedError, and keeps the committed users', async () => {
    const worker = createAugmentWorker();
    try {
      const engine = { kind: 'test-double', script: 'random-seeded', seed: 4, delayMs: 15 } as const;
      await expect(worker.api.augment({ dbName, engine })).rejects.toSatisfy((e) => e instanceof RecError && e.code === 'NO_DATASET');

      const store = await openRecStore(dbName);
      await store.writeDataset(gridDataset(30, 40, 8));
      const budget = { pairsPerUser: 2, maxCalls: 40 };
      const run = worker.api.augment(
        { dbName, engine, budget, seed: 3 },
        Comlink.proxy((p: Progress) => {
          if (p.done === 9) void worker.api.cancel();
        }),
      );
      await expect(run).rejects.toBeInstanceOf(AbortedError);
      const kept = await store.listAugmentedPairs();
      store.close();
      // Users commit whole (2 pairs each); the one in flight at the cancel is dropped.
      expect(kept.length % 2).toBe(0);
      expect(kept.length).toBeGreaterThanOrEqual(8);
      expect(kept.length).toBeLessThan(40);
      expect(kept.every((r) => r.modelId === 'test-double/random-seeded' && r.kind === 'pair')).toBe(true);
    } finally {
      worker.terminate();
    }
  });
});
