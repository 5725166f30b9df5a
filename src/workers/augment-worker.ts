/// <reference lib="webworker" />
/**
 * Entry of the data-augmentation module worker (thin: the work is src/recommender/augment-loop.ts).
 * The LLM engine is built here from its spec (WebLLM runs its own engine from this worker). Pairs
 * are committed to IndexedDB per user, so terminating this worker (a reload, a closed tab) loses
 * at most the current user's uncommitted answers, and the next run asks only what is missing.
 * Create it with `createAugmentWorker()` from augment-client.ts.
 */
import * as Comlink from 'comlink';
import { PauseGate } from '../augment/pause-gate.ts';
import { openRecStore } from '../data/store.ts';
import { RecError } from '../errors.ts';
import { CachedLlmEngine } from '../llm/cached-engine.ts';
import type { LlmEngine } from '../llm/engine.ts';
import { StoreAnswerCache } from '../llm/answer-cache.ts';
import { augmentLoop } from '../recommender/augment-loop.ts';
import { engineFromSpec } from '../recommender/engine-spec.ts';
import { loopContext } from '../recommender/loop-context.ts';
import type { AugmentWorkerApi } from './augment-worker-api.ts';
import { installAugmentErrorTransfer } from './augment-errors.ts';

installAugmentErrorTransfer();

let running: AbortController | null = null;
const gate = new PauseGate();

const api: AugmentWorkerApi = {
  async augment(request, onProgress) {
    if (running) throw new RecError('CONFIG_INVALID', 'An augmentation job is already running in this worker; cancel it or wait for it to finish.');
    running = new AbortController();
    const signal = running.signal;
    const store = await openRecStore(request.dbName);
    let inner: LlmEngine | undefined;
    try {
      const dataset = await store.loadDataset();
      if (!dataset) throw new RecError('NO_DATASET', 'There is no dataset to augment yet; import one first.');
      inner = await engineFromSpec(request.engine);
      await inner.load({ signal, onProgress: onProgress && ((p) => void onProgress(p)) });
      const engine = new CachedLlmEngine(inner, new StoreAnswerCache(store));
      return await augmentLoop(loopContext(dataset), {
        engine,
        store,
        budget: request.budget,
        sequential: request.sequential,
        seed: request.seed,
        pause: gate,
        signal,
        onProgress: onProgress && ((p) => void onProgress(p)),
      });
    } finally {
      // The model's memory (GPU, for WebLLM) is freed with the job; the weights stay cached.
      await inner?.unload().catch(() => undefined);
      store.close();
      running = null;
    }
  },
  pause: () => gate.pause(),
  resume: () => gate.resume(),
  cancel() {
    running?.abort(new DOMException('Augmentation cancelled', 'AbortError'));
  },
};

Comlink.expose(api, self as unknown as DedicatedWorkerGlobalScope);
