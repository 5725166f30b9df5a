/**
 * A store bound to one dataset: what a job (training, augmentation, tuning) or a recommender
 * working on that dataset reads and writes. Every record it writes is stamped with the dataset's
 * fingerprint, and the write re-checks, inside its own transaction, that the store still holds
 * that dataset; every record it reads must carry the same fingerprint. Anything else is
 * DATASET_MISMATCH and nothing is written or served: a model, pair or answer made for one
 * dataset never lands in, or is served from, a store that holds another (a tab that trained
 * while another tab imported; a page that kept an old dataset in memory).
 *
 * IndexedDB's store gives one with `store.boundTo(fingerprint)` (idb-bound-store.ts); the
 * in-memory store of one run (memory-store.ts) is one.
 */
import type { AugmentedPairFilter, AugmentedPairRecord, DatasetMeta, LlmCacheRecord } from './db.ts';
import { RecError } from '../errors.ts';
import type { ItemAttributeUpdate } from './item-attributes.ts';
import type { NewAugmentedPair, NewLlmCacheRecord, ServingStore } from './serving-store.ts';
import type { Dataset, ItemRecord } from './types.ts';

export interface DatasetBoundStore extends ServingStore {
  /** The fingerprint (`meta.fingerprint`) of the dataset this store reads and writes for. */
  readonly datasetFingerprint: string;
  /** The dataset; DATASET_MISMATCH when the store holds another one (or none) by now. */
  loadDataset(): Promise<Dataset>;
  item(index: number): Promise<ItemRecord | undefined>;
  /**
   * Merges LLM-provided attributes into the stored items in one transaction and returns how
   * many attributes were written. A 'dataset'-sourced attribute is never overwritten; an
   * unknown item index writes nothing at all (UNKNOWN_ITEM).
   */
  putItemAttributes(updates: readonly ItemAttributeUpdate[]): Promise<number>;
  /** Adds pairs in one transaction; returns their new ids. */
  addAugmentedPairs(pairs: readonly NewAugmentedPair[]): Promise<number[]>;
  /** All pairs, or one user's, or one kind's ('pair' for the ranking task, 'sequential' for 'next'), in id (insertion) order. */
  listAugmentedPairs(filter?: AugmentedPairFilter): Promise<AugmentedPairRecord[]>;
  /** How many pairs are stored (of one kind, when given). */
  countAugmentedPairs(kind?: AugmentedPairRecord['kind']): Promise<number>;
  getCachedAnswer(key: string): Promise<LlmCacheRecord | undefined>;
  putCachedAnswer(record: NewLlmCacheRecord): Promise<void>;
}

/** Short enough to read in a message, long enough to tell two datasets apart. */
const short = (fingerprint: string) => fingerprint.slice(0, 8);

function heldText(held: Pick<DatasetMeta, 'name' | 'fingerprint'> | null | undefined): string {
  return held ? `"${held.name}" (${short(held.fingerprint)})` : 'no dataset';
}

/** A write for `expected` found the store holding another dataset (or none): nothing was written. */
export function writeMismatch(what: string, expected: string, held: Pick<DatasetMeta, 'name' | 'fingerprint'> | null | undefined): RecError {
  return new RecError(
    'DATASET_MISMATCH',
    `Not saved: ${what} was made from dataset ${short(expected)}, but the store now holds ${heldText(held)}; ` +
      'it was replaced or cleared, perhaps in another tab. Nothing was written: run it again on the data the store holds.',
  );
}

/** A read for `expected` found the store, or the record, belonging to another dataset: nothing is served. */
export function readMismatch(what: string, expected: string, found: { held?: Pick<DatasetMeta, 'name' | 'fingerprint'> | null; record?: string }): RecError {
  if (found.record !== undefined) {
    return new RecError(
      'DATASET_MISMATCH',
      `Not used: ${what} was made from dataset ${short(found.record)}, not from the dataset the store holds (${short(expected)}); ` +
        'it was written before records were bound to their dataset. Train (or augment) again to replace it.',
    );
  }
  return new RecError(
    'DATASET_MISMATCH',
    `Not used: ${what} was asked for dataset ${short(expected)}, but the store now holds ${heldText(found.held)} ` +
      '(it was replaced or cleared, perhaps in another tab). Ask again: a recommender works on the data the store holds from its next call.',
  );
}
