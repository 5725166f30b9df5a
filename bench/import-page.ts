// The browser half of the import benchmark: parses the embedded dataset from this dev server
// and writes it into a fresh IndexedDB database, timing the two phases separately.
// bench/import.ts opens this page in headless Chromium and calls window.runImportBench.
import { EMBEDDED_DATASET, embeddedDatasetUrl } from '../src/data/embedded.ts';
import { parseDataset } from '../src/data/import/parse.ts';
import { sourceFromUrl } from '../src/data/import/source.ts';
import { deleteRecStore, openRecStore } from '../src/data/store.ts';

export interface BrowserImportRun {
  interactions: number;
  items: number;
  users: number;
  parseMs: number;
  writeMs: number;
  /** loadDataset() right after the write: the whole dataset back into memory. */
  loadMs: number;
}

async function runOnce(): Promise<BrowserImportRun> {
  const dbName = `l4r-bench-${crypto.randomUUID()}`;
  const store = await openRecStore(dbName);
  try {
    // This page lives under /bench/; the dataset is served from the site root.
    const base = embeddedDatasetUrl(new URL('/', location.href));
    const t0 = performance.now();
    const source = await sourceFromUrl(base, [...EMBEDDED_DATASET.files]);
    const dataset = await parseDataset(source, { name: EMBEDDED_DATASET.name, format: 'movielens-csv' });
    const t1 = performance.now();
    const meta = await store.writeDataset(dataset);
    const t2 = performance.now();
    const loaded = await store.loadDataset();
    const t3 = performance.now();
    if (loaded?.interactions.length !== meta.interactions) {
      throw new Error(`read back ${loaded?.interactions.length} interactions, wrote ${meta.interactions}`);
    }
    return {
      interactions: meta.interactions,
      items: meta.items,
      users: meta.users,
      parseMs: t1 - t0,
      writeMs: t2 - t1,
      loadMs: t3 - t2,
    };
  } finally {
    store.close();
    await deleteRecStore(dbName);
  }
}

async function runImportBench(runs: number): Promise<BrowserImportRun[]> {
  const results: BrowserImportRun[] = [];
  for (let k = 0; k < runs; k++) results.push(await runOnce());
  return results;
}

declare global {
  interface Window {
    runImportBench?: typeof runImportBench;
  }
}
window.runImportBench = runImportBench;
