/**
 * Which trained model serves each task, and training it (in the training worker, or on this
 * thread). Checkpoints (src/models/train-session.ts) are named per variant:
 *   'mf-rating'             biased MF for ratings;
 *   'mf-bpr'                BPR-MF on D;
 *   'mf-bpr+aug-<n>'        BPR-MF on D ∪ D_aug with n augmented pairs, so a run after more
 *                           augmentation starts afresh instead of reusing the older model, while a
 *                           run interrupted by a reload resumes its own checkpoint.
 * The serving choice per task is a small record in the store ('active-model/<task>'), so a new
 * recommender after a reload serves the model trained last. A store written before that record
 * existed (the demo used to train 'mf-bpr' / 'mf-rating' itself) is still served: with no record,
 * a finished checkpoint under the task's plain name is the active model.
 *
 * TF.js arrives with train-session.ts, loaded on first use: a page that creates a recommender does
 * not pay for it before anything trains or scores.
 */
import type { RecStore } from '../data/store.ts';
import { RecError } from '../errors.ts';
import type { BackendRequest } from '../models/backend-request.ts';
import type { AttributeMode } from '../models/item-features.ts';
import type { StoredTraining, TrainOutcome, TrainProgress, TrainRequest } from '../models/train-session.ts';
import type { Recommender } from '../models/recommender.ts';
import type { LongWorkOptions } from '../progress.ts';
import { createTrainWorker, progressProxy } from '../workers/train-client.ts';
import { wasmPathsForWorker } from '../runtime/runtime-options.ts';
import { DEFAULT_EPOCHS, DEFAULT_PATIENCE, type RecommenderOptions } from './recommender-options.ts';

export type Task = 'ranking' | 'rating';

export interface TrainOptions extends Omit<LongWorkOptions, 'onProgress'> {
  /** 'ranking' (BPR-MF, default) or 'rating' (biased MF). */
  task?: Task;
  /** Ranking: train on D ∪ D_aug (the augmented pairs in the store). Default false. */
  useAugmented?: boolean;
  /**
   * Rating: the item attributes the biased MF composes items with — 'none', 'dataset' (genres;
   * the default) or 'dataset+llm' (also what `augmentAttributes` filled in). A stored model built
   * on other attributes is retrained, not served.
   */
  attributes?: AttributeMode;
  /**
   * Start from scratch. By default a run continues the stored checkpoint of the same variant:
   * an interrupted run resumes, a finished one is served as is (epochsRun 0).
   */
  fresh?: boolean;
  onProgress?: (progress: TrainProgress) => void;
  /** Also report the running loss every this many batches (default: once per epoch, with the validation metric). */
  reportEvery?: number;
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

/** What serves a task now, read from the store (the trained model's record). */
export interface ActiveModelInfo {
  task: Task;
  /** Checkpoint name: 'mf-bpr', 'mf-bpr+aug-<n>' or 'mf-rating'. */
  checkpoint: string;
  /** Augmented pairs it was trained with (0: trained on D alone). */
  augmentedPairs: number;
  /** When its checkpoint was last written (ms since the epoch). */
  savedAt: number;
  /** false: training was interrupted after this checkpoint; the stored state is the last epoch's, not the best. */
  finished: boolean;
  /** The epoch of the stored weights: the best one once finished (the best state is restored), the last one if interrupted. */
  epoch: number;
  bestEpoch: number;
  /** The best validation metric reached: NDCG@10 (ranking) or −RMSE (rating). */
  bestValidation: number;
}

const activeKey = (task: Task) => `active-model/${task}`;
/** The checkpoint each task trained into before active-model records existed. */
const PLAIN_CHECKPOINT: Record<Task, string> = { ranking: 'mf-bpr', rating: 'mf-rating' };

type SlotStore = Pick<RecStore, 'getCheckpoint' | 'putCheckpoint' | 'deleteCheckpoint'>;

export class ModelSlots {
  /** Models being loaded or loaded, by checkpoint: one load per checkpoint even when calls overlap. */
  private readonly loaded = new Map<string, LoadedModel>();

  constructor(
    private readonly store: SlotStore,
    private readonly backend: BackendRequest = 'auto',
  ) {}

  async active(task: Task): Promise<ActiveModel | null> {
    const record = (await this.store.getCheckpoint(activeKey(task)))?.value as ActiveModel | undefined;
    if (record) return record;
    // An older store: its plain checkpoint, once finished, is what the demo served.
    const legacy = (await this.store.getCheckpoint(PLAIN_CHECKPOINT[task]))?.value as StoredTraining | undefined;
    // Its augmented pairs: what it trained on per epoch (checkpoints from before that field: unknown, 0).
    return legacy?.finished ? { name: PLAIN_CHECKPOINT[task], augmentedPairs: legacy.augmentedTriples ?? 0 } : null;
  }

  /** The serving model's record (which checkpoint, when saved, its best metric), or null. */
  async info(task: Task): Promise<ActiveModelInfo | null> {
    const active = await this.active(task);
    const record = active && (await this.store.getCheckpoint(active.name));
    const stored = record?.value as StoredTraining | undefined;
    if (!active || !record || !stored?.model) return null;
    return {
      task,
      checkpoint: active.name,
      augmentedPairs: active.augmentedPairs,
      savedAt: record.savedAt,
      finished: stored.finished,
      epoch: stored.model.epoch,
      bestEpoch: stored.fit.bestEpoch,
      bestValidation: stored.fit.bestValidation,
    };
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

  /**
   * Runs `use` with the serving model of the task (loaded once, on the requested TF.js backend), or
   * null when none is trained. The model is lent: one replaced or forgotten meanwhile (a training
   * finished, a new dataset) is disposed only after every `use` holding it has returned.
   */
  async using<T>(task: Task, use: (model: Recommender | null) => Promise<T>): Promise<T> {
    const active = await this.active(task);
    if (!active) return use(null);
    const entry = this.entry(active.name);
    entry.leases += 1;
    try {
      return await use(await entry.loading);
    } finally {
      entry.leases -= 1;
      if (entry.retired && entry.leases === 0) disposeLoaded(entry);
    }
  }

  private entry(name: string): LoadedModel {
    let entry = this.loaded.get(name);
    if (!entry) {
      const loading = import('../models/train-session.ts').then(({ loadTrainedModel }) => loadTrainedModel(this.store, name, this.backend));
      const created: LoadedModel = { loading, leases: 0, retired: false };
      entry = created;
      this.loaded.set(name, created);
      // A failed or empty load is not remembered: the next call tries again.
      const forget = () => this.loaded.get(name) === created && this.loaded.delete(name);
      loading.then((model) => model === null && forget(), forget);
    }
    return entry;
  }

  private drop(name: string): void {
    const entry = this.loaded.get(name);
    if (!entry) return;
    this.loaded.delete(name);
    entry.retired = true;
    if (entry.leases === 0) disposeLoaded(entry);
  }

  /** Frees every loaded model (they reload on demand). */
  forget(): void {
    for (const name of [...this.loaded.keys()]) this.drop(name);
  }
}

interface LoadedModel {
  loading: Promise<Recommender | null>;
  /** `using` calls holding the model now. */
  leases: number;
  /** Replaced or forgotten: disposed when the last lease ends. */
  retired: boolean;
}

function disposeLoaded(entry: LoadedModel): void {
  void entry.loading.then((model) => model?.dispose(), () => undefined);
}

export async function trainSlot(slots: ModelSlots, store: RecStore, options: RecommenderOptions, train: TrainOptions): Promise<TrainReport> {
  const task = train.task ?? 'ranking';
  const useAugmented = task === 'ranking' && train.useAugmented === true;
  const augmentedPairs = useAugmented ? await store.countAugmentedPairs() : 0;
  const checkpoint = task === 'rating' ? 'mf-rating' : useAugmented ? `mf-bpr+aug-${augmentedPairs}` : 'mf-bpr';
  const { epochs = DEFAULT_EPOCHS, patience = DEFAULT_PATIENCE, backend, ...config } = options.mf ?? {};
  const request: TrainRequest = {
    kind: task === 'rating' ? 'mf-rating' : 'mf-bpr',
    config,
    epochs,
    patience,
    checkpointName: checkpoint,
    useAugmented,
    resume: train.fresh !== true,
    ...(backend === undefined ? {} : { backend }),
    ...(task === 'rating' && train.attributes !== undefined ? { attributes: train.attributes } : {}),
    ...(train.reportEvery === undefined ? {} : { reportEvery: train.reportEvery }),
  };
  let batchesPerEpoch: number | null = null;
  const onProgress = (p: TrainProgress) => {
    batchesPerEpoch = p.batches;
    train.onProgress?.(p);
  };
  const inWorker = (options.trainIn ?? (typeof Worker === 'undefined' ? 'main-thread' : 'worker')) === 'worker';
  // A finished checkpoint may be serving: no run overwrites it until the run has finished. The run
  // works on a staging copy (a fresh run from nothing; any other from a copy, so a compatible model
  // is still served as is and an interrupted one still resumes) and the staging checkpoint replaces
  // the served one in one transaction at the end. A cancel, a failure or a closed tab leaves the
  // served model as it was. An unfinished checkpoint serves nothing and is trained in place.
  const existing = (await store.getCheckpoint(checkpoint))?.value as StoredTraining | undefined;
  const staging = existing?.finished ? `${checkpoint}~staging` : checkpoint;
  if (staging !== checkpoint) {
    if (train.fresh === true) await store.deleteCheckpoint(staging);
    else await store.putCheckpoint(staging, existing);
  }
  const staged = { ...request, checkpointName: staging };
  let outcome: TrainOutcome;
  try {
    outcome = inWorker
      ? await trainInWorker(store.dbName, staged, train.signal, onProgress, options)
      : await (await import('../models/train-session.ts')).trainFromStore(store, staged, { signal: train.signal, onProgress });
  } catch (error) {
    if (staging !== checkpoint) await store.deleteCheckpoint(staging).catch(() => undefined);
    throw error;
  }
  if (staging !== checkpoint && outcome.epochsRun === 0 && train.fresh !== true) {
    // The served model was served as is: its copy goes, its record keeps its time.
    await store.deleteCheckpoint(staging);
  } else if (staging !== checkpoint && !(await store.moveCheckpoint(staging, checkpoint))) {
    throw new RecError('CHECKPOINT_INVALID', `The trained model "${staging}" vanished from the store before it could serve; train again.`);
  }
  await slots.setActive(task, { name: checkpoint, augmentedPairs });
  return { ...outcome, task, checkpoint, useAugmented, augmentedPairs, batchesPerEpoch };
}

async function trainInWorker(
  dbName: string,
  request: TrainRequest,
  signal: AbortSignal | undefined,
  onProgress: (p: TrainProgress) => void,
  options: RecommenderOptions,
): Promise<TrainOutcome> {
  const worker = createTrainWorker(options.workers?.train);
  // A worker that already failed rejects this too; the train call below reports that failure.
  const cancel = () => void worker.api.cancel().catch(() => undefined);
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    const wasmPaths = wasmPathsForWorker(options);
    return await worker.api.train({ ...request, dbName, ...(wasmPaths === undefined ? {} : { wasmPaths }) }, progressProxy(onProgress));
  } finally {
    signal?.removeEventListener('abort', cancel);
    worker.terminate();
  }
}
