/**
 * Which trained model serves each task, and training it (in the training worker, or on this
 * thread). Checkpoints (src/models/train-session.ts) are named per variant:
 *   'mf-rating'             biased MF for ratings;
 *   'mf-bpr'                BPR-MF on D;
 *   'mf-bpr+aug-<n>'        BPR-MF on D ∪ D_aug with n augmented pairs, so a run after more
 *                           augmentation starts afresh instead of reusing the older model, while a
 *                           run interrupted by a reload resumes its own checkpoint.
 * The serving choice per task is a small record in the store ('active-model/<task>'), so a new
 * recommender after a reload serves the model trained last.
 */
import type { RecStore } from '../data/store.ts';
import { loadTrainedModel, trainFromStore, type TrainOutcome, type TrainProgress, type TrainRequest } from '../models/train-session.ts';
import type { Recommender } from '../models/recommender.ts';
import type { LongWorkOptions } from '../progress.ts';
import { createTrainWorker, progressProxy } from '../workers/train-client.ts';
import { DEFAULT_EPOCHS, DEFAULT_PATIENCE, type RecommenderOptions } from './recommender-options.ts';

export type Task = 'ranking' | 'rating';

export interface TrainOptions extends Omit<LongWorkOptions, 'onProgress'> {
  /** 'ranking' (BPR-MF, default) or 'rating' (biased MF). */
  task?: Task;
  /** Ranking: train on D ∪ D_aug (the augmented pairs in the store). Default false. */
  useAugmented?: boolean;
  /**
   * Start from scratch. By default a run continues the stored checkpoint of the same variant:
   * an interrupted run resumes, a finished one is served as is (epochsRun 0).
   */
  fresh?: boolean;
  onProgress?: (progress: TrainProgress) => void;
}

export interface TrainReport extends TrainOutcome {
  task: Task;
  checkpoint: string;
  useAugmented: boolean;
  /** Augmented pairs added to every epoch (0 unless `useAugmented`). */
  augmentedPairs: number;
  /** Batches per epoch seen in progress reports (D's triples plus the augmented ones); null when nothing was trained. */
  batchesPerEpoch: number | null;
}

interface ActiveModel {
  name: string;
  augmentedPairs: number;
}

const activeKey = (task: Task) => `active-model/${task}`;

export class ModelSlots {
  private readonly loaded = new Map<string, Recommender>();

  constructor(private readonly store: RecStore) {}

  async active(task: Task): Promise<ActiveModel | null> {
    return ((await this.store.getCheckpoint(activeKey(task)))?.value as ActiveModel | undefined) ?? null;
  }

  async setActive(task: Task, model: ActiveModel): Promise<void> {
    const previous = await this.active(task);
    await this.store.putCheckpoint(activeKey(task), model);
    // An older augmented model is superseded: free its storage and memory.
    if (previous && previous.name !== model.name && previous.name.startsWith('mf-bpr+aug')) {
      await this.store.deleteCheckpoint(previous.name);
    }
    if (previous && previous.name !== model.name) this.drop(previous.name);
    this.drop(model.name);
  }

  async usesAugmented(task: Task): Promise<boolean> {
    return ((await this.active(task))?.augmentedPairs ?? 0) > 0;
  }

  /** The serving model of the task (loaded once, on the current TF.js backend), or null. */
  async model(task: Task): Promise<Recommender | null> {
    const active = await this.active(task);
    if (!active) return null;
    const cached = this.loaded.get(active.name);
    if (cached) return cached;
    const model = await loadTrainedModel(this.store, active.name);
    if (model) this.loaded.set(active.name, model);
    return model;
  }

  private drop(name: string): void {
    this.loaded.get(name)?.dispose();
    this.loaded.delete(name);
  }

  /** Frees every loaded model (they reload on demand). */
  forget(): void {
    for (const name of [...this.loaded.keys()]) this.drop(name);
  }
}

export async function trainSlot(slots: ModelSlots, store: RecStore, options: RecommenderOptions, train: TrainOptions): Promise<TrainReport> {
  const task = train.task ?? 'ranking';
  const useAugmented = task === 'ranking' && train.useAugmented === true;
  const augmentedPairs = useAugmented ? await store.countAugmentedPairs() : 0;
  const checkpoint = task === 'rating' ? 'mf-rating' : useAugmented ? `mf-bpr+aug-${augmentedPairs}` : 'mf-bpr';
  const { epochs = DEFAULT_EPOCHS, patience = DEFAULT_PATIENCE, ...config } = options.mf ?? {};
  const request: TrainRequest = {
    kind: task === 'rating' ? 'mf-rating' : 'mf-bpr',
    config,
    epochs,
    patience,
    checkpointName: checkpoint,
    useAugmented,
    resume: train.fresh !== true,
  };
  let batchesPerEpoch: number | null = null;
  const onProgress = (p: TrainProgress) => {
    batchesPerEpoch = p.batches;
    train.onProgress?.(p);
  };
  const inWorker = (options.trainIn ?? (typeof Worker === 'undefined' ? 'main-thread' : 'worker')) === 'worker';
  const outcome = inWorker ? await trainInWorker(store.dbName, request, train.signal, onProgress) : await trainFromStore(store, request, { signal: train.signal, onProgress });
  await slots.setActive(task, { name: checkpoint, augmentedPairs });
  return { ...outcome, task, checkpoint, useAugmented, augmentedPairs, batchesPerEpoch };
}

async function trainInWorker(dbName: string, request: TrainRequest, signal: AbortSignal | undefined, onProgress: (p: TrainProgress) => void): Promise<TrainOutcome> {
  const worker = createTrainWorker();
  const cancel = () => void worker.api.cancel();
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    return await worker.api.train({ ...request, dbName }, progressProxy(onProgress));
  } finally {
    signal?.removeEventListener('abort', cancel);
    worker.terminate();
  }
}
