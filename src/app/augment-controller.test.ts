// The augmentation panel's state from `rec.augment()` and its pause/cancel, with a hand-written
// recommender whose job waits for the test: availability follows the LLM, progress shows, pause
// and resume reach the recommender, a cancel is not an error, and the training panel is told; a
// job this tab was running when it was reloaded continues by itself once an LLM is there.
import { expect, test } from 'vitest';
import type { AugmentReport } from '../augment/augment-job.ts';
import { AbortedError } from '../errors.ts';
import type { AugmentOptions } from '../api/recommender.ts';
import { AugmentController, NO_LLM_FOR_AUGMENTATION, type AugmentRec } from './augment-controller.ts';
import { FakeHost } from '../../tests/helpers/app/fake-host.ts';
import { memoryRunMarker } from './run-marker.ts';

function fakeRec() {
  const log: string[] = [];
  let pairs = 5;
  let finish: (report: AugmentReport) => void = () => {};
  let job: AugmentOptions | undefined;
  const rec: AugmentRec = {
    store: { countAugmentedPairs: async () => pairs },
    pauseAugmentation: () => log.push('pause'),
    resumeAugmentation: () => log.push('resume'),
    augment: (options = {}) => {
      job = options;
      return new Promise((resolve, reject) => {
        finish = (report) => {
          pairs += report.committed;
          resolve(report);
        };
        options.signal?.addEventListener('abort', () => reject(new AbortedError('Augmentation')), { once: true });
      });
    },
  };
  return { rec, log, job: () => job!, finish: (r: AugmentReport) => finish(r) };
}

test('without an LLM the panel is unavailable and says why; with one it can start', async () => {
  const augmentation = new AugmentController(new FakeHost(), () => {}, memoryRunMarker());
  const { rec } = fakeRec();
  await augmentation.setAvailable(rec, false);
  expect(augmentation.view).toEqual({ state: 'unavailable', reason: NO_LLM_FOR_AUGMENTATION, storedPairs: 5 });
  await augmentation.start();
  expect(augmentation.view.state).toBe('unavailable');
  await augmentation.setAvailable(undefined, true);
  expect(augmentation.view).toEqual({ state: 'unavailable', reason: 'Import a dataset first.' });
  await augmentation.setAvailable(rec, true);
  expect(augmentation.view).toEqual({ state: 'idle', storedPairs: 5 });
});

test('a run: progress, pause and resume through the recommender, then the report and the new count', async () => {
  let told = 0;
  const augmentation = new AugmentController(new FakeHost(), () => told++, memoryRunMarker());
  const fake = fakeRec();
  await augmentation.setAvailable(fake.rec, true);
  const running = augmentation.start();
  fake.job().onProgress!({ phase: 'pairs', done: 3, total: 10 });
  expect(augmentation.view).toMatchObject({ state: 'running', progress: { done: 3, total: 10 } });
  augmentation.pause();
  expect(augmentation.view.state).toBe('paused');
  augmentation.resume();
  expect(augmentation.view.state).toBe('running');
  expect(fake.log).toEqual(['pause', 'resume']);
  fake.finish({ users: 2, planned: 10, alreadyCommitted: 0, calls: 10, committed: 9, unanswered: 1, stopped: 'done' });
  await running;
  expect(augmentation.view).toEqual({ state: 'done', storedPairs: 14, last: { calls: 10, committed: 9, unanswered: 1, alreadyCommitted: 0, stopped: 'done' } });
  expect(told).toBe(1);
});

test('cancel wakes a paused job and aborts it: idle again, no error; the LLM going away cancels too', async () => {
  let told = 0;
  const augmentation = new AugmentController(new FakeHost(), () => told++, memoryRunMarker());
  const fake = fakeRec();
  await augmentation.setAvailable(fake.rec, true);
  let running = augmentation.start();
  augmentation.pause();
  augmentation.cancel();
  await running;
  expect(fake.log).toEqual(['pause', 'resume']);
  expect(fake.job().signal?.aborted).toBe(true);
  expect(augmentation.view).toEqual({ state: 'idle', storedPairs: 5 });
  expect(told).toBe(1);
  running = augmentation.start();
  await augmentation.setAvailable(fake.rec, false);
  await running;
  expect(fake.job().signal?.aborted).toBe(true);
  // The job's own ending does not overwrite what the LLM's departure set.
  expect(augmentation.view).toEqual({ state: 'unavailable', reason: NO_LLM_FOR_AUGMENTATION, storedPairs: 5 });
});

test("a job that ends anyway after the LLM went away neither reports progress nor 'done'; stop() waits for the end", async () => {
  const augmentation = new AugmentController(new FakeHost(), () => {}, memoryRunMarker());
  let finish: (report: AugmentReport) => void = () => {};
  let options: AugmentOptions = {};
  // A recommender whose job does not stop at the abort (it finishes the user it is on).
  const rec: AugmentRec = {
    store: { countAugmentedPairs: async () => 5 },
    pauseAugmentation: () => {},
    resumeAugmentation: () => {},
    augment: (o = {}) => {
      options = o;
      return new Promise((resolve) => (finish = resolve));
    },
  };
  await augmentation.setAvailable(rec, true);
  const running = augmentation.start();
  await augmentation.setAvailable(rec, false);
  options.onProgress!({ phase: 'pairs', done: 4, total: 10 });
  let stopped = false;
  const stopping = augmentation.stop().then(() => (stopped = true));
  await Promise.resolve();
  expect(stopped).toBe(false);
  finish({ users: 1, planned: 5, alreadyCommitted: 0, calls: 5, committed: 5, unanswered: 0, stopped: 'done' });
  await Promise.all([running, stopping]);
  expect(stopped).toBe(true);
  expect(augmentation.view).toEqual({ state: 'unavailable', reason: NO_LLM_FOR_AUGMENTATION, storedPairs: 5 });
});

test('a reload during augmentation: the job continues by itself once an LLM is there, and says so', async () => {
  const marker = memoryRunMarker({ startedAt: 1 });
  const augmentation = new AugmentController(new FakeHost(), () => {}, marker);
  const fake = fakeRec();
  // No LLM yet (a real model must be loaded first): nothing starts, the marker waits.
  await augmentation.setAvailable(fake.rec, false);
  expect(augmentation.view.state).toBe('unavailable');
  expect(marker.get()).not.toBeNull();
  await augmentation.setAvailable(fake.rec, true);
  expect(augmentation.view).toMatchObject({ state: 'running', continued: true });
  // The same plan: the recommender skips what was committed before the reload.
  fake.finish({ users: 2, planned: 10, alreadyCommitted: 6, calls: 4, committed: 4, unanswered: 0, stopped: 'done' });
  await augmentation.stop();
  expect(augmentation.view).toMatchObject({ state: 'done', last: { alreadyCommitted: 6, calls: 4 } });
  expect(marker.get()).toBeNull();
});

test('without the marker nothing starts by itself; a run sets it and its end clears it', async () => {
  const marker = memoryRunMarker<{ startedAt: number }>();
  const augmentation = new AugmentController(new FakeHost(), () => {}, marker);
  const fake = fakeRec();
  await augmentation.setAvailable(fake.rec, true);
  expect(augmentation.view.state).toBe('idle');
  const running = augmentation.start();
  expect(marker.get()).not.toBeNull();
  augmentation.cancel();
  await running;
  expect(marker.get()).toBeNull();
});
