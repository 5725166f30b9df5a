// When the LLM cannot be loaded, the public API serves MF alone and says why, instead of failing;
// augmentation, which cannot do without it, fails with the LLM's own error.
import { afterAll, describe, expect, it } from 'vitest';
import { gridDataset } from '../../tests/helpers/data/test-dataset.ts';
import { deleteRecStore } from '../data/store.ts';
import { WebGpuUnavailableError } from '../llm/llm-errors.ts';
import { ScriptedLlmDouble } from '../testing/test-double.ts';
import { createRecommender } from './create-recommender.ts';
import type { Recommender } from './recommender.ts';

const dbName = `l4r-fallback-test-${crypto.randomUUID()}`;
let rec: Recommender | undefined;
afterAll(async () => {
  await rec?.dispose();
  await deleteRecStore(dbName);
});

/** A double whose model never loads, like WebLLM on a browser without WebGPU. */
class UnloadableDouble extends ScriptedLlmDouble {
  override async load(): Promise<void> {
    throw new WebGpuUnavailableError();
  }
}

describe('createRecommender without a usable LLM', () => {
  it("recommends and rates with MF alone, saying why; augment() fails with the LLM's error", async () => {
    const llm = new UnloadableDouble(() => 'A');
    rec = await createRecommender({ dbName, llm, mf: { dim: 4, epochs: 2, patience: 0, batchSize: 64 }, trainIn: 'main-thread', alpha: { alpha1: 0.9, alpha2: 0.5 } });
    await expect(rec.recommend('user-1')).rejects.toMatchObject({ code: 'NO_DATASET' });
    await rec.store.writeDataset(gridDataset(30, 40, 8));
    await expect(rec.recommend('user-1')).rejects.toMatchObject({ code: 'NOT_TRAINED' });
    expect((await rec.train()).epochsRun).toBe(2);
    expect((await rec.train()).epochsRun).toBe(0); // finished: served as is
    expect((await rec.train({ fresh: true })).epochsRun).toBe(2);
    await rec.train({ task: 'rating' });

    const result = await rec.recommend('user-1', { k: 3 });
    expect(result.items.map((x) => x.mfPosition)).toEqual([1, 2, 3]);
    expect(result.llm).toMatchObject({ used: false, reason: 'no-llm' });
    expect((result.llm as { message: string }).message).toContain('WEBGPU_UNAVAILABLE');
    const rating = await rec.predictRating('user-1', 'item-3');
    expect(rating.llmScore).toBeNull();
    expect(rating.finalScore).toBe(rating.mfScore);
    expect(rating.llmNote).toContain('WEBGPU_UNAVAILABLE');
    await expect(rec.augment()).rejects.toBeInstanceOf(WebGpuUnavailableError);
    await expect(rec.predictRating('user-1', 'no-such-item')).rejects.toMatchObject({ code: 'UNKNOWN_ITEM' });
    expect(llm.requests).toHaveLength(0);
  });
});
