// Which stored model serves a task: the active-model record, else (a store written by the demo
// before that record existed) a finished checkpoint under the task's plain name; and what
// `activeModel()` reports about it. A Map stands in for the store's checkpoint table.
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core has no backend of its own: tensors made before any activateBackend() run on the CPU one.
import '@tensorflow/tfjs-backend-cpu';
import { expect, test } from 'vitest';
import type { CheckpointRecord } from '../data/db.ts';
import type { RecStore } from '../data/store.ts';
import { useBackend } from '../models/backend.ts';
import { directorRatings } from '../models/testing/director-ratings.ts';
import { ModelSlots, trainSlot } from './model-slots.ts';

class MemoryCheckpoints {
  readonly records = new Map<string, CheckpointRecord>();
  private clock = 1000;
  async getCheckpoint(name: string) {
    return this.records.get(name);
  }
  async putCheckpoint(name: string, value: unknown) {
    const record = { name, savedAt: (this.clock += 1000), value };
    this.records.set(name, record);
    return record;
  }
  async deleteCheckpoint(name: string) {
    this.records.delete(name);
  }
  async moveCheckpoint(from: string, to: string) {
    const record = this.records.get(from);
    if (!record) return false;
    this.records.set(to, { ...record, name: to });
    this.records.delete(from);
    return true;
  }
}

/** What train-session.ts stores: the model's checkpoint (only `epoch` is read here) and the fit state. */
const stored = (epoch: number, bestValidation: number, finished: boolean) => ({
  model: { kind: 'mf-bpr', epoch },
  // A finished run holds its best state; an interrupted one its last epoch, after the best.
  fit: { bestEpoch: finished ? epoch : epoch - 1, bestValidation, sinceBest: finished ? 0 : 1 },
  trainRows: 100,
  finished,
});

test('a store from before active-model records: a finished mf-bpr serves, an unfinished one does not', async () => {
  const store = new MemoryCheckpoints();
  const slots = new ModelSlots(store);
  expect(await slots.active('ranking')).toBeNull();
  expect(await slots.info('ranking')).toBeNull();
  await store.putCheckpoint('mf-bpr', stored(4, 0.031, false));
  expect(await slots.active('ranking')).toBeNull();
  await store.putCheckpoint('mf-bpr', stored(6, 0.034, true));
  expect(await slots.active('ranking')).toEqual({ name: 'mf-bpr', augmentedPairs: 0 });
  expect(await slots.info('ranking')).toEqual({
    task: 'ranking',
    checkpoint: 'mf-bpr',
    augmentedPairs: 0,
    savedAt: 3000,
    finished: true,
    epoch: 6,
    bestEpoch: 6,
    bestValidation: 0.034,
  });
  // The rating task's plain name is its own.
  expect(await slots.active('rating')).toBeNull();
  // Trained on D ∪ D_aug by the old demo: the checkpoint says how many augmented triples per epoch.
  await store.putCheckpoint('mf-bpr', { ...stored(6, 0.034, true), augmentedTriples: 120 });
  expect(await slots.active('ranking')).toEqual({ name: 'mf-bpr', augmentedPairs: 120 });
});

test('the active-model record wins; a superseded augmented model is deleted', async () => {
  const store = new MemoryCheckpoints();
  const slots = new ModelSlots(store);
  await store.putCheckpoint('mf-bpr', stored(6, 0.034, true));
  await store.putCheckpoint('mf-bpr+aug-200', stored(3, 0.036, true));
  await slots.setActive('ranking', { name: 'mf-bpr+aug-200', augmentedPairs: 200 });
  expect(await slots.info('ranking')).toMatchObject({ checkpoint: 'mf-bpr+aug-200', augmentedPairs: 200, epoch: 3, bestValidation: 0.036, finished: true });
  expect(await slots.usesAugmented('ranking')).toBe(true);
  await slots.setActive('ranking', { name: 'mf-bpr', augmentedPairs: 0 });
  expect(store.records.has('mf-bpr+aug-200')).toBe(false);
  expect(await slots.info('ranking')).toMatchObject({ checkpoint: 'mf-bpr', augmentedPairs: 0, epoch: 6 });
  // An interrupted retraining of the active variant is reported as such (its state is the last epoch's).
  await store.putCheckpoint('mf-bpr', stored(2, 0.01, false));
  expect(await slots.info('ranking')).toMatchObject({ checkpoint: 'mf-bpr', finished: false, epoch: 2 });
});

/** A trainable in-memory store: a small synthetic dataset and the checkpoint Map. */
function trainableStore(): MemoryCheckpoints & RecStore {
  const data = directorRatings({ users: 12, directors: 3, warm: 4 });
  const dataset = {
    name: 'directors',
    format: 'generic-csv' as const,
    items: data.items,
    users: Array.from({ length: data.numUsers }, (_, u) => ({ index: u, id: String(u) })),
    interactions: data.train,
  };
  return Object.assign(new MemoryCheckpoints(), {
    dbName: 'memory',
    loadDataset: async () => structuredClone(dataset),
    listAugmentedPairs: async () => [],
    countAugmentedPairs: async () => 0,
  }) as unknown as MemoryCheckpoints & RecStore;
}

const options = { mf: { backend: 'cpu' as const, epochs: 2, patience: 0, dim: 4, batchSize: 32, seed: 1 }, trainIn: 'main-thread' as const };

test("mf.backend reaches training and the served model's loading", async () => {
  const store = trainableStore();
  const report = await trainSlot(new ModelSlots(store, 'cpu'), store, options, {});
  expect(report.backend).toEqual({ backend: 'cpu', skipped: [] });
  expect(report.epochsRun).toBe(2);
  // The served model loads on the requested backend, not on the automatic choice (WASM in Node).
  expect((await useBackend('wasm')).backend).toBe('wasm');
  const slots = new ModelSlots(store, 'cpu');
  const kind = await slots.using('ranking', async (model) => model?.kind);
  expect(kind).toBe('mf-bpr');
  expect(tf.getBackend()).toBe('cpu');
  slots.forget();
});

test('a fresh retraining that is cancelled leaves the served model as it was', async () => {
  const store = trainableStore();
  const slots = new ModelSlots(store, 'cpu');
  await trainSlot(slots, store, options, {});
  const served = store.records.get('mf-bpr')!;
  expect((served.value as { finished: boolean }).finished).toBe(true);

  const abort = new AbortController();
  // Cancel after the first epoch's checkpoint of the new run is written.
  const cancelled = trainSlot(slots, store, { ...options, mf: { ...options.mf, epochs: 5, seed: 2 } }, {
    fresh: true,
    onProgress: (p) => p.epoch === 2 && abort.abort(),
    signal: abort.signal,
  });
  await expect(cancelled).rejects.toMatchObject({ name: 'AbortedError' });
  expect(store.records.get('mf-bpr')).toBe(served);
  expect([...store.records.keys()].filter((name) => name.includes('staging'))).toEqual([]);

  // A fresh run that finishes replaces it.
  const again = await trainSlot(slots, store, { ...options, mf: { ...options.mf, seed: 3 } }, { fresh: true });
  expect(again.epochsRun).toBe(2);
  expect(store.records.get('mf-bpr')).not.toBe(served);
  expect((store.records.get('mf-bpr')!.value as { finished: boolean }).finished).toBe(true);
  expect([...store.records.keys()].filter((name) => name.includes('staging'))).toEqual([]);
});

test('overlapping uses of the served model load it once; a model replaced while in use is disposed after its last use', async () => {
  const store = trainableStore();
  await trainSlot(new ModelSlots(store, 'cpu'), store, options, {});
  const slots = new ModelSlots(store, 'cpu');
  const before = tf.memory().numTensors;
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  let seen: unknown[] = [];
  // Two uses at once: one model. The first is still using it when training replaces it.
  const first = slots.using('ranking', async (model) => {
    seen.push(model);
    await held;
    // Still usable: not disposed under this call.
    return (await model!.scoreUsers(Int32Array.of(0))).length === model!.numItems;
  });
  await slots.using('ranking', async (model) => void seen.push(model));
  expect(seen[0]).not.toBeNull();
  expect(seen[1]).toBe(seen[0]);
  await trainSlot(slots, store, { ...options, mf: { ...options.mf, seed: 9 } }, { fresh: true });
  release();
  expect(await first).toBe(true);
  // The replaced model was disposed after its use; the new one is another object.
  await slots.using('ranking', async (model) => void seen.push(model));
  expect(seen[2]).not.toBe(seen[0]);
  slots.forget();
  await new Promise((resolve) => setTimeout(resolve, 0));
  expect(tf.memory().numTensors).toBe(before);
  seen = [];
});

test('a run that must restart (other attributes) works on a staging copy: a cancel keeps the served model; a compatible model is served untouched', async () => {
  const store = trainableStore();
  const slots = new ModelSlots(store, 'cpu');
  await trainSlot(slots, store, options, { task: 'rating', attributes: 'none' });
  const served = store.records.get('mf-rating')!;

  // The same attributes: served as is, record untouched, no staging left.
  const same = await trainSlot(slots, store, options, { task: 'rating', attributes: 'none' });
  expect(same.epochsRun).toBe(0);
  expect(store.records.get('mf-rating')).toBe(served);

  // Other attributes restart training (not fresh): cancelled after an epoch, the served model stays.
  const abort = new AbortController();
  const restarted = trainSlot(slots, store, { ...options, mf: { ...options.mf, epochs: 5 } }, {
    task: 'rating',
    attributes: 'dataset',
    onProgress: (p) => p.epoch === 2 && abort.abort(),
    signal: abort.signal,
  });
  await expect(restarted).rejects.toMatchObject({ name: 'AbortedError' });
  expect(store.records.get('mf-rating')).toBe(served);
  expect([...store.records.keys()].filter((name) => name.includes('staging'))).toEqual([]);

  // Finished, it replaces the served model.
  const done = await trainSlot(slots, store, options, { task: 'rating', attributes: 'dataset' });
  expect(done.attributes?.mode).toBe('dataset');
  expect((store.records.get('mf-rating')!.value as { finished: boolean }).finished).toBe(true);
  expect(store.records.get('mf-rating')).not.toBe(served);
  expect([...store.records.keys()].filter((name) => name.includes('staging'))).toEqual([]);
});
