// Which stored model serves a task (the active-model record) and what `activeModel()` reports
// about it; training a task through its staged life cycle (train-task.ts), on the in-memory store
// (the same typed records as IndexedDB's) with training on this thread.
import * as tf from '@tensorflow/tfjs-core';
import { expect, test } from 'vitest';
import { MemoryStore } from '../data/memory-store.ts';
import { useBackend } from '../models/backend.ts';
import { directorRatings } from '../../tests/helpers/models/director-ratings.ts';
import { gridDataset } from '../../tests/helpers/data/test-dataset.ts';
import { ServingModels } from './serving-models.ts';
import { trainFromStore } from './train-session.ts';
import type { NewAugmentedPair } from '../data/serving-store.ts';
import { interruptedTraining } from './interrupted-training.ts';
import { trainTask, type MfOptions, type TrainOptions, type TrainRunner } from './train-task.ts';

/** A checkpoint record as train-session.ts writes it (only the model's `epoch` is read here) and the fit state. */
const stored = (name: string, epoch: number, bestValidation: number, finished: boolean) => ({
  name,
  model: { format: 'l4r-mf', version: 1, kind: 'mf-bpr', epoch, table: {}, config: {} },
  // A finished run holds its best state; an interrupted one its last epoch, after the best.
  fit: { bestEpoch: finished ? epoch : epoch - 1, bestValidation, sinceBest: finished ? 0 : 1 },
  trainRows: 100,
  finished,
  augmentedTriples: 0,
});

test('nothing serves before an active-model record names a checkpoint', async () => {
  const store = new MemoryStore(gridDataset(4, 5, 3));
  const models = new ServingModels(store);
  await store.putCheckpoint(stored('mf-bpr', 6, 0.034, true));
  expect(await models.active('ranking')).toBeNull();
  expect(await models.info('ranking')).toBeNull();
  await models.setActive('ranking', 'mf-bpr', 0);
  const saved = (await store.getCheckpoint('mf-bpr'))!.savedAt;
  expect(await models.info('ranking')).toEqual({
    task: 'ranking',
    checkpoint: 'mf-bpr',
    kind: 'mf-bpr',
    augmentedPairs: 0,
    savedAt: saved,
    finished: true,
    epoch: 6,
    bestEpoch: 6,
    bestValidation: 0.034,
  });
  expect(await store.getActiveModel('ranking')).toMatchObject({ datasetFingerprint: store.datasetFingerprint });
  expect(await models.info('rating')).toBeNull();
});

test('a superseded augmented model is deleted', async () => {
  const store = new MemoryStore(gridDataset(4, 5, 3));
  const models = new ServingModels(store);
  await store.putCheckpoint(stored('mf-bpr', 6, 0.034, true));
  await store.putCheckpoint(stored('mf-bpr+aug-200', 3, 0.036, true));
  await models.setActive('ranking', 'mf-bpr+aug-200', 200);
  expect(await models.info('ranking')).toMatchObject({ checkpoint: 'mf-bpr+aug-200', augmentedPairs: 200, epoch: 3, bestValidation: 0.036, finished: true });
  expect(await models.usesAugmented('ranking')).toBe(true);
  await models.setActive('ranking', 'mf-bpr', 0);
  expect(await store.getCheckpoint('mf-bpr+aug-200')).toBeUndefined();
  expect(await models.info('ranking')).toMatchObject({ checkpoint: 'mf-bpr', augmentedPairs: 0, epoch: 6 });
  // An interrupted retraining of the active variant is reported as such (its state is the last epoch's).
  await store.putCheckpoint(stored('mf-bpr', 2, 0.01, false));
  expect(await models.info('ranking')).toMatchObject({ checkpoint: 'mf-bpr', finished: false, epoch: 2 });
});

/** A small synthetic dataset in the in-memory store. */
function trainableStore(): MemoryStore {
  const data = directorRatings({ users: 12, directors: 3, warm: 4 });
  return new MemoryStore({
    name: 'directors',
    format: 'generic-csv',
    items: data.items,
    users: Array.from({ length: data.numUsers }, (_, u) => ({ index: u, id: String(u) })),
    interactions: data.train,
  });
}

const MF: MfOptions = { backend: 'cpu', epochs: 2, patience: 0, dim: 4, batchSize: 32, seed: 1 };

/** Trains a task on this thread, as the public API does without a worker. */
const train = (store: MemoryStore, models: ServingModels, options: TrainOptions = {}, mf: MfOptions = MF) =>
  trainTask(store, models, { mf }, options, (request, run) => trainFromStore(store, request, run));

test("mf.backend reaches training and the served model's loading", async () => {
  const store = trainableStore();
  const report = await train(store, new ServingModels(store, 'cpu'));
  expect(report.backend).toEqual({ backend: 'cpu', skipped: [] });
  expect(report.epochsRun).toBe(2);
  // The served model loads on the requested backend, not on the automatic choice (WASM in Node).
  expect((await useBackend('wasm')).backend).toBe('wasm');
  const models = new ServingModels(store, 'cpu');
  const kind = await models.using('ranking', async (model) => model?.kind);
  expect(kind).toBe('mf-bpr');
  expect(tf.getBackend()).toBe('cpu');
  models.forget();
});

test('a fresh retraining that is cancelled leaves the served model as it was', async () => {
  const store = trainableStore();
  const models = new ServingModels(store, 'cpu');
  await train(store, models);
  const served = (await store.getCheckpoint('mf-bpr'))!;
  expect(served.finished).toBe(true);

  const abort = new AbortController();
  // Cancel after the first epoch's checkpoint of the new run is written.
  const cancelled = train(store, models, { fresh: true, onProgress: (p) => p.epoch === 2 && abort.abort(), signal: abort.signal }, { ...MF, epochs: 5, seed: 2 });
  await expect(cancelled).rejects.toMatchObject({ name: 'AbortedError' });
  expect(await store.getCheckpoint('mf-bpr')).toEqual(served);
  expect(await store.getCheckpoint('mf-bpr', 'staging')).toBeUndefined();

  // A fresh run that finishes replaces it.
  const again = await train(store, models, { fresh: true }, { ...MF, seed: 3 });
  expect(again.epochsRun).toBe(2);
  const replaced = (await store.getCheckpoint('mf-bpr'))!;
  expect(replaced.model).not.toEqual(served.model);
  expect(replaced.finished).toBe(true);
  expect(await store.getCheckpoint('mf-bpr', 'staging')).toBeUndefined();
});

test('overlapping uses of the served model load it once; a model replaced while in use is disposed after its last use', async () => {
  const store = trainableStore();
  await train(store, new ServingModels(store, 'cpu'));
  const models = new ServingModels(store, 'cpu');
  const before = tf.memory().numTensors;
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  let seen: unknown[] = [];
  // Two uses at once: one model. The first is still using it when training replaces it.
  const first = models.using('ranking', async (model) => {
    seen.push(model);
    await held;
    // Still usable: not disposed under this call.
    return (await model!.scoreUsers(Int32Array.of(0))).length === model!.numItems;
  });
  await models.using('ranking', async (model) => void seen.push(model));
  expect(seen[0]).not.toBeNull();
  expect(seen[1]).toBe(seen[0]);
  await train(store, models, { fresh: true }, { ...MF, seed: 9 });
  release();
  expect(await first).toBe(true);
  // The replaced model was disposed after its use; the new one is another object.
  await models.using('ranking', async (model) => void seen.push(model));
  expect(seen[2]).not.toBe(seen[0]);
  models.forget();
  await new Promise((resolve) => setTimeout(resolve, 0));
  expect(tf.memory().numTensors).toBe(before);
  seen = [];
});

test('a run that must restart (other attributes) works on a staging copy: a cancel keeps the served model; a compatible model is served untouched', async () => {
  const store = trainableStore();
  const models = new ServingModels(store, 'cpu');
  await train(store, models, { task: 'rating', attributes: 'none' });
  const served = (await store.getCheckpoint('mf-rating'))!;

  // The same attributes: served as is, record untouched, no staging left.
  const same = await train(store, models, { task: 'rating', attributes: 'none' });
  expect(same.epochsRun).toBe(0);
  expect(await store.getCheckpoint('mf-rating')).toEqual(served);
  expect(await store.getCheckpoint('mf-rating', 'staging')).toBeUndefined();

  // Other attributes restart training (not fresh): cancelled after an epoch, the served model stays.
  const abort = new AbortController();
  const restarted = train(store, models, { task: 'rating', attributes: 'dataset', onProgress: (p) => p.epoch === 2 && abort.abort(), signal: abort.signal }, { ...MF, epochs: 5 });
  await expect(restarted).rejects.toMatchObject({ name: 'AbortedError' });
  expect(await store.getCheckpoint('mf-rating')).toEqual(served);
  expect(await store.getCheckpoint('mf-rating', 'staging')).toBeUndefined();

  // Finished, it replaces the served model.
  const done = await train(store, models, { task: 'rating', attributes: 'dataset' });
  expect(done.attributes?.mode).toBe('dataset');
  const replaced = (await store.getCheckpoint('mf-rating'))!;
  expect(replaced.finished).toBe(true);
  expect(replaced.model).not.toEqual(served.model);
  expect(await store.getCheckpoint('mf-rating', 'staging')).toBeUndefined();
  expect(await store.getActiveModel('rating')).toMatchObject({ checkpoint: 'mf-rating', augmentedPairs: 0 });
});

test('the LightGCN backbone trains into its own checkpoints, serves the ranking task, and is deleted when superseded like MF', async () => {
  const store = trainableStore();
  const models = new ServingModels(store, 'cpu');
  const settings = { backbone: 'lightgcn' as const, mf: { backend: 'cpu' as const }, lightgcn: { epochs: 4, patience: 0, dim: 4, layers: 2, batchSize: 32 } };
  const run = (options: TrainOptions) => trainTask(store, models, settings, options, (request, r) => trainFromStore(store, request, r));
  const plain = await run({});
  expect(plain).toMatchObject({ checkpoint: 'lightgcn', epochsRun: 4, validationMetric: 'NDCG@10' });
  expect(await models.info('ranking')).toMatchObject({ checkpoint: 'lightgcn', kind: 'lightgcn', epoch: 4 });
  expect(await models.using('ranking', async (model) => model?.kind)).toBe('lightgcn');

  const pairs: NewAugmentedPair[] = [0, 1, 2].map((user) => ({ user, pos: 1, neg: 2, kind: 'pair', modelId: 'test-double/x', promptVersion: 'v', createdAt: 0, confidence: 1 }));
  await store.addAugmentedPairs(pairs);
  const augmented = await run({ useAugmented: true });
  expect(augmented).toMatchObject({ checkpoint: 'lightgcn+aug-3', augmentedTriples: 3 });
  await run({});
  // Back on D: the augmented LightGCN is superseded and deleted, the plain one serves again.
  expect(await store.getCheckpoint('lightgcn+aug-3')).toBeUndefined();
  expect(await models.info('ranking')).toMatchObject({ checkpoint: 'lightgcn', kind: 'lightgcn' });
  models.forget();
});

/** A runner whose page goes away at `epoch`: the run stops there and its promise never settles (nothing after it runs). */
function reloadAt(store: MemoryStore, epoch: number): TrainRunner {
  return (request, run) =>
    new Promise(() => {
      const abort = new AbortController();
      void trainFromStore(store, request, { signal: abort.signal, onProgress: (p) => p.epoch === epoch && p.validation !== undefined && abort.abort() }).catch(() => undefined);
    });
}

test('a reload during a retraining leaves the staged run; the next run continues it from its epoch, and interruptedTraining says so', async () => {
  const store = trainableStore();
  const models = new ServingModels(store, 'cpu');
  await train(store, models);
  const served = (await store.getCheckpoint('mf-bpr'))!;
  expect(await interruptedTraining(store, 'ranking')).toBeNull();

  // "Train again" (fresh), and the page reloads after epoch 2 of 5 is committed.
  void trainTask(store, models, { mf: { ...MF, epochs: 5, patience: 5, seed: 4 } }, { fresh: true }, reloadAt(store, 2));
  await expect.poll(async () => (await store.getCheckpoint('mf-bpr', 'staging'))?.fit.bestEpoch).toBeGreaterThanOrEqual(1);
  await expect.poll(async () => (await interruptedTraining(store, 'ranking'))?.epoch).toBe(2);
  expect(await interruptedTraining(store, 'ranking')).toMatchObject({ task: 'ranking', checkpoint: 'mf-bpr', epoch: 2, replacesServed: true, augmentedPairs: 0 });
  expect(await store.getCheckpoint('mf-bpr')).toEqual(served);

  // The reloaded page continues (not fresh): epochs 3..5 on the staged run, then it serves.
  const continued = await trainTask(store, models, { mf: { ...MF, epochs: 5, patience: 5, seed: 4 } }, {}, (request, run) => trainFromStore(store, request, run));
  expect(continued.resumedFromEpoch).toBe(2);
  expect(continued.epochsRun).toBe(3);
  const replaced = (await store.getCheckpoint('mf-bpr'))!;
  expect(replaced.finished).toBe(true);
  expect(replaced.model).not.toEqual(served.model);
  expect(await store.getCheckpoint('mf-bpr', 'staging')).toBeUndefined();
  expect(await interruptedTraining(store, 'ranking')).toBeNull();
});

test('interruptedTraining: the first run cut short in place, with the augmented pairs its name carries', async () => {
  const store = trainableStore();
  await store.addAugmentedPairs([{ user: 0, pos: 1, neg: 2, kind: 'pair', modelId: 'test-double', promptVersion: 'v', createdAt: 0, confidence: 1 }]);
  const models = new ServingModels(store, 'cpu');
  void trainTask(store, models, { mf: { ...MF, epochs: 4, patience: 4 } }, { useAugmented: true }, reloadAt(store, 1));
  await expect.poll(async () => (await interruptedTraining(store, 'ranking'))?.epoch).toBe(1);
  expect(await interruptedTraining(store, 'ranking')).toMatchObject({ checkpoint: 'mf-bpr+aug-1', epoch: 1, replacesServed: false, augmentedPairs: 1 });
  expect(await models.info('ranking')).toBeNull();
  expect(await interruptedTraining(store, 'rating')).toBeNull();
});
