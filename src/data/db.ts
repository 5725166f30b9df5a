/**
 * The IndexedDB schema (typed with idb's `DBSchema`) and its upgrade steps.
 *
 * To change the schema: bump `DB_VERSION` and append a step to `UPGRADE_STEPS`. A browser that
 * holds version k runs steps k+1 … DB_VERSION in order, inside the one `versionchange`
 * transaction, so an old database is migrated the same way a new one is built.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { DatasetFormat, ItemRecord, RecTask, UserRecord } from './types.ts';
import { stampDerivedRecords } from './upgrade-dataset-binding.ts';
import { moveServingRecords } from './upgrade-serving-stores.ts';

export const DB_VERSION = 3;

/** What the store knows about the dataset it holds (one record, key `'dataset'`). */
export interface DatasetMeta {
  key: 'dataset';
  name: string;
  format: DatasetFormat;
  users: number;
  items: number;
  /** Items with at least one interaction (MovieLens lists some movies nobody rated). */
  ratedItems: number;
  interactions: number;
  /** SHA-256 (hex) over the dataset's canonical content; see fingerprint.ts. */
  fingerprint: string;
  /** Milliseconds since the epoch. */
  importedAt: number;
}

/**
 * All of one user's interactions, column by column (one record per user, key `user`).
 *
 * Chromium's IndexedDB costs tens of µs per put whatever the record's size, so one record per
 * rating made writing ml-latest-small take 8–14 s; one record per user is 610 puts instead of
 * 100,836. `items` is ascending (so reading the store in key order gives (user, item) order)
 * and a plain Array: a multiEntry index (`by-item`) makes one entry per element of an Array, but
 * would index a typed array as ONE binary key.
 * `ratings[k]`, `timestamps[k]` belong to `items[k]`.
 */
export interface UserInteractionsRecord {
  user: number;
  items: number[];
  /** NaN where the interaction has no rating (implicit feedback). */
  ratings: Float32Array;
  /** Seconds since the epoch; when a format has none, the row's position in the file. */
  timestamps: Float64Array;
}

/** A training pair written by LLM-based data augmentation: user prefers `pos` over `neg`. */
export interface AugmentedPairRecord {
  /** Assigned by IndexedDB (autoIncrement); absent before the record is written. */
  id?: number;
  user: number;
  pos: number;
  neg: number;
  /** 'pair': the LLM chose between two items; 'sequential': it picked the next item of a history. */
  kind: 'pair' | 'sequential';
  modelId: string;
  promptVersion: string;
  createdAt: number;
  /** 0..1, how sure the LLM answer was (parsed or from logits). */
  confidence: number;
  /** `meta.fingerprint` of the dataset whose users and items the pair names. */
  datasetFingerprint: string;
}

/** Which augmented pairs a read wants: one user's, one kind's, or both (all when empty). */
export interface AugmentedPairFilter {
  user?: number;
  /** 'pair' feeds the ranking task's models, 'sequential' the 'next' task's (SASRec). */
  kind?: AugmentedPairRecord['kind'];
}

export function matchesPairFilter(record: AugmentedPairRecord, filter: AugmentedPairFilter): boolean {
  return (filter.user === undefined || record.user === filter.user) && (filter.kind === undefined || record.kind === filter.kind);
}

/** Early-stopping bookkeeping, saved with a checkpoint so a resumed run stops where it would have. */
export interface FitState {
  bestEpoch: number;
  bestValidation: number;
  /** Validations since the best one. */
  sinceBest: number;
}

/**
 * A trained model as stored (object stores `checkpoints`, and `staging` for a run that will
 * replace a served one). Named per variant: 'mf-bpr', 'mf-bpr+aug-<n>', 'mf-rating' (see
 * src/training/checkpoint-names.ts).
 */
export interface CheckpointRecord {
  name: string;
  /** Milliseconds since the epoch. */
  savedAt: number;
  /** `meta.fingerprint` of the dataset it was trained on. */
  datasetFingerprint: string;
  /**
   * The model's own serialisation (an MfCheckpoint); the model code checks it when it loads it
   * (checkCheckpoint in src/models/matrix-factorization.ts), so the store does not interpret it.
   */
  model: unknown;
  fit: FitState;
  /** Training rows of the split, to refuse a checkpoint from other data. */
  trainRows: number;
  /** Training ended (epochs reached or stopped early); the stored state is the best one. */
  finished: boolean;
  /** Augmented triples added to every epoch (0: trained on D alone, or a rating model). */
  augmentedTriples: number;
}

/** Where a checkpoint lives: served (`checkpoints`) or being trained to replace one (`staging`). */
export type CheckpointShelf = 'checkpoints' | 'staging';

/** Which checkpoint serves a task (object store `activeModels`, one record per task). */
export interface ActiveModelRecord {
  task: RecTask;
  /** The name of its record in `checkpoints`. */
  checkpoint: string;
  /** Augmented pairs it was trained with (0: trained on D alone). */
  augmentedPairs: number;
  /** `meta.fingerprint` of the dataset the model was trained on. */
  datasetFingerprint: string;
}

/**
 * α1, α2 tuned on validation data with one LLM (object store `tunedAlpha`, one record per task),
 * so a reload reuses them instead of tuning again.
 */
export interface TunedAlphaRecord {
  task: RecTask;
  alpha1: number;
  alpha2: number;
  /** What was optimised and its validation value, e.g. { name: 'NDCG@5', value: 0.081 }. */
  objective: { name: string; value: number };
  /** The LLM whose answers were blended (α depends on how good that model is). */
  llmModelId: string;
  /** Candidates per user the LLM re-ranked, and how many it was asked to name (rankings only). */
  kPrime?: number;
  llmPlaces?: number;
  validationUsers: number;
  grid: number[];
  /** Milliseconds since the epoch. */
  tunedAt: number;
  /** `meta.fingerprint` of the dataset it was tuned on. */
  datasetFingerprint: string;
}

/** One cached LLM answer, keyed by a hash of model and prompt. */
export interface LlmCacheRecord {
  key: string;
  model: string;
  prompt: string;
  answer: unknown;
  createdAt: number;
  /** `meta.fingerprint` of the dataset whose titles and histories the prompt was built from. */
  datasetFingerprint: string;
}

export interface RecDB extends DBSchema {
  meta: { key: string; value: DatasetMeta };
  items: { key: number; value: ItemRecord; indexes: { 'by-id': string } };
  users: { key: number; value: UserRecord; indexes: { 'by-id': string } };
  /** Keyed by user (the by-user lookup); `by-item` (multiEntry) finds the users of an item. */
  interactions: { key: number; value: UserInteractionsRecord; indexes: { 'by-item': number } };
  augmentedPairs: { key: number; value: AugmentedPairRecord; indexes: { 'by-user': number } };
  checkpoints: { key: string; value: CheckpointRecord };
  /** Keyed by the name of the checkpoint the staged run will replace. */
  staging: { key: string; value: CheckpointRecord };
  activeModels: { key: RecTask; value: ActiveModelRecord };
  tunedAlpha: { key: RecTask; value: TunedAlphaRecord };
  llmCache: { key: string; value: LlmCacheRecord };
}

export type RecStoreName = StoreNames<RecDB>;

/** Stores that hold the imported dataset itself; replaced together on import. */
export const DATASET_STORES = ['meta', 'items', 'users', 'interactions'] as const satisfies readonly RecStoreName[];
/** Stores computed from a dataset; stale (and cleared) once a different dataset is imported. */
export const DERIVED_STORES = ['augmentedPairs', 'checkpoints', 'staging', 'activeModels', 'tunedAlpha', 'llmCache'] as const satisfies readonly RecStoreName[];
export const ALL_STORES = [...DATASET_STORES, ...DERIVED_STORES] as const;

export type UpgradeTransaction = IDBPTransaction<RecDB, RecStoreName[], 'versionchange'>;
/** May be async, awaiting only requests of `tx` (anything else would let the transaction commit early). */
type UpgradeStep = (db: IDBPDatabase<RecDB>, tx: UpgradeTransaction) => void | Promise<void>;

/** UPGRADE_STEPS[k] takes a database from version k to k+1. */
const UPGRADE_STEPS: readonly UpgradeStep[] = [
  (db) => {
    db.createObjectStore('meta', { keyPath: 'key' });
    const items = db.createObjectStore('items', { keyPath: 'index' });
    items.createIndex('by-id', 'id', { unique: true });
    const users = db.createObjectStore('users', { keyPath: 'index' });
    users.createIndex('by-id', 'id', { unique: true });
    // One record per user (see UserInteractionsRecord); by user is the key itself.
    const interactions = db.createObjectStore('interactions', { keyPath: 'user' });
    interactions.createIndex('by-item', 'items', { multiEntry: true });
    const pairs = db.createObjectStore('augmentedPairs', { keyPath: 'id', autoIncrement: true });
    pairs.createIndex('by-user', 'user');
    db.createObjectStore('checkpoints', { keyPath: 'name' });
    db.createObjectStore('llmCache', { keyPath: 'key' });
  },
  // v2: the serving state gets typed stores of its own; v1 kept it all in `checkpoints` as
  // key–value records ('active-model/<task>', 'tuned-alpha/<task>', '<name>~staging').
  async (db, tx) => {
    db.createObjectStore('staging', { keyPath: 'name' });
    db.createObjectStore('activeModels', { keyPath: 'task' });
    db.createObjectStore('tunedAlpha', { keyPath: 'task' });
    await moveServingRecords(tx);
  },
  // v3: augmented pairs and cached answers are bound to their dataset like the serving records.
  async (_db, tx) => {
    await stampDerivedRecords(tx);
  },
];

if (UPGRADE_STEPS.length !== DB_VERSION) {
  throw new Error(`db.ts: DB_VERSION is ${DB_VERSION} but there are ${UPGRADE_STEPS.length} upgrade steps`);
}

export interface OpenDbHandlers {
  /** Another tab holds an older version open; the upgrade waits until it closes. */
  blocked?: () => void;
  /** Another tab wants a newer version; this connection should close. */
  blocking?: () => void;
}

/** Opens (creating or upgrading as needed) the database `name` at `DB_VERSION`. */
export function openRecDb(name: string, handlers: OpenDbHandlers = {}): Promise<IDBPDatabase<RecDB>> {
  return openDB<RecDB>(name, DB_VERSION, {
    async upgrade(db, oldVersion, _newVersion, tx) {
      for (let v = oldVersion; v < DB_VERSION; v++) await UPGRADE_STEPS[v]?.(db, tx);
    },
    blocked: handlers.blocked,
    blocking: handlers.blocking,
  });
}
