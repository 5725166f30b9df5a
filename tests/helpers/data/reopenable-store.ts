/**
 * For IndexedDB tests that close and reopen one database (what a reload does): `open()` opens the
 * test file's database, named `<prefix>-<random uuid>`; after each test every store it opened is
 * closed and the database deleted.
 */
import { afterEach } from 'vitest';
import { deleteRecStore, openRecStore, type RecStore } from '../../../src/data/store.ts';

export function reopenableStore(prefix: string): () => Promise<RecStore> {
  const dbName = `${prefix}-${crypto.randomUUID()}`;
  const opened: RecStore[] = [];
  afterEach(async () => {
    for (const store of opened.splice(0)) store.close();
    await deleteRecStore(dbName);
  });
  return async () => {
    const store = await openRecStore(dbName);
    opened.push(store);
    return store;
  };
}
