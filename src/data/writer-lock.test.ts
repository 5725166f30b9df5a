// The writer lock where there is no Web Locks API (Node, the `l4r` command line: one process, no
// other tab): it says so, and work runs at once instead of waiting for a lock nobody can grant.
import { expect, test } from 'vitest';
import { writerLockSupport, writerLocks } from './writer-lock.ts';

test('in Node: no Web Locks, so writes are not coordinated across tabs, and it says why that is fine here', () => {
  const support = writerLockSupport();
  expect(support.locks).toBe(false);
  expect(support.note).toMatch(/^the Web Locks API (and BroadcastChannel )?(is|are) missing here, so writes are not coordinated across tabs\. That is fine for a single process \(Node, the l4r command line\)/);
});

test('without locks an import and a job both run at once', async () => {
  const locks = writerLocks('l4r-node-test', null);
  const order: string[] = [];
  const job = locks.job('Training', async (stopped) => {
    order.push(`job runs (stopped: ${stopped.aborted})`);
    return 'trained';
  });
  const written = locks.replaceDataset('import', async () => {
    order.push('import writes');
    return 'imported';
  });
  expect(await Promise.all([job, written])).toEqual(['trained', 'imported']);
  expect(order).toEqual(['job runs (stopped: false)', 'import writes']);
});
