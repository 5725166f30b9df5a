// The training panel's state, driven through a hand-written recommender: what `rec.train()` is
// asked for, how progress reports become the curve, restore after a reload, the D ∪ D_aug toggle,
// and an interrupted run: offered, or continued by itself when this tab was training as it reloaded.
import { expect, test } from 'vitest';
import { AbortedError } from '../errors.ts';
import type { TrainProgress } from '../training/train-session.ts';
import type { ActiveModelInfo } from '../training/serving-models.ts';
import type { TrainOptions, TrainReport } from '../training/train-task.ts';
import { FakeHost } from '../../tests/helpers/app/fake-host.ts';
import { DEMO_MF, demoMfOptions, TrainingController, type TrainingRec } from './training-controller.ts';
import { memoryRunMarker } from './run-marker.ts';
import type { InterruptedTraining } from '../training/interrupted-training.ts';
import { RecError } from '../errors.ts';

test('?epochs=N (1–200) sets the epochs; anything else keeps the default', () => {
  expect(demoMfOptions('?epochs=2')).toEqual({ ...DEMO_MF, epochs: 2 });
  expect(demoMfOptions('?x=1&epochs=200').epochs).toBe(200);
  for (const bad of ['', '?epochs=0', '?epochs=201', '?epochs=2.5', '?epochs=abc', '?epochs=']) {
    expect(demoMfOptions(bad)).toBe(DEMO_MF);
  }
});

test('?patience=N (1–200) sets how many epochs without gain stop a run early', () => {
  expect(demoMfOptions('?patience=60')).toEqual({ ...DEMO_MF, patience: 60 });
  expect(demoMfOptions('?epochs=60&patience=60')).toEqual({ ...DEMO_MF, epochs: 60, patience: 60 });
  for (const bad of ['?patience=0', '?patience=201', '?patience=1.5', '?patience=x']) expect(demoMfOptions(bad)).toBe(DEMO_MF);
});

test('?backend= names the TF.js backend to train on; an unknown name keeps the automatic choice', () => {
  expect(demoMfOptions('?backend=webgpu')).toEqual({ ...DEMO_MF, backend: 'webgpu' });
  expect(demoMfOptions('?epochs=2&backend=wasm')).toEqual({ ...DEMO_MF, epochs: 2, backend: 'wasm' });
  expect(demoMfOptions('?backend=gpu')).toBe(DEMO_MF);
});

const INFO: ActiveModelInfo = { task: 'ranking', checkpoint: 'mf-bpr+aug-40', kind: 'mf-bpr', augmentedPairs: 40, savedAt: 1234, finished: true, epoch: 5, bestEpoch: 5, bestValidation: 0.0312 };

function fakeRec(options: { info?: ActiveModelInfo | null; pairs?: number; interrupted?: InterruptedTraining | null; train?: (o: TrainOptions) => Promise<TrainReport> } = {}) {
  const asked: TrainOptions[] = [];
  const rec: TrainingRec = {
    activeModel: async () => options.info ?? null,
    interruptedTraining: async () => options.interrupted ?? null,
    store: { countAugmentedPairs: async () => options.pairs ?? 0 },
    train: async (o = {}) => {
      asked.push(o);
      return options.train!(o);
    },
  };
  return { rec, asked };
}

const report = (over: Partial<TrainReport>): TrainReport => ({
  backend: { backend: 'wasm', skipped: [] },
  resumedFromEpoch: 0,
  epochsRun: 2,
  epochsDone: 2,
  bestEpoch: 2,
  bestValidation: 0.02,
  validationMetric: 'NDCG@10',
  stoppedEarly: false,
  trainSeconds: 1,
  task: 'ranking',
  checkpoint: 'mf-bpr',
  useAugmented: false,
  augmentedPairs: 0,
  batchesPerEpoch: 4,
  augmentedTriples: 0,
  ...over,
});

test('restore: the served model’s save time, best metric and pairs; no dataset: unavailable with the reason', async () => {
  const host = new FakeHost();
  const training = new TrainingController(host, 20, () => {}, undefined, memoryRunMarker());
  const { rec } = fakeRec({ info: INFO, pairs: 40 });
  expect(await training.refresh(rec)).toBe(INFO);
  expect(training.view).toMatchObject({ state: 'done', savedAt: 1234, bestMetric: 0.0312, augmentedPairs: 40, storedPairs: 40, epochs: [] });
  // An interrupted run is not "trained".
  expect(await training.refresh(fakeRec({ info: { ...INFO, finished: false } }).rec)).not.toBeNull();
  expect(training.view.state).toBe('idle');
  expect(training.view.bestMetric).toBeUndefined();
  expect(await training.refresh(undefined, 'Import a dataset first.')).toBeNull();
  expect(training.view).toMatchObject({ state: 'unavailable', reason: 'Import a dataset first.' });
});

test('train: starts over with the toggle’s choice; epoch-closing reports make the curve; the report reaches onTrained', async () => {
  const host = new FakeHost();
  const trained: TrainReport[] = [];
  const training = new TrainingController(host, 2, (r) => trained.push(r), undefined, memoryRunMarker());
  const views: string[] = [];
  const { rec, asked } = fakeRec({
    pairs: 40,
    train: async (o) => {
      const reports: TrainProgress[] = [
        { epoch: 1, epochs: 2, batch: 2, batches: 4, loss: 0.69 }, // within the epoch: progress only
        { epoch: 1, epochs: 2, batch: 4, batches: 4, loss: 0.6, validation: 0.01 },
        { epoch: 2, epochs: 2, batch: 4, batches: 4, loss: 0.5, validation: 0.02 },
      ];
      for (const p of reports) {
        o.onProgress!(p);
        views.push(`${training.view.progress?.done}/${training.view.progress?.total} ${training.view.epochs.length}`);
      }
      return report({ useAugmented: true, augmentedPairs: 40, checkpoint: 'mf-bpr+aug-40' });
    },
  });
  await training.refresh(rec);
  await training.start({ useAugmented: true });
  expect(asked).toHaveLength(1);
  expect(asked[0]).toMatchObject({ fresh: true, useAugmented: true, reportEvery: 20 });
  expect(views).toEqual(['2/8 0', '4/8 1', '8/8 2']);
  expect(training.view).toMatchObject({ state: 'done', backend: 'wasm', bestMetric: 0.02, augmentedPairs: 40, storedPairs: 40, totalEpochs: 2 });
  expect(training.view.epochs).toEqual([
    { epoch: 1, loss: 0.6, metric: 0.01 },
    { epoch: 2, loss: 0.5, metric: 0.02 },
  ]);
  expect(trained.map((r) => r.checkpoint)).toEqual(['mf-bpr+aug-40']);
});

test('cancel: the abort reaches rec.train; the panel goes back to idle, not to an error', async () => {
  const training = new TrainingController(
    new FakeHost(),
    2,
    () => {
      throw new Error('onTrained must not run after a cancel');
    },
    undefined,
    memoryRunMarker(),
  );
  const { rec } = fakeRec({
    train: (o) =>
      new Promise((_, reject) => o.signal!.addEventListener('abort', () => reject(new AbortedError('Training')), { once: true })),
  });
  await training.refresh(rec);
  const running = training.start({ useAugmented: false });
  expect(training.view.state).toBe('running');
  training.cancel();
  await running;
  expect(training.view.state).toBe('idle');
  expect(training.view.error).toBeUndefined();
});

test('a failed training shows the error', async () => {
  const training = new TrainingController(new FakeHost(), 2, () => {}, undefined, memoryRunMarker());
  const failure = new Error('no backend');
  await training.refresh(fakeRec({ train: async () => Promise.reject(failure) }).rec);
  await training.start({ useAugmented: false });
  expect(training.view).toMatchObject({ state: 'error', error: failure });
});

test('pairsChanged: the toggle’s count and the reason follow the store', async () => {
  let pairs = 0;
  const training = new TrainingController(new FakeHost(), 2, () => {}, () => 'Data augmentation needs a language model.', memoryRunMarker());
  const rec: TrainingRec = { activeModel: async () => null, interruptedTraining: async () => null, store: { countAugmentedPairs: async () => pairs }, train: async () => report({}) };
  await training.refresh(rec);
  expect(training.view).toMatchObject({ storedPairs: 0, noPairsReason: 'Data augmentation needs a language model.' });
  await training.pairsChanged();
  expect(training.view).toMatchObject({ storedPairs: 0, noPairsReason: 'Data augmentation needs a language model.' });
  pairs = 120;
  await training.pairsChanged();
  expect(training.view.storedPairs).toBe(120);
  expect(training.view.noPairsReason).toBeUndefined();
});

const INTERRUPTED: InterruptedTraining = { task: 'ranking', checkpoint: 'mf-bpr', epoch: 3, replacesServed: false, augmentedPairs: 0, savedAt: 99 };

test('an interrupted run is offered, not restarted, when this tab was not training as it went away', async () => {
  const marker = memoryRunMarker<{ useAugmented: boolean }>();
  const training = new TrainingController(new FakeHost(), 20, () => {}, undefined, marker);
  const { rec, asked } = fakeRec({ interrupted: INTERRUPTED, train: async () => report({}) });
  await training.refresh(rec);
  expect(training.view).toMatchObject({ state: 'interrupted', interrupted: { epoch: 3, augmentedPairs: 0, replacesServed: false } });
  expect(asked).toHaveLength(0);
  // "Continue training": the same variant, not fresh, so train() resumes the checkpoint of epoch 3.
  await training.start({ useAugmented: false, resume: true });
  expect(asked).toEqual([expect.objectContaining({ fresh: false, useAugmented: false })]);
  expect(marker.get()).toBeNull();
});

test('a reload during training: the run continues by itself from the last committed epoch, and says so', async () => {
  // The marker as the page before the reload left it (set when it started training, never cleared).
  const marker = memoryRunMarker({ useAugmented: true });
  const training = new TrainingController(new FakeHost(), 20, () => {}, undefined, marker);
  let seenWhileRunning: unknown;
  const { rec, asked } = fakeRec({
    interrupted: { ...INTERRUPTED, checkpoint: 'mf-bpr+aug-40', augmentedPairs: 40, epoch: 5 },
    train: async (o) => {
      seenWhileRunning = { ...training.view };
      o.onProgress!({ epoch: 6, epochs: 20, batch: 4, batches: 4, loss: 0.5, validation: 0.03 });
      return report({ resumedFromEpoch: 5 });
    },
  });
  await training.refresh(rec);
  await new Promise((resolve) => setTimeout(resolve, 0));
  expect(asked).toEqual([expect.objectContaining({ fresh: false, useAugmented: true })]);
  expect(seenWhileRunning).toMatchObject({ state: 'running', continuedFrom: 5, epoch: 6 });
  expect(training.view.state).toBe('done');
  expect(training.view.epochs).toEqual([{ epoch: 6, loss: 0.5, metric: 0.03 }]);
  expect(marker.get()).toBeNull();
});

test('a reload before the first epoch was committed starts that run again; a finished model clears a stale marker', async () => {
  const marker = memoryRunMarker({ useAugmented: false });
  const { rec, asked } = fakeRec({ train: async () => report({}) });
  await new TrainingController(new FakeHost(), 20, () => {}, undefined, marker).refresh(rec);
  await new Promise((resolve) => setTimeout(resolve, 0));
  expect(asked).toEqual([expect.objectContaining({ fresh: true, useAugmented: false })]);

  const stale = memoryRunMarker({ useAugmented: false });
  const served = fakeRec({ info: INFO });
  const training = new TrainingController(new FakeHost(), 20, () => {}, undefined, stale);
  await training.refresh(served.rec);
  expect(training.view.state).toBe('done');
  expect(served.asked).toHaveLength(0);
  expect(stale.get()).toBeNull();
});

test('stopped by an import in another tab (DATASET_CHANGED): not a failure; the notice says why', async () => {
  const training = new TrainingController(new FakeHost(), 20, () => {}, undefined, memoryRunMarker());
  const stopped = new RecError('DATASET_CHANGED', 'Stopped: a dataset is being imported into this browser’s store.');
  await training.refresh(fakeRec({ train: async () => Promise.reject(stopped) }).rec);
  await training.start({ useAugmented: false });
  expect(training.view).toMatchObject({ state: 'idle', notice: stopped.message });
  expect(training.view.error).toBeUndefined();
  // It stays visible when the panel shows the new data (and goes with the next run).
  await training.refresh(fakeRec({}).rec);
  expect(training.view.notice).toBe(stopped.message);
});

test('a cancelled run becomes an interrupted run the panel offers to continue', async () => {
  const interrupted = { current: null as InterruptedTraining | null };
  const training = new TrainingController(new FakeHost(), 20, () => {}, undefined, memoryRunMarker());
  const rec: TrainingRec = {
    activeModel: async () => null,
    interruptedTraining: async () => interrupted.current,
    store: { countAugmentedPairs: async () => 0 },
    train: (o = {}) =>
      new Promise((_, reject) =>
        o.signal!.addEventListener('abort', () => {
          interrupted.current = { ...INTERRUPTED, epoch: 2 };
          reject(new AbortedError('Training'));
        }),
      ),
  };
  await training.refresh(rec);
  const running = training.start({ useAugmented: false });
  training.cancel();
  await running;
  expect(training.view).toMatchObject({ state: 'interrupted', interrupted: { epoch: 2 } });
});

test('a cancel that crosses the worker as a plain RecError (code ABORTED, not AbortedError) is still a cancel', async () => {
  const training = new TrainingController(new FakeHost(), 20, () => {}, undefined, memoryRunMarker());
  const { rec } = fakeRec({
    train: (o) => new Promise((_, reject) => o.signal!.addEventListener('abort', () => reject(new RecError('ABORTED', 'Training was cancelled; nothing was changed.')))),
  });
  await training.refresh(rec);
  const running = training.start({ useAugmented: false });
  training.cancel();
  await running;
  expect(training.view.state).toBe('idle');
  expect(training.view.error).toBeUndefined();
});

test("the 'next' task's controller: SASRec's model, interrupted run and next-item answers, and a run asked for task 'next'", async () => {
  const host = new FakeHost();
  const training = new TrainingController(host, 20, () => {}, undefined, memoryRunMarker(), 'next');
  const asked: string[] = [];
  const trainAsked: TrainOptions[] = [];
  const sasrec: ActiveModelInfo = { ...INFO, task: 'next', checkpoint: 'sasrec', kind: 'sasrec', augmentedPairs: 0 };
  const rec: TrainingRec = {
    activeModel: async (task) => (asked.push(`model:${task}`), sasrec),
    interruptedTraining: async (task) => (asked.push(`interrupted:${task}`), null),
    store: { countAugmentedPairs: async (kind) => (asked.push(`count:${kind}`), 12) },
    train: async (o = {}) => (trainAsked.push(o), report({ task: 'next', checkpoint: 'sasrec' })),
  };
  await training.refresh(rec);
  expect(asked.sort()).toEqual(['count:sequential', 'interrupted:next', 'model:next']);
  expect(training.view).toMatchObject({ state: 'done', storedPairs: 12 });
  await training.start({ useAugmented: true });
  expect(trainAsked[0]).toMatchObject({ task: 'next', useAugmented: true, fresh: true });
});
