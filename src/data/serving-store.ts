/**
 * The typed serving state of a store: checkpoints (served, and staged to replace one), the
 * active model of each task and the tuned α of each task, each in its own object store
 * (db.ts). IndexedDB's store (store.ts) and the in-memory one (memory-store.ts) both offer it.
 */
import type { ActiveModelRecord, CheckpointRecord, CheckpointShelf, TunedAlphaRecord } from './db.ts';
import type { RecTask } from './types.ts';

/** A checkpoint to write: the store stamps the time and the fingerprint of the dataset it holds. */
export type NewCheckpoint = Omit<CheckpointRecord, 'savedAt' | 'datasetFingerprint'>;
export type NewActiveModel = Omit<ActiveModelRecord, 'datasetFingerprint'>;
export type NewTunedAlpha = Omit<TunedAlphaRecord, 'datasetFingerprint'>;

export interface ServingStore {
  /** The checkpoint `name` on a shelf (default: the served ones). */
  getCheckpoint(name: string, shelf?: CheckpointShelf): Promise<CheckpointRecord | undefined>;
  /** Writes (replacing) a checkpoint on a shelf (default: the served ones). NO_DATASET without a dataset. */
  putCheckpoint(checkpoint: NewCheckpoint, shelf?: CheckpointShelf): Promise<CheckpointRecord>;
  deleteCheckpoint(name: string, shelf?: CheckpointShelf): Promise<void>;
  /**
   * The staged checkpoint `name` replaces the served one, in one transaction (its record keeps
   * its time); or, if anything fails, nothing changed. False when nothing is staged under `name`.
   */
  promoteStaged(name: string): Promise<boolean>;
  getActiveModel(task: RecTask): Promise<ActiveModelRecord | undefined>;
  /** NO_DATASET without a dataset. */
  putActiveModel(record: NewActiveModel): Promise<ActiveModelRecord>;
  getTunedAlpha(task: RecTask): Promise<TunedAlphaRecord | undefined>;
  /** NO_DATASET without a dataset. */
  putTunedAlpha(record: NewTunedAlpha): Promise<TunedAlphaRecord>;
}

/** What a serving write says when the store holds no dataset to stamp it with. */
export const NO_DATASET_TO_SERVE = 'The store holds no dataset, so there is nothing a model, an active-model or a tuned-α record could belong to; import one first.';
