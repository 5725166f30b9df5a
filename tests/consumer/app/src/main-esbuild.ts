// esbuild leaves `new URL(…, import.meta.url)` alone, so the page says where its worker (bundled as
// a second entry point from train-worker.ts) and TF.js's .wasm binaries (copied to tfjs/) are.
import { startShop } from './shop.ts';

void startShop({
  workers: { train: () => new Worker(new URL('./train-worker.js', import.meta.url), { type: 'module' }) },
  wasmPaths: new URL('./tfjs/', import.meta.url).href,
});
