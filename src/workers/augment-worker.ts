/// <reference lib="webworker" />
/**
 * Entry of the data-augmentation module worker (thin: the work is src/loop/augment-loop.ts
 * for pairs, attribute-augment-loop.ts for item attributes). The LLM engine is built here from
 * its spec (WebLLM runs its own engine from this worker). Answers are committed to IndexedDB per
 * user (pairs) or per item (attributes), so terminating this worker (a reload, a closed tab)
 * loses at most the one in flight, and the next run asks only what is missing.
 * Create it with `createAugmentWorker()` from augment-client.ts.
 */
import * as Comlink from 'comlink';
import { PauseGate } from '../augment/pause-gate.ts';
import type { DatasetBoundStore } from '../data/bound-store.ts';
import { openRecStore } from '../data/store.ts';
import { RecError } from '../errors.ts';
import { CachedLlmEngine } from '../llm/cached-engine.ts';
import type { LlmEngine } from '../llm/engine.ts';
import { StoreAnswerCache } from '../llm/answer-cache.ts';
import type { Progress } from '../progress.ts';
import { attributeAugmentLoop } from '../loop/attribute-augment-loop.ts';
import { augmentLoop } from '../loop/augment-loop.ts';
import { engineFromSpec, type EngineSpec } from './engine-spec.ts';
import { loopContext, type LoopContext } from '../loop/loop-context.ts';
import type { AugmentWorkerApi } from './augment-worker-api.ts';
import { installAugmentErrorTransfer } from './augment-errors.ts';

installAugmentErrorTransfer();

let running: AbortController | null = null;
const gate = new PauseGate();

interface JobInput {
  ctx: LoopContext;
  engine: LlmEngine;
  store: DatasetBoundStore;
  signal: AbortSignal;
  onProgress?: (p: Progress) => void;
}

/** One job at a time: open the store, load the dataset and the engine, run, then free the model. */
async function runJob<T>(
  request: { dbName?: string; datasetFingerprint?: string; engine: EngineSpec },
  onProgress: ((progress: Progress) => void) | undefined,
  job: (input: JobInput) => Promise<T>,
): Promise<T> {
  if (running) throw new RecError('CONFIG_INVALID', 'An augmentation job is already running in this worker; cancel it or wait for it to finish.');
  running = new AbortController();
  const signal = running.signal;
  const opened = await openRecStore(request.dbName);
  let inner: LlmEngine | undefined;
  try {
    // Bound to the dataset the page means (or, unsaid, the one stored now) for the whole job:
    // pairs, attributes and cached answers are refused once the store holds another (DATASET_MISMATCH).
    const fingerprint = request.datasetFingerprint ?? (await opened.info())?.fingerprint;
    if (fingerprint === undefined) throw new RecError('NO_DATASET', 'There is no dataset to augment yet; import one first.');
    const store = opened.boundTo(fingerprint);
    const dataset = await store.loadDataset();
    inner = await engineFromSpec(request.engine);
    const progress = onProgress && ((p: Progress) => void onProgress(p));
    await inner.load({ signal, onProgress: progress });
    const engine = new CachedLlmEngine(inner, new StoreAnswerCache(store));
    return await job({ ctx: loopContext(dataset), engine, store, signal, onProgress: progress });
  } finally {
    // The model's memory (GPU, for WebLLM) is freed with the job; the weights stay cached.
    await inner?.unload().catch(() => undefined);
    opened.close();
    running = null;
  }
}

const api: AugmentWorkerApi = {
  augment(request, onProgress) {
    return runJob(request, onProgress, ({ ctx, engine, store, signal, onProgress }) =>
      augmentLoop(ctx, { engine, store, budget: request.budget, sequential: request.sequential, seed: request.seed, pause: gate, signal, onProgress }),
    );
  },
  augmentAttributes(request, onProgress) {
    return runJob(request, onProgress, ({ ctx, engine, store, signal, onProgress }) =>
      attributeAugmentLoop(ctx, { engine, store, maxCalls: request.maxCalls, tailUsers: request.tailUsers, pause: gate, signal, onProgress }),
    );
  },
  pause: () => gate.pause(),
  resume: () => gate.resume(),
  cancel() {
    running?.abort(new DOMException('Augmentation cancelled', 'AbortError'));
  },
};

Comlink.expose(api, self as unknown as DedicatedWorkerGlobalScope);
