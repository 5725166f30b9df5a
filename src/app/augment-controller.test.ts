// The augmentation panel's state from `rec.augment()` and its pause/cancel, with a hand-written
// recommender whose job waits for the test: availability follows the LLM, progress shows, pause
// and resume reach the recommender, a cancel is not an error, and the training panel is told; a
// job this tab was running when it was reloaded continues by itself once an LLM is there, with
// the kind of questions it was asking (preference pairs, or next-item picks for SASRec).
import { expect, test } from 'vitest';
import type { AugmentReport } from '../augment/augment-job.ts';
import { AbortedError } from '../errors.ts';
import type { AugmentOptions } from '../api/recommender.ts';
import { defaultSequentialBudget } from '../loop/augment-loop.ts';
import { AugmentController, NO_LLM_FOR_AUGMENTATION, type AugmentRec, type AugmentRunMarker } from './augment-controller.ts';
import { FakeHost } from '../../tests/helpers/app/fake-host.ts';
import { memoryRunMarker } from './run-marker.ts';

/** A recommender whose store holds 5 pairs and 2 next-item picks; a job's answers add to the kind it asked. */
function fakeRec() {
  const log: string[] = [];
  const stored = { pair: 5, sequential: 2 };
  let finish: (report: AugmentReport) => void = () => {};
  let job: AugmentOptions | undefined;
  const rec: AugmentRec = {
    store: { countAugmentedPairs: async (kind) => (kind ? stored[kind] : stored.pair + stored.sequential) },
    pauseAugmentation: () => log.push('pause'),
    resumeAugmentation: () => log.push('resume'),
    augment: (options = {}) => {
      job = options;
      return new Promise((resolve, reject) => {
        finish = (report) => {
          stored[options.sequential ? 'sequential' : 'pair'] += report.committed;
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
  expect(augmentation.view).toEqual({ state: 'unavailable', reason: NO_LLM_FOR_AUGMENTATION, storedPairs: 5, storedPicks: 2 });
  await augmentation.start();
  expect(augmentation.view.state).toBe('unavailable');
  await augmentation.setAvailable(undefined, true);
  expect(augmentation.view).toEqual({ state: 'unavailable', reason: 'Import a dataset first.' });
  await augmentation.setAvailable(rec, true);
  expect(augmentation.view).toEqual({ state: 'idle', storedPairs: 5, storedPicks: 2 });
});

test('a run: progress, pause and resume through the recommender, then the report and the new count', async () => {
  const told: string[] = [];
  const augmentation = new AugmentController(new FakeHost(), (kind) => told.push(kind), memoryRunMarker());
  const fake = fakeRec();
  await augmentation.setAvailable(fake.rec, true);
  const running = augmentation.start();
  // Pairs are the default kind: the recommender's own pair budget, no sequential one.
  expect(fake.job()).not.toHaveProperty('sequential');
  fake.job().onProgress!({ phase: 'pairs', done: 3, total: 10 });
  expect(augmentation.view).toMatchObject({ state: 'running', kind: 'pair', progress: { done: 3, total: 10 } });
  augmentation.pause();
  expect(augmentation.view.state).toBe('paused');
  augmentation.resume();
  expect(augmentation.view.state).toBe('running');
  expect(fake.log).toEqual(['pause', 'resume']);
  fake.finish({ users: 2, planned: 10, alreadyCommitted: 0, calls: 10, committed: 9, unanswered: 1, stopped: 'done' });
  await running;
  expect(augmentation.view).toEqual({
    state: 'done',
    kind: 'pair',
    storedPairs: 14,
    storedPicks: 2,
    last: { calls: 10, committed: 9, unanswered: 1, alreadyCommitted: 0, stopped: 'done', kind: 'pair' },
  });
  expect(told).toEqual(['pair']);
});

test("next-item picks: augment() gets the API's default sequential budget, the picks count follows, and SASRec's side is told", async () => {
  const told: string[] = [];
  const marker = memoryRunMarker<AugmentRunMarker>();
  const augmentation = new AugmentController(new FakeHost(), (kind) => told.push(kind), marker);
  const fake = fakeRec();
  await augmentation.setAvailable(fake.rec, true);
  const running = augmentation.start({ kind: 'sequential' });
  expect(fake.job().sequential).toEqual(defaultSequentialBudget());
  expect(fake.job().budget).toBeUndefined();
  expect(marker.get()).toEqual({ startedAt: expect.any(Number), kind: 'sequential' });
  expect(augmentation.view).toMatchObject({ state: 'running', kind: 'sequential', progress: { phase: 'Planning next-item questions' } });
  fake.finish({ users: 40, planned: 40, alreadyCommitted: 0, calls: 40, committed: 38, unanswered: 2, stopped: 'done' });
  await running;
  expect(augmentation.view).toEqual({
    state: 'done',
    kind: 'sequential',
    storedPairs: 5,
    storedPicks: 40,
    last: { calls: 40, committed: 38, unanswered: 2, alreadyCommitted: 0, stopped: 'done', kind: 'sequential' },
  });
  expect(told).toEqual(['sequential']);
  expect(marker.get()).toBeNull();
});

test('cancel wakes a paused job and aborts it: idle again, no error; the LLM going away cancels too', async () => {
  const told: string[] = [];
  const augmentation = new AugmentController(new FakeHost(), (kind) => told.push(kind), memoryRunMarker());
  const fake = fakeRec();
  await augmentation.setAvailable(fake.rec, true);
  let running = augmentation.start({ kind: 'sequential' });
  augmentation.pause();
  augmentation.cancel();
  await running;
  expect(fake.log).toEqual(['pause', 'resume']);
  expect(fake.job().signal?.aborted).toBe(true);
  expect(augmentation.view).toEqual({ state: 'idle', kind: 'sequential', storedPairs: 5, storedPicks: 2 });
  expect(told).toEqual(['sequential']);
  running = augmentation.start();
  await augmentation.setAvailable(fake.rec, false);
  await running;
  expect(fake.job().signal?.aborted).toBe(true);
  // The job's own ending does not overwrite what the LLM's departure set.
  expect(augmentation.view).toEqual({ state: 'unavailable', reason: NO_LLM_FOR_AUGMENTATION, storedPairs: 5, storedPicks: 2 });
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
  expect(augmentation.view).toEqual({ state: 'unavailable', reason: NO_LLM_FOR_AUGMENTATION, storedPairs: 5, storedPicks: 5 });
});

test('a reload during augmentation: the job continues by itself once an LLM is there, and says so', async () => {
  const marker = memoryRunMarker<AugmentRunMarker>({ startedAt: 1, kind: 'pair' });
  const augmentation = new AugmentController(new FakeHost(), () => {}, marker);
  const fake = fakeRec();
  // No LLM yet (a real model must be loaded first): nothing starts, the marker waits.
  await augmentation.setAvailable(fake.rec, false);
  expect(augmentation.view.state).toBe('unavailable');
  expect(marker.get()).not.toBeNull();
  await augmentation.setAvailable(fake.rec, true);
  expect(augmentation.view).toMatchObject({ state: 'running', kind: 'pair', continued: true });
  expect(fake.job()).not.toHaveProperty('sequential');
  // The same plan: the recommender skips what was committed before the reload.
  fake.finish({ users: 2, planned: 10, alreadyCommitted: 6, calls: 4, committed: 4, unanswered: 0, stopped: 'done' });
  await augmentation.stop();
  expect(augmentation.view).toMatchObject({ state: 'done', last: { alreadyCommitted: 6, calls: 4 } });
  expect(marker.get()).toBeNull();
});

test('a reload during a next-item job continues next-item picks; a marker from before markers named the kind continues pairs', async () => {
  const marker = memoryRunMarker<AugmentRunMarker>({ startedAt: 1, kind: 'sequential' });
  const augmentation = new AugmentController(new FakeHost(), () => {}, marker);
  const fake = fakeRec();
  await augmentation.setAvailable(fake.rec, true);
  expect(augmentation.view).toMatchObject({ state: 'running', kind: 'sequential', continued: true });
  expect(fake.job().sequential).toEqual(defaultSequentialBudget());
  // Marked again by the continued run, with its kind, so a second reload continues the same kind.
  expect(marker.get()).toMatchObject({ kind: 'sequential' });
  fake.finish({ users: 40, planned: 40, alreadyCommitted: 30, calls: 10, committed: 10, unanswered: 0, stopped: 'done' });
  await augmentation.stop();
  expect(augmentation.view).toMatchObject({ state: 'done', kind: 'sequential', storedPicks: 12, last: { alreadyCommitted: 30, kind: 'sequential' } });

  // sessionStorage may still hold { startedAt } from a page before this change: that was a pair job.
  const old = memoryRunMarker({ startedAt: 1 } as AugmentRunMarker);
  const again = new AugmentController(new FakeHost(), () => {}, old);
  const other = fakeRec();
  await again.setAvailable(other.rec, true);
  expect(again.view).toMatchObject({ state: 'running', kind: 'pair', continued: true });
  expect(other.job()).not.toHaveProperty('sequential');
  await again.stop();
});

test('without the marker nothing starts by itself; a run sets it and its end clears it', async () => {
  const marker = memoryRunMarker<AugmentRunMarker>();
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
