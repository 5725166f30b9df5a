// The training panel's state, driven through a hand-written recommender: what `rec.train()` is
// asked for, how progress reports become the curve, restore after a reload, and the D ∪ D_aug toggle.
import { expect, test } from 'vitest';
import { AbortedError } from '../errors.ts';
import type { TrainProgress } from '../training/train-session.ts';
import type { ActiveModelInfo } from '../training/serving-models.ts';
import type { TrainOptions, TrainReport } from '../training/train-task.ts';
import { FakeHost } from '../../tests/helpers/app/fake-host.ts';
import { DEMO_MF, demoMfOptions, TrainingController, type TrainingRec } from './training-controller.ts';

test('?epochs=N (1–200) sets the epochs; anything else keeps the default', () => {
  expect(demoMfOptions('?epochs=2')).toEqual({ ...DEMO_MF, epochs: 2 });
  expect(demoMfOptions('?x=1&epochs=200').epochs).toBe(200);
  for (const bad of ['', '?epochs=0', '?epochs=201', '?epochs=2.5', '?epochs=abc', '?epochs=']) {
    expect(demoMfOptions(bad)).toBe(DEMO_MF);
  }
});

test('?backend= names the TF.js backend to train on; an unknown name keeps the automatic choice', () => {
  expect(demoMfOptions('?backend=webgpu')).toEqual({ ...DEMO_MF, backend: 'webgpu' });
  expect(demoMfOptions('?epochs=2&backend=wasm')).toEqual({ ...DEMO_MF, epochs: 2, backend: 'wasm' });
  expect(demoMfOptions('?backend=gpu')).toBe(DEMO_MF);
});

const INFO: ActiveModelInfo = { task: 'ranking', checkpoint: 'mf-bpr+aug-40', kind: 'mf-bpr', augmentedPairs: 40, savedAt: 1234, finished: true, epoch: 5, bestEpoch: 5, bestValidation: 0.0312 };

function fakeRec(options: { info?: ActiveModelInfo | null; pairs?: number; train?: (o: TrainOptions) => Promise<TrainReport> } = {}) {
  const asked: TrainOptions[] = [];
  const rec: TrainingRec = {
    activeModel: async () => options.info ?? null,
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
  const training = new TrainingController(host, 20, () => {});
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
  const training = new TrainingController(host, 2, (r) => trained.push(r));
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
  await training.start(true);
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
  const training = new TrainingController(new FakeHost(), 2, () => {
    throw new Error('onTrained must not run after a cancel');
  });
  const { rec } = fakeRec({
    train: (o) =>
      new Promise((_, reject) => o.signal!.addEventListener('abort', () => reject(new AbortedError('Training')), { once: true })),
  });
  await training.refresh(rec);
  const running = training.start(false);
  expect(training.view.state).toBe('running');
  training.cancel();
  await running;
  expect(training.view.state).toBe('idle');
  expect(training.view.error).toBeUndefined();
});

test('a failed training shows the error', async () => {
  const training = new TrainingController(new FakeHost(), 2, () => {});
  const failure = new Error('no backend');
  await training.refresh(fakeRec({ train: async () => Promise.reject(failure) }).rec);
  await training.start(false);
  expect(training.view).toMatchObject({ state: 'error', error: failure });
});

test('pairsChanged: the toggle’s count and the reason follow the store', async () => {
  let pairs = 0;
  const training = new TrainingController(new FakeHost(), 2, () => {}, () => 'Data augmentation needs a language model.');
  const rec: TrainingRec = { activeModel: async () => null, store: { countAugmentedPairs: async () => pairs }, train: async () => report({}) };
  await training.refresh(rec);
  expect(training.view).toMatchObject({ storedPairs: 0, noPairsReason: 'Data augmentation needs a language model.' });
  await training.pairsChanged();
  expect(training.view).toMatchObject({ storedPairs: 0, noPairsReason: 'Data augmentation needs a language model.' });
  pairs = 120;
  await training.pairsChanged();
  expect(training.view.storedPairs).toBe(120);
  expect(training.view.noPairsReason).toBeUndefined();
});
