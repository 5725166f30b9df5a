// SASRec in headless Chromium: trained from IndexedDB (trainFromStore, as the training worker runs it) on a real slice of the embedded MovieLens
// data on WebGPU (SwiftShader: the tensor-op path) and on WASM (the SIMD kernel, here on the
// browser's engine), checkpointed per epoch, resumed after a "reload" (the store closed and
// opened again), then served; and one step on WebGPU against the same step on WASM.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDataset } from '../../data/import/parse.ts';
import { sourceFromUrl } from '../../data/import/source.ts';
import { leaveOneOutByTime, selectRows } from '../../data/splits.ts';
import { deleteRecStore, openRecStore, type RecStore } from '../../data/store.ts';
import { AbortedError } from '../../errors.ts';
import { useBackend } from '../backend.ts';
import { paramLayout } from './param-layout.ts';
import { JsPackedRunner } from './packed-runner.ts';
import { sasrecFor } from '../../eval/sequential-eval.ts';
import { loadTrainedModel, trainFromStore } from '../../training/train-session.ts';
import type { SasRec } from './sasrec.ts';
import type { SasRecCheckpoint } from './sasrec-checkpoint.ts';
import { boundToStored } from '../../../tests/helpers/data/bound-to-stored.ts';
import { loadGradients, tensorStep } from './tensor-path.ts';
import { jsRun, packedGradients, placeRun, randomWeights, tinyBatch, tinyConfig, TINY_ITEMS, worstRelativeError } from '../../../tests/helpers/models/sasrec/tiny-sasrec.ts';
import { kernelOps } from './wasm-runner.ts';

const USERS = 40;
const dbNames: string[] = [];

async function storeWithSlice(): Promise<RecStore> {
  const name = `l4r-sasrec-test-${crypto.randomUUID()}`;
  dbNames.push(name);
  const full = await parseDataset(await sourceFromUrl('/data/ml-latest-small/', ['ratings.csv', 'movies.csv']));
  const rows: number[] = [];
  for (let r = 0; r < full.interactions.length; r++) if (full.interactions.user[r]! < USERS) rows.push(r);
  const store = await openRecStore(name);
  await store.writeDataset({ ...full, users: full.users.slice(0, USERS), interactions: selectRows(full.interactions, Int32Array.from(rows)) });
  return store;
}

afterAll(async () => {
  for (const name of dbNames) await deleteRecStore(name);
});

describe.each([
  ['webgpu', 'tensor-ops'],
  ['wasm', 'wasm-simd'],
] as const)('SASRec trained on %s from IndexedDB', (backend, step) => {
  const request = { kind: 'sasrec' as const, epochs: 4, patience: 0, config: { dim: 16, maxLen: 20, blocks: 1, heads: 1, dropout: 0.1, batchSize: 16, seed: 3 }, backend };

  it('checkpoints, cancels, resumes after a reload and recommends', async () => {
    const store = await storeWithSlice();
    const controller = new AbortController();
    const first = trainFromStore(await boundToStored(store), request, { signal: controller.signal, onProgress: (p) => void (p.epoch === 2 && p.samplesPerSecond !== undefined && controller.abort()) });
    await expect(first).rejects.toBeInstanceOf(AbortedError);
    expect(tf.getBackend()).toBe(backend);
    expect(((await (await boundToStored(store)).getCheckpoint('sasrec'))!.model as SasRecCheckpoint).epoch).toBe(2);

    const name = store.dbName;
    store.close();
    const reopened = await openRecStore(name);
    const losses: number[] = [];
    const outcome = await trainFromStore(await boundToStored(reopened), request, { onProgress: (p) => void (p.samplesPerSecond !== undefined && losses.push(p.loss!)) });
    expect(outcome.resumedFromEpoch).toBe(2);
    expect(outcome.epochsRun).toBe(2);
    expect(outcome.step).toBe(step);
    expect(losses.every(Number.isFinite)).toBe(true);

    const model = (await loadTrainedModel(await boundToStored(reopened), 'sasrec', backend)) as SasRec;
    expect(model.epochsDone).toBe(4);
    const data = (await reopened.loadDataset())!;
    const split = leaveOneOutByTime(data.interactions);
    const scorer = sasrecFor(model, data.interactions, split, 'test');
    const scores = await scorer.scoreUsers(Int32Array.of(0, 1));
    expect(scores).toHaveLength(2 * data.items.length);
    expect(scores.every(Number.isFinite)).toBe(true);
    expect(Array.from(scores.subarray(0, 10))).not.toEqual(Array.from(scores.subarray(data.items.length, data.items.length + 10)));
    model.dispose();
    reopened.close();
  }, 600_000);
});

describe('one SASRec step on WebGPU and on WASM', () => {
  it('gives the same loss and gradients (first Adam moments)', async () => {
    await loadGradients();
    const config = tinyConfig({ heads: 2 });
    const layout = paramLayout(config, TINY_ITEMS);
    const weights = randomWeights(layout, 4);
    const batch = tinyBatch();
    await useBackend('webgpu');
    const gpu = tf.tidy(() => {
      const next = tensorStep({ w: tf.tensor1d(weights), m: tf.zeros([layout.size]), v: tf.zeros([layout.size]) } as never, layout, config, batch, 0, 1);
      return { loss: next.loss, m: next.m };
    });
    const gpuLoss = (await gpu.loss.data())[0]!;
    const gpuM = (await gpu.m.data()) as Float32Array;
    tf.dispose([gpu.loss, gpu.m]);
    await useBackend('wasm');
    const packed = { w: weights.slice(), m: new Float32Array(layout.size), v: new Float32Array(layout.size) };
    const packedLoss = new JsPackedRunner(config, layout).train(packed, batch, -1, 1);
    expect(gpuLoss).toBeCloseTo(packedLoss, 3);
    expect(worstRelativeError(gpuM, packed.m, layout).error).toBeLessThan(1e-3);
  }, 300_000);
});

describe('the relaxed-SIMD kernel (fused multiply-add) in Chromium', () => {
  it('is the build the browser takes, and computes the JS ops’ loss and gradients', async () => {
    const config = tinyConfig({ heads: 2, dropout: 0.3 });
    const layout = paramLayout(config, TINY_ITEMS);
    const weights = randomWeights(layout, 8);
    const batch = tinyBatch();
    const memory = new WebAssembly.Memory({ initial: 4 });
    const loaded = await kernelOps(memory);
    if ('unavailable' in loaded) throw new Error(loaded.unavailable);
    expect(loaded.relaxed).toBe(true);
    const simd = packedGradients(placeRun(loaded.ops, new Float32Array(memory.buffer), new Int32Array(memory.buffer), config, TINY_ITEMS, weights, batch, 64), config, batch, 77);
    const js = packedGradients(jsRun(config, TINY_ITEMS, weights, batch), config, batch, 77);
    expect(simd.loss).toBeCloseTo(js.loss, 5);
    expect(worstRelativeError(simd.grad, js.grad, layout).error).toBeLessThan(1e-4);
  });
});
