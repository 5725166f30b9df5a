/**
 * The typed serving state of a store: checkpoints (served, and staged to replace one), the
 * active model of each task and the tuned α of each task, each in its own object store
 * (db.ts). A store bound to one dataset (bound-store.ts: IndexedDB's, or the in-memory one of
 * memory-store.ts) offers it: it stamps what it writes with that dataset's fingerprint and
 * refuses records of another dataset.
 */
import type { ActiveModelRecord, AugmentedPairRecord, CheckpointRecord, CheckpointShelf, LlmCacheRecord, TunedAlphaRecord } from './db.ts';
import type { RecTask } from './types.ts';

/** A checkpoint to write: the store stamps the time and the fingerprint of the dataset it is bound to. */
export type NewCheckpoint = Omit<CheckpointRecord, 'savedAt' | 'datasetFingerprint'>;
export type NewActiveModel = Omit<ActiveModelRecord, 'datasetFingerprint'>;
export type NewTunedAlpha = Omit<TunedAlphaRecord, 'datasetFingerprint'>;
/** A pair to add (any `id` is ignored: IndexedDB assigns one); stamped like the serving records. */
export type NewAugmentedPair = Omit<AugmentedPairRecord, 'datasetFingerprint'>;
/** An answer to cache (`createdAt` defaults to now); stamped like the serving records. */
export type NewLlmCacheRecord = Omit<LlmCacheRecord, 'datasetFingerprint' | 'createdAt'> & { createdAt?: number };

export interface ServingStore {
  /** The checkpoint `name` on a shelf (default: the served ones). */
  getCheckpoint(name: string, shelf?: CheckpointShelf): Promise<CheckpointRecord | undefined>;
  /** Writes (replacing) a checkpoint on a shelf (default: the served ones). */
  putCheckpoint(checkpoint: NewCheckpoint, shelf?: CheckpointShelf): Promise<CheckpointRecord>;
  deleteCheckpoint(name: string, shelf?: CheckpointShelf): Promise<void>;
  /**
   * The staged checkpoint `name` replaces the served one, in one transaction (its record keeps
   * its time); or, if anything fails, nothing changed. False when nothing is staged under `name`.
   */
  promoteStaged(name: string): Promise<boolean>;
  getActiveModel(task: RecTask): Promise<ActiveModelRecord | undefined>;
  putActiveModel(record: NewActiveModel): Promise<ActiveModelRecord>;
  getTunedAlpha(task: RecTask): Promise<TunedAlphaRecord | undefined>;
  putTunedAlpha(record: NewTunedAlpha): Promise<TunedAlphaRecord>;
}
