/**
 * The IndexedDB schema (typed with idb's `DBSchema`) and its upgrade steps.
 *
 * To change the schema: bump `DB_VERSION` and append a step to `UPGRADE_STEPS`. A browser that
 * holds version k runs steps k+1 … DB_VERSION in order, inside the one `versionchange`
 * transaction, so an old database is migrated the same way a new one is built.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { DatasetFormat, ItemRecord, UserRecord } from './types.ts';

export const DB_VERSION = 1;

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
}

/** A saved model. The model's own code defines and validates `value`. */
export interface CheckpointRecord {
  name: string;
  savedAt: number;
  value: unknown;
}

/** One cached LLM answer, keyed by a hash of model and prompt. */
export interface LlmCacheRecord {
  key: string;
  model: string;
  prompt: string;
  answer: unknown;
  createdAt: number;
}

export interface RecDB extends DBSchema {
  meta: { key: string; value: DatasetMeta };
  items: { key: number; value: ItemRecord; indexes: { 'by-id': string } };
  users: { key: number; value: UserRecord; indexes: { 'by-id': string } };
  /** Keyed by user (the by-user lookup); `by-item` (multiEntry) finds the users of an item. */
  interactions: { key: number; value: UserInteractionsRecord; indexes: { 'by-item': number } };
  augmentedPairs: { key: number; value: AugmentedPairRecord; indexes: { 'by-user': number } };
  checkpoints: { key: string; value: CheckpointRecord };
  llmCache: { key: string; value: LlmCacheRecord };
}

export type RecStoreName = StoreNames<RecDB>;

/** Stores that hold the imported dataset itself; replaced together on import. */
export const DATASET_STORES = ['meta', 'items', 'users', 'interactions'] as const satisfies readonly RecStoreName[];
/** Stores computed from a dataset; stale (and cleared) once a different dataset is imported. */
export const DERIVED_STORES = ['augmentedPairs', 'checkpoints', 'llmCache'] as const satisfies readonly RecStoreName[];
export const ALL_STORES = [...DATASET_STORES, ...DERIVED_STORES] as const;

type UpgradeStep = (db: IDBPDatabase<RecDB>, tx: IDBPTransaction<RecDB, RecStoreName[], 'versionchange'>) => void;

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
    upgrade(db, oldVersion, _newVersion, tx) {
      for (let v = oldVersion; v < DB_VERSION; v++) UPGRADE_STEPS[v]?.(db, tx);
    },
    blocked: handlers.blocked,
    blocking: handlers.blocking,
  });
}
