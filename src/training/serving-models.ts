/**
 * Which trained model serves each task, and the loaded models themselves. The serving choice
 * per task is a typed record in the store (`activeModels`), so a new recommender after a reload
 * serves the model trained last; each model is loaded once, on the requested TF.js backend, and
 * lent to the calls that use it.
 *
 * TF.js arrives with train-session.ts, loaded on first use: a page that creates a recommender does
 * not pay for it before anything trains or scores.
 */
import type { ActiveModelRecord } from '../data/db.ts';
import type { ServingStore } from '../data/serving-store.ts';
import type { RecTask } from '../data/types.ts';
import type { BackendRequest } from '../models/backend-request.ts';
import type { ScoringModel } from '../models/scoring-model.ts';
import { checkTrainedCheckpoint, type TrainedKind } from '../models/trained-checkpoint.ts';
import { isAugmentedCheckpoint } from './checkpoint-names.ts';

/** What serves a task now, read from the store (the trained model's record). */
export interface ActiveModelInfo {
  task: RecTask;
  /** Checkpoint name: 'mf-bpr', 'lightgcn', '<either>+aug-<n>' or 'mf-rating'. */
  checkpoint: string;
  /** The model it holds: 'mf-bpr' or 'lightgcn' (ranking), 'mf-rating'. */
  kind: TrainedKind;
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

export type ServingModelStore = Pick<ServingStore, 'getCheckpoint' | 'deleteCheckpoint' | 'getActiveModel' | 'putActiveModel'>;

interface LoadedModel {
  loading: Promise<ScoringModel | null>;
  /** `using` calls holding the model now. */
  leases: number;
  /** Replaced or forgotten: disposed when the last lease ends. */
  retired: boolean;
}

export class ServingModels {
  /** Models being loaded or loaded, by checkpoint: one load per checkpoint even when calls overlap. */
  private readonly loaded = new Map<string, LoadedModel>();

  constructor(
    private readonly store: ServingModelStore,
    private readonly backend: BackendRequest = 'auto',
  ) {}

  async active(task: RecTask): Promise<ActiveModelRecord | null> {
    return (await this.store.getActiveModel(task)) ?? null;
  }

  /** The serving model's record (which checkpoint, when saved, its best metric), or null. */
  async info(task: RecTask): Promise<ActiveModelInfo | null> {
    const active = await this.active(task);
    const record = active && (await this.store.getCheckpoint(active.checkpoint));
    if (!active || !record) return null;
    const model = checkTrainedCheckpoint(record.model);
    return {
      task,
      checkpoint: active.checkpoint,
      kind: model.kind,
      augmentedPairs: active.augmentedPairs,
      savedAt: record.savedAt,
      finished: record.finished,
      epoch: model.epoch,
      bestEpoch: record.fit.bestEpoch,
      bestValidation: record.fit.bestValidation,
    };
  }

  /** Makes `checkpoint` serve `task`; the model it replaces is freed (and deleted if it was an augmented one). */
  async setActive(task: RecTask, checkpoint: string, augmentedPairs: number): Promise<void> {
    const previous = await this.active(task);
    await this.store.putActiveModel({ task, checkpoint, augmentedPairs });
    if (previous && previous.checkpoint !== checkpoint) {
      if (isAugmentedCheckpoint(previous.checkpoint)) await this.store.deleteCheckpoint(previous.checkpoint);
      this.drop(previous.checkpoint);
    }
    this.drop(checkpoint);
  }

  async usesAugmented(task: RecTask): Promise<boolean> {
    return ((await this.active(task))?.augmentedPairs ?? 0) > 0;
  }

  /**
   * Runs `use` with the serving model of the task (loaded once, on the requested TF.js backend), or
   * null when none is trained. The model is lent: one replaced or forgotten meanwhile (a training
   * finished, a new dataset) is disposed only after every `use` holding it has returned.
   */
  async using<T>(task: RecTask, use: (model: ScoringModel | null) => Promise<T>): Promise<T> {
    const active = await this.active(task);
    if (!active) return use(null);
    const entry = this.entry(active.checkpoint);
    entry.leases += 1;
    try {
      return await use(await entry.loading);
    } finally {
      entry.leases -= 1;
      if (entry.retired && entry.leases === 0) disposeLoaded(entry);
    }
  }

  /** Frees every loaded model (they reload on demand). */
  forget(): void {
    for (const name of [...this.loaded.keys()]) this.drop(name);
  }

  private entry(name: string): LoadedModel {
    let entry = this.loaded.get(name);
    if (!entry) {
      const loading = import('./train-session.ts').then(({ loadTrainedModel }) => loadTrainedModel(this.store, name, this.backend));
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
}

function disposeLoaded(entry: LoadedModel): void {
  void entry.loading.then((model) => model?.dispose(), () => undefined);
}
