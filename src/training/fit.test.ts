import * as tf from '@tensorflow/tfjs-core';
// tfjs-core has no backend of its own: tensors made before any activateBackend() run on the CPU one.
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { BprSampler } from '../models/bpr-sampler.ts';
import { fit } from './fit.ts';
import { BprMf } from '../models/mf-bpr.ts';
import { ALL_ROWS, CLUSTERS } from '../../tests/helpers/models/tiny-table.ts';
import { nodeBackend } from '../../tests/helpers/models/use-node-backend.ts';

describe('fit: early stopping', () => {
  beforeAll(async () => {
    await nodeBackend();
  });

  it('stops after `patience` epochs without improvement and restores the best epoch', async () => {
    const model = BprMf.create(4, 6, { dim: 4, batchSize: 5, seed: 9 });
    const sampler = new BprSampler(CLUSTERS, ALL_ROWS, 4, 6);
    const script = [0.1, 0.3, 0.2, 0.25, 0.9];
    let calls = 0;
    const scoresAt = new Map<number, number[]>();
    await model.scoreUsers(Int32Array.of(0)); // creates the cached item-weights slice
    const tensors = tf.memory().numTensors;
    const result = await fit(model, () => model.trainEpoch(sampler.epoch(model.random)), {
      epochs: 10,
      patience: 2,
      validate: async () => script[calls++]!,
      onEpoch: async (report) => {
        scoresAt.set(report.epoch, Array.from(await model.scoreUsers(Int32Array.of(0, 1, 2, 3))));
      },
    });
    expect(result.epochsRun).toBe(4); // epochs 3 and 4 did not beat epoch 2
    expect(result.stoppedEarly).toBe(true);
    expect(result.bestEpoch).toBe(2);
    expect(result.bestValidation).toBe(0.3);
    expect(result.history.map((h) => h.best)).toEqual([true, true, false, false]);
    expect(model.epochsDone).toBe(2);
    expect(Array.from(await model.scoreUsers(Int32Array.of(0, 1, 2, 3)))).toEqual(scoresAt.get(2));
    expect(tf.memory().numTensors).toBe(tensors); // snapshots freed
    model.dispose();
  });

  it('validates every `validateEvery` epochs and after the last; patience counts validations; onEpoch runs every epoch', async () => {
    // A model that is only an epoch counter with numbered snapshots: fit needs nothing more.
    const disposed: number[] = [];
    const model = { epochsDone: 0, snapshot: () => ({ epoch: model.epochsDone }), restore: (s: { epoch: number }) => void (model.epochsDone = s.epoch) };
    const validations = [0.2, 0.1, 0.15];
    const validatedAt: number[] = [];
    const epochs: number[] = [];
    const result = await fit(model, async () => ({ epoch: ++model.epochsDone, loss: 1, samples: 1, batches: 1, seconds: 0, samplesPerSecond: 1 }), {
      epochs: 11,
      patience: 2,
      validateEvery: 4,
      validate: async () => (validatedAt.push(model.epochsDone), validations.shift()!),
      onEpoch: (report) => void epochs.push(report.epoch),
      disposeSnapshot: (s) => void disposed.push(s.epoch),
    });
    expect(validatedAt).toEqual([4, 8, 11]);
    expect(epochs).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(result).toMatchObject({ bestEpoch: 4, bestValidation: 0.2, stoppedEarly: true });
    // The best state came back; the snapshot it came from now belongs to the model, none other was taken.
    expect(model.epochsDone).toBe(4);
    expect(disposed).toEqual([]);
  });

  it('without validation runs every epoch and keeps the last state', async () => {
    const model = BprMf.create(4, 6, { dim: 4, batchSize: 5, seed: 9 });
    const sampler = new BprSampler(CLUSTERS, ALL_ROWS, 4, 6);
    const result = await fit(model, () => model.trainEpoch(sampler.epoch(model.random)), { epochs: 3 });
    expect(result.epochsRun).toBe(3);
    expect(model.epochsDone).toBe(3);
    model.dispose();
  });

  it('stops between epochs when cancelled', async () => {
    const model = BprMf.create(4, 6, { dim: 4, batchSize: 5, seed: 9 });
    const sampler = new BprSampler(CLUSTERS, ALL_ROWS, 4, 6);
    const controller = new AbortController();
    const run = fit(model, () => model.trainEpoch(sampler.epoch(model.random), { signal: controller.signal }), {
      epochs: 10,
      signal: controller.signal,
      onEpoch: (r) => {
        if (r.epoch === 2) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'ABORTED' });
    expect(model.epochsDone).toBe(2);
    model.dispose();
  });
});
