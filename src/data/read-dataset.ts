/**
 * Reads the stored dataset and its meta record in one readonly transaction, so the two always
 * belong together (an import in between cannot mix them).
 */
import type { IDBPDatabase } from 'idb';
import { DEFAULT_CONFIG } from '../config.ts';
import { DATASET_STORES, type DatasetMeta, type RecDB } from './db.ts';
import type { Dataset } from './types.ts';
import { TableBuilder } from './user-blocks.ts';

/** Users' interaction blocks read per request (ml-latest-small: one request). */
const LOAD_BATCH_USERS = DEFAULT_CONFIG.storage.loadBatchUsers;

export async function readDataset(db: IDBPDatabase<RecDB>): Promise<{ meta: DatasetMeta; dataset: Dataset } | null> {
  const tx = db.transaction(DATASET_STORES, 'readonly');
  const [meta, users, items] = await Promise.all([
    tx.objectStore('meta').get('dataset'),
    tx.objectStore('users').getAll(),
    tx.objectStore('items').getAll(),
  ]);
  if (!meta) return null;
  // Users and items come back in key (index) order; interaction blocks in user order with
  // items ascending, so the table is in (user, item) order. Blocks are read a batch of users
  // at a time straight into typed arrays, so only one batch of objects exists at a time.
  const builder = new TableBuilder(meta.interactions);
  const interactions = tx.objectStore('interactions');
  let after: IDBKeyRange | undefined;
  for (;;) {
    const batch = await interactions.getAll(after, LOAD_BATCH_USERS);
    for (const block of batch) builder.add(block);
    if (batch.length < LOAD_BATCH_USERS) break;
    after = IDBKeyRange.lowerBound(batch[batch.length - 1]!.user, true);
  }
  await tx.done;
  return { meta, dataset: { name: meta.name, format: meta.format, users, items, interactions: builder.finish() } };
}
