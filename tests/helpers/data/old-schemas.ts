/**
 * Earlier IndexedDB schemas of the store, written with the raw API, for the upgrade tests: a
 * database made by an older version is opened by this one and must keep (or knowingly drop) its data.
 */

/** Resolves when a raw IndexedDB request succeeds or a transaction completes. */
export const idbDone = (r: IDBRequest | IDBTransaction): Promise<void> =>
  new Promise<void>((resolve, reject) => {
    if (r instanceof IDBTransaction) {
      r.oncomplete = () => resolve();
      r.onerror = r.onabort = () => reject(r.error);
    } else {
      r.onsuccess = () => resolve();
      r.onerror = () => reject(r.error);
    }
  });

/** Version 1's schema (db.ts, UPGRADE_STEPS[0] of that version). */
export function createV1Schema(db: IDBDatabase): void {
  db.createObjectStore('meta', { keyPath: 'key' });
  db.createObjectStore('items', { keyPath: 'index' }).createIndex('by-id', 'id', { unique: true });
  db.createObjectStore('users', { keyPath: 'index' }).createIndex('by-id', 'id', { unique: true });
  db.createObjectStore('interactions', { keyPath: 'user' }).createIndex('by-item', 'items', { multiEntry: true });
  db.createObjectStore('augmentedPairs', { keyPath: 'id', autoIncrement: true }).createIndex('by-user', 'user');
  db.createObjectStore('checkpoints', { keyPath: 'name' });
  db.createObjectStore('llmCache', { keyPath: 'key' });
}

/** Version 2's schema: version 1's stores, then `staging`, `activeModels`, `tunedAlpha`. */
export function createV2Schema(db: IDBDatabase): void {
  createV1Schema(db);
  db.createObjectStore('staging', { keyPath: 'name' });
  db.createObjectStore('activeModels', { keyPath: 'task' });
  db.createObjectStore('tunedAlpha', { keyPath: 'task' });
}
