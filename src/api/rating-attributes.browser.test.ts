// Rating-task augmentation through the public API in headless Chromium: the LLM (a named test
// double, in the augmentation worker) fills directors and stars into IndexedDB, and the biased MF
// trained in the training worker with `attributes: 'dataset+llm'` composes items from them, while
// 'dataset' (genres only) ignores them. A real slice of the embedded MovieLens data (users 1..15).
import { afterAll, describe, expect, it } from 'vitest';
import { sourceFromMemory } from '../data/import/source.ts';
import { deleteRecStore } from '../data/store.ts';
import { createRecommender } from './create-recommender.ts';
import type { Recommender } from './recommender.ts';
import { fetchEmbeddedSlice } from '../../tests/helpers/api/movielens-slice.ts';

const dbName = `l4r-rating-attributes-${crypto.randomUUID()}`;
let rec: Recommender | undefined;
afterAll(async () => {
  await rec?.dispose();
  await deleteRecStore(dbName);
});

describe('rating model on LLM-filled attributes, through createRecommender', () => {
  it("'dataset+llm' trains on the directors and stars the LLM filled in; 'dataset' does not", async () => {
    // No serving `llm`: predictRating then returns MF's rating alone, which is what is compared.
    rec = await createRecommender({
      dbName,
      augmentEngine: { kind: 'test-double', script: 'prefers-first' },
      mf: { dim: 8, batchSize: 256, epochs: 3, patience: 0, seed: 5 },
    });
    await rec.import(sourceFromMemory({ ...(await fetchEmbeddedSlice(15)) }, { name: 'ml-latest-small 1..15' }));

    const genresOnly = await rec.train({ task: 'rating', attributes: 'dataset' });
    expect(genresOnly.attributes?.mode).toBe('dataset');
    const genreValues = genresOnly.attributes!.values;
    expect(genreValues).toBeGreaterThan(5); // MovieLens genres
    // The genre model ignores LLM values, so it is the one to compare against after augmentation.
    const dataset = (await rec.store.loadDataset())!;

    const filled = await rec.augmentAttributes({ maxCalls: 12, tailUsers: 3 });
    expect(filled.calls).toBe(12);
    expect(filled.written).toBeGreaterThan(0);
    const items = (await rec.store.loadDataset())!.items;
    const withLlmDirector = items.find((item) => item.attributes?.['director']?.source === 'llm');
    expect(withLlmDirector).toBeDefined();

    const user = dataset.users[0]!.id;
    const before = await rec.predictRating(user, withLlmDirector!.id);
    expect(before.llmScore).toBeNull();

    const withLlm = await rec.train({ task: 'rating', attributes: 'dataset+llm' });
    expect(withLlm.attributes?.mode).toBe('dataset+llm');
    // Each LLM answer adds a director and (comma-separated) stars to the vocabulary.
    expect(withLlm.attributes!.values).toBeGreaterThan(genreValues);
    expect(withLlm.epochsRun).toBe(3);
    const after = await rec.predictRating(user, withLlmDirector!.id);
    expect(after.mfScore).not.toBeCloseTo(before.mfScore, 6);

    // Back to genres only: retrained (not the dataset+llm checkpoint served), same vocabulary as before.
    const again = await rec.train({ task: 'rating', attributes: 'dataset' });
    expect(again.attributes).toEqual({ mode: 'dataset', values: genreValues });
    expect(again.epochsRun).toBe(3);
    // Same seed, same data, LLM values ignored: the genre model's rating comes back.
    expect((await rec.predictRating(user, withLlmDirector!.id)).mfScore).toBeCloseTo(before.mfScore, 3);
  });
});
