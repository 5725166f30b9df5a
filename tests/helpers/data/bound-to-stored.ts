/** The test store bound to the dataset it holds now (src/data/bound-store.ts): how jobs write derived data. */
import type { DatasetBoundStore } from '../../../src/data/bound-store.ts';
import type { RecStore } from '../../../src/data/store.ts';

export async function boundToStored(store: RecStore): Promise<DatasetBoundStore> {
  const meta = await store.info();
  if (!meta) throw new Error(`the test store "${store.dbName}" holds no dataset to bind to`);
  return store.boundTo(meta.fingerprint);
}
