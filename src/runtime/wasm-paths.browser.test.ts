// `wasmPaths` in headless Chromium: the training worker loads TF.js's binaries from where the app
// says, and a location that serves none makes the automatic choice skip WASM with the reason, not
// hang. (Which backend wins the automatic choice is measured, so the first run names WASM.)
import { afterAll, describe, expect, it } from 'vitest';
import { gridDataset } from '../../tests/helpers/data/test-dataset.ts';
import { deleteRecStore, openRecStore } from '../data/store.ts';
import { createTrainWorker } from '../workers/train-client.ts';
import { absoluteWasmPaths } from './wasm-paths.ts';

const dbName = `l4r-wasm-paths-test-${crypto.randomUUID()}`;
afterAll(() => deleteRecStore(dbName));

// Where the Vite dev server under the tests serves the package's binaries.
const SERVED = '/node_modules/@tensorflow/tfjs-backend-wasm/dist/';

describe('wasmPaths in the training worker', () => {
  it('trains on WASM from the given folder; a folder without the binaries skips WASM and says why', async () => {
    const store = await openRecStore(dbName);
    await store.writeDataset(gridDataset(20, 30, 6));
    store.close();
    const request = { dbName, kind: 'mf-bpr' as const, epochs: 1, config: { dim: 4, batchSize: 32 } };

    const good = createTrainWorker();
    try {
      const outcome = await good.api.train({ ...request, backend: 'wasm', wasmPaths: absoluteWasmPaths(SERVED) });
      expect(outcome.backend.backend).toBe('wasm');
    } finally {
      good.terminate();
    }

    const bad = createTrainWorker();
    try {
      const outcome = await bad.api.train({ ...request, wasmPaths: absoluteWasmPaths('/no-binaries-here/') });
      expect(outcome.backend.backend).not.toBe('wasm');
      const wasm = outcome.backend.skipped.find((s) => s.name === 'wasm');
      expect(wasm?.reason).toContain('/no-binaries-here/');
    } finally {
      bad.terminate();
    }
  });
});
