// The augmentation worker's boundary in headless Chromium: errors arrive as their own classes
// (NO_DATASET before an import, AbortedError on cancel), and a cancelled job keeps what it
// committed; item-attribute augmentation runs there too, alone or through createRecommender's
// `augmentEngine`. The full kill-and-resume run is src/api/loop.browser.test.ts.
import { afterAll, describe, expect, it } from 'vitest';
import { gridDataset } from '../../tests/helpers/data/test-dataset.ts';
import { deleteRecStore, openRecStore } from '../data/store.ts';
import { AbortedError, RecError } from '../errors.ts';
import { PROMPT_VERSION } from '../llm/prompts/prompt-version.ts';
import type { Progress } from '../progress.ts';
import { createRecommender } from '../api/create-recommender.ts';
import { createAugmentWorker } from './augment-client.ts';
import * as Comlink from 'comlink';

const dbName = `l4r-augment-worker-test-${crypto.randomUUID()}`;
const attributesDb = `l4r-augment-worker-attributes-test-${crypto.randomUUID()}`;
afterAll(() => Promise.all([deleteRecStore(dbName), deleteRecStore(attributesDb)]));

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

  it('fills item attributes in the worker, and createRecommender sends them there with augmentEngine', async () => {
    const store = await openRecStore(attributesDb);
    // 30 users with 8 ratings each: N(u) = 6 for all, so the one tail user is user 0 (ties by
    // index), whose training items are (0·7 + k) mod 40 for k = 0..5: items 0..5, one rating each.
    await store.writeDataset(gridDataset(30, 40, 8));
    const engine = { kind: 'test-double', script: 'random-seeded', seed: 4 } as const;
    const worker = createAugmentWorker();
    try {
      const report = await worker.api.augmentAttributes({ dbName: attributesDb, engine, maxCalls: 4, tailUsers: 1 });
      expect(report).toEqual({ items: 6, alreadyFilled: 0, calls: 4, written: 8, unanswered: 0, stopped: 'budget' });
    } finally {
      worker.terminate();
    }
    const fromLlm = (value: string) => ({ value, source: 'llm', modelId: 'test-double/random-seeded', promptVersion: PROMPT_VERSION });
    for (const index of [0, 1, 2, 3]) {
      expect((await store.item(index))!.attributes).toEqual({ director: fromLlm('Item Director'), stars: fromLlm('Item One, Item Two') });
    }
    expect((await store.item(4))!.attributes).toBeUndefined();
    store.close();

    // No `llm`: the page thread could not do this, so the answers below came from the worker.
    const rec = await createRecommender({ dbName: attributesDb, augmentEngine: engine });
    try {
      const rest = await rec.augmentAttributes({ maxCalls: 10, tailUsers: 1 });
      expect(rest).toEqual({ items: 6, alreadyFilled: 4, calls: 2, written: 4, unanswered: 0, stopped: 'done' });
      expect((await rec.store.item(5))!.attributes?.['director']).toEqual(fromLlm('Item Director'));
    } finally {
      await rec.dispose();
    }
  });
});
