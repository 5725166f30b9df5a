// The whole loop in headless Chromium through the public API: import a real slice of the
// embedded MovieLens data (users 1..40), train BPR-MF on WebGPU in the training worker (asked for
// with mf.backend: on SwiftShader the automatic choice is WASM), augment
// in the augmentation worker with a test double, kill that worker halfway (as a reload would) and
// start again, retrain on D ∪ D_aug, and recommend with a per-item score breakdown.
import { afterAll, describe, expect, it } from 'vitest';
import type { AugmentedPairRecord } from '../data/db.ts';
import { sourceFromMemory } from '../data/import/source.ts';
import { leaveOneOutByTime } from '../data/splits.ts';
import { deleteRecStore } from '../data/store.ts';
import { pairKey } from '../augment/pair-sampler.ts';
import type { Progress } from '../progress.ts';
import { createAugmentWorker } from '../workers/augment-client.ts';
import * as Comlink from 'comlink';
import { createRecommender } from './create-recommender.ts';
import type { Recommender } from './recommender.ts';
import { createDoubleEngine } from '../testing/double-engines.ts';
import { fetchEmbeddedSlice } from '../../tests/helpers/api/movielens-slice.ts';

const dbName = `l4r-loop-test-${crypto.randomUUID()}`;
const BATCH = 256;
const BUDGET = { pairsPerUser: 3, maxCalls: 60 };
const SEED = 11;
// Each answer takes 20 ms, like a (very fast) real model: the kill and the pause land mid-job.
const DOUBLE = { kind: 'test-double', script: 'prefers-first', delayMs: 20 } as const;

let rec: Recommender | undefined;
afterAll(async () => {
  await rec?.dispose();
  await deleteRecStore(dbName);
});

const keyOf = (r: AugmentedPairRecord) => pairKey(r.user, r.pos, r.neg);

describe('the Llama4Rec loop in the browser', () => {
  it('imports, trains on WebGPU, augments in a worker that survives a kill, retrains on D ∪ D_aug, recommends with scores', async () => {
    rec = await createRecommender({
      dbName,
      llm: createDoubleEngine({ script: 'prefers-first' }),
      augmentEngine: DOUBLE,
      alpha: { alpha1: 0.9, alpha2: 0.1 },
      kPrime: 10,
      mf: { dim: 16, batchSize: BATCH, epochs: 3, patience: 0, seed: 2, backend: 'webgpu' },
    });
    const meta = await rec.import(sourceFromMemory({ ...(await fetchEmbeddedSlice(40)) }, { name: 'ml-latest-small 1..40' }));
    expect(meta.users).toBe(40);
    const dataset = (await rec.store.loadDataset())!;
    const trainRows = leaveOneOutByTime(dataset.interactions).train.length;

    // 1. MF on D, in the training worker, on WebGPU.
    const plain = await rec.train();
    expect(plain.backend.backend).toBe('webgpu');
    expect(plain.epochsRun).toBe(3);
    expect(plain.augmentedPairs).toBe(0);
    expect(plain.batchesPerEpoch).toBe(Math.ceil(trainRows / BATCH));

    // 2. Augmentation in the worker, killed halfway through.
    const first = createAugmentWorker();
    let seen = 0;
    const killed = new Promise<void>((resolve) => {
      void first.api
        .augment(
          { dbName, engine: DOUBLE, budget: BUDGET, seed: SEED },
          Comlink.proxy((p: Progress) => {
            seen = p.done;
            if (p.done >= 25) {
              first.terminate();
              resolve();
            }
          }),
        )
        .then(() => resolve(), () => resolve());
    });
    await killed;
    expect(seen).toBeGreaterThanOrEqual(25);
    const before = await rec.store.listAugmentedPairs();
    expect(before.length).toBeGreaterThan(0);
    expect(before.length).toBeLessThan(BUDGET.maxCalls);
    // Answers are committed per user (3 pairs each): never a partial user.
    expect(before.length % BUDGET.pairsPerUser).toBe(0);

    // 3. Start again (the public API, in a fresh worker): only the missing questions are asked.
    //    Paused at the first new answer; nothing moves until it is resumed.
    const progress: Progress[] = [];
    let paused: Promise<number> | undefined;
    const job = rec.augment({
      budget: BUDGET,
      seed: SEED,
      onProgress: (p) => {
        progress.push(p);
        if (!paused && p.done > before.length) {
          rec!.pauseAugmentation();
          const at = progress.length;
          paused = new Promise((resolve) => setTimeout(() => resolve(progress.length - at), 300)).then((moved) => {
            rec!.resumeAugmentation();
            return moved as number;
          });
        }
      },
    });
    const report = await job;
    // At most the call already in flight when pause() arrived reports during the pause.
    expect(await paused).toBeLessThanOrEqual(1);
    expect(report.planned).toBe(BUDGET.maxCalls);
    expect(report.alreadyCommitted).toBe(before.length);
    expect(report.calls).toBe(BUDGET.maxCalls - before.length);
    expect(report.committed).toBe(report.calls);
    expect(progress.at(-1)).toMatchObject({ done: BUDGET.maxCalls, total: BUDGET.maxCalls });
    const after = await rec.store.listAugmentedPairs();
    expect(after).toHaveLength(BUDGET.maxCalls);
    expect(new Set(after.map(keyOf)).size).toBe(BUDGET.maxCalls); // nothing asked twice
    expect(after.slice(0, before.length)).toEqual(before); // nothing committed was lost or changed
    expect(after.every((r) => r.modelId === 'test-double/prefers-first')).toBe(true);

    // 4. Retrain on D ∪ D_aug: the pairs reach every epoch's batches.
    const augmented = await rec.train({ useAugmented: true });
    expect(augmented.backend.backend).toBe('webgpu');
    expect(augmented.augmentedPairs).toBe(BUDGET.maxCalls);
    expect(augmented.epochsRun).toBe(3);
    expect(augmented.batchesPerEpoch).toBe(Math.ceil((trainRows + BUDGET.maxCalls) / BATCH));
    expect(augmented.batchesPerEpoch).toBeGreaterThan(plain.batchesPerEpoch!);

    // 5. Recommend for the user with the fewest ratings (largest α_u): LLM re-ranking, blended.
    const counts = new Map<number, number>();
    for (const u of dataset.interactions.user) counts.set(u, (counts.get(u) ?? 0) + 1);
    const tailUser = [...counts.entries()].sort((a, b) => a[1] - b[1] || a[0] - b[0])[0]![0];
    const userId = dataset.users[tailUser]!.id;
    const result = await rec.recommend(userId, { k: 5 });
    expect(result.llm).toEqual({ used: true, modelId: 'test-double/prefers-first', kind: 'test-double' });
    expect(result.items).toHaveLength(5);
    for (const item of result.items) {
      expect(item.title).toBe(dataset.items[item.item]!.title);
      expect(Number.isFinite(item.mfScore)).toBe(true);
      expect(item.alpha).toBe(result.alpha);
      expect(item.finalScore).toBeCloseTo(result.alpha * item.llmScore! + (1 - result.alpha) * -item.mfPosition, 9);
    }
    // 6. Ratings, evaluation, and a new recommender on the same database (a reload) serving the same model.
    await rec.train({ task: 'rating' });
    const movie = result.items[0]!;
    const rating = await rec.predictRating(userId, movie.itemId);
    expect(rating.llmScore).toBe(3); // the double answers 3 to rating prompts
    expect(rating.finalScore).toBeCloseTo(rating.alpha * 3 + (1 - rating.alpha) * rating.mfScore, 9);
    const evaluation = await rec.evaluate({ maxUsers: 8 });
    expect(evaluation.switches).toEqual({ dataAugmentation: true, promptAugmentation: true, aggregation: 'adaptive' });
    expect(evaluation.ranking.users).toBe(8);
    expect(evaluation.rating!.users).toBe(8);
    const reloaded = await createRecommender({ dbName, alpha: { alpha1: 0.9, alpha2: 0.1 }, kPrime: 10 });
    try {
      const again = await reloaded.recommend(userId, { k: 5 });
      expect(again.llm).toMatchObject({ used: false, reason: 'no-llm' });
      expect(again.items.map((x) => x.mfPosition)).toEqual([1, 2, 3, 4, 5]);
      // The same (augmented) model: items MF placed in its top 5 are where it placed them, with the same scores.
      const shared = result.items.filter((x) => x.mfPosition <= 5);
      expect(shared.length).toBeGreaterThan(0);
      for (const x of shared) {
        expect(again.items[x.mfPosition - 1]!.itemId).toBe(x.itemId);
        expect(again.items[x.mfPosition - 1]!.mfScore).toBeCloseTo(x.mfScore, 5);
      }
    } finally {
      await reloaded.dispose();
    }
    const similar = await rec.similarUser(userId);
    expect(similar.userId).not.toBe(userId);
    await expect(rec.recommend('no-such-user')).rejects.toMatchObject({ code: 'UNKNOWN_USER' });
    console.log(
      `loop: ${trainRows} training rows, ${before.length} pairs committed before the kill, ${report.calls} asked after; ` +
        `batches/epoch ${plain.batchesPerEpoch} → ${augmented.batchesPerEpoch}; user ${userId} α_u ${result.alpha.toFixed(3)}: ` +
        result.items.map((x) => `${x.title} (mf #${x.mfPosition}, llm #${x.llmPosition}, U ${x.finalScore.toFixed(2)})`).join('; '),
    );
  });
});
