/**
 * The v2 → v3 upgrade (db.ts, step 3): augmented pairs and cached LLM answers get the
 * `datasetFingerprint` that checkpoints, active-model and tuned-α records have had since v2, so
 * every derived record names the dataset it was made from and a store bound to another dataset
 * neither serves nor overwrites it (bound-store.ts).
 *
 * Version 2 cleared both stores whenever a different dataset was imported, so every record in
 * them belongs to the dataset the store holds (its `meta` record): each is stamped with that
 * fingerprint and kept. Without a dataset there is nothing they could belong to (a store emptied
 * by hand, or one that never imported): they are deleted, since no bound reader could use them.
 */
import type { UpgradeTransaction } from './db.ts';

export async function stampDerivedRecords(tx: UpgradeTransaction): Promise<void> {
  const fingerprint = (await tx.objectStore('meta').get('dataset'))?.fingerprint;
  for (const name of ['augmentedPairs', 'llmCache'] as const) {
    let cursor = await tx.objectStore(name).openCursor();
    while (cursor) {
      if (fingerprint === undefined) await cursor.delete();
      else await cursor.update({ ...cursor.value, datasetFingerprint: fingerprint });
      cursor = await cursor.continue();
    }
  }
}
