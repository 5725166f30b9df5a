// The writer lock (writer-lock.ts) with Chromium's Web Locks and BroadcastChannel: an import
// stops the running job and writes only once it has ended; jobs run one at a time; a job that
// asks while an import waits runs after the import; a cancelled wait writes nothing. Each
// "tab" here is its own WriterLocks on the same database name: the lock and the channel are
// origin-wide, so two objects in one page meet exactly as two tabs do (tests/e2e/one-writer.e2e.ts
// runs the demo in two real pages).
import { expect, test } from 'vitest';
import { AbortedError } from '../errors.ts';
import { postStoreMessage } from './store-channel.ts';
import { writerLockSupport, writerLocks } from './writer-lock.ts';

const freshName = () => `l4r-lock-test-${crypto.randomUUID()}`;

/** A job that runs until its `stopped` signal fires (or `release` is called), logging what happens. */
function longJob(log: string[], name: string) {
  let release: () => void = () => {};
  const work = (stopped: AbortSignal) =>
    new Promise<string>((resolve, reject) => {
      log.push(`${name} runs`);
      release = () => resolve(`${name} done`);
      stopped.addEventListener('abort', () => {
        log.push(`${name} stopped: ${(stopped.reason as { code?: string }).code}`);
        reject(stopped.reason);
      });
    });
  return { work, release: () => release() };
}

test('Chromium has both: writes are coordinated across tabs', () => {
  expect(writerLockSupport()).toEqual({ locks: true, broadcast: true });
});

test('an import stops the running job (DATASET_CHANGED) and writes only after it has ended', async () => {
  const dbName = freshName();
  const tabA = writerLocks(dbName);
  const tabB = writerLocks(dbName);
  const log: string[] = [];
  const job = longJob(log, 'training');
  const training = tabA.job('Training', job.work).catch((e: { code?: string }) => `training failed: ${e.code}`);
  await new Promise((resolve) => setTimeout(resolve, 20));
  let waited = false;
  const imported = await tabB.replaceDataset('import', async () => {
    log.push('import writes');
    return 'imported';
  }, { onWaiting: () => (waited = true) });
  expect(imported).toBe('imported');
  expect(waited).toBe(true);
  expect(await training).toBe('training failed: DATASET_CHANGED');
  expect(log).toEqual(['training runs', 'training stopped: DATASET_CHANGED', 'import writes']);
});

test('jobs run one at a time across tabs; a job asked for while an import waits runs after the import, on its data', async () => {
  const dbName = freshName();
  const [tabA, tabB, tabC] = [writerLocks(dbName), writerLocks(dbName), writerLocks(dbName)];
  const log: string[] = [];
  const first = longJob(log, 'augmentation');
  const running = tabA.job('Augmentation', first.work);
  await new Promise((resolve) => setTimeout(resolve, 20));

  // A second job waits for the first (and says so).
  let secondWaited = false;
  const second = tabB.job('Training', async () => {
    log.push('training runs');
    return 'trained';
  }, { onWaiting: () => (secondWaited = true) });
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(log).toEqual(['augmentation runs']);
  expect(secondWaited).toBe(true);
  first.release();
  expect(await running).toBe('augmentation done');
  expect(await second).toBe('trained');
  expect(log).toEqual(['augmentation runs', 'training runs']);

  // Now: a job runs, an import waits for it, and a job asked for after the import goes after it.
  log.length = 0;
  const third = longJob(log, 'tuning');
  const tuning = tabA.job('Tuning', third.work).catch((e: { code?: string }) => e.code);
  await new Promise((resolve) => setTimeout(resolve, 20));
  const importing = tabB.replaceDataset('import', async () => void log.push('import writes'));
  const later = tabC.job('Training', async () => void log.push('training runs'));
  await Promise.all([importing, later]);
  expect(await tuning).toBe('DATASET_CHANGED');
  expect(log).toEqual(['tuning runs', 'tuning stopped: DATASET_CHANGED', 'import writes', 'training runs']);
});

test('a cancel while waiting rejects with AbortedError and never runs the work', async () => {
  const dbName = freshName();
  const log: string[] = [];
  // An import holds the lock (imports are not stopped by anyone): a clear waits behind it.
  let finishImport: () => void = () => {};
  const importing = writerLocks(dbName).replaceDataset('import', () => new Promise<void>((resolve) => (finishImport = resolve)));
  await new Promise((resolve) => setTimeout(resolve, 20));
  const controller = new AbortController();
  const clearing = writerLocks(dbName).replaceDataset('clear', async () => void log.push('clear writes'), { signal: controller.signal });
  const job = writerLocks(dbName).job('Training', async () => void log.push('training runs'), { signal: controller.signal });
  controller.abort();
  await expect(clearing).rejects.toBeInstanceOf(AbortedError);
  await expect(job).rejects.toBeInstanceOf(AbortedError);
  finishImport();
  await importing;
  expect(log).toEqual([]);
});

test('without the Web Locks API work runs at once, and a job still stops when another tab asks on the channel', async () => {
  const dbName = freshName();
  const unlocked = writerLocks(dbName, null);
  const log: string[] = [];
  const job = longJob(log, 'training');
  const training = unlocked.job('Training', job.work).catch((e: { code?: string }) => e.code);
  expect(log).toEqual(['training runs']);
  // Nothing to wait for: an import here runs at once, beside the job.
  expect(await unlocked.replaceDataset('import', async () => 'imported')).toBe('imported');
  // Another tab's import asks the jobs to stop: heard on the BroadcastChannel all the same.
  postStoreMessage(dbName, { type: 'stop-jobs', by: 'import' });
  expect(await training).toBe('DATASET_CHANGED');
  expect(log).toEqual(['training runs', 'training stopped: DATASET_CHANGED']);
});
