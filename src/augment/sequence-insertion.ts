/**
 * The second half of sequential data augmentation (PAPER.md §2, "sequential"): the LLM picked,
 * from k items a user had not interacted with, the one most likely to come next
 * (augment-sequential.ts stores each answer as k − 1 'sequential' records (user, picked, other));
 * here each picked item is INSERTED at a random position of that user's training sequence, which
 * a sequence model (SASRec) then trains on. Pure and deterministic: positions depend only on
 * (seed, user) and the picked items, never on the order the store returns records in, so a rerun
 * (or a resumed job with more answers) rebuilds the same sequences for the same answers.
 *
 * Each insertion keeps its provenance (model, prompt version, time, confidence, record ids) so a
 * caller can show, filter or ablate it. Not inserted: an item the user already has (it would not
 * be new), and answers below `minConfidence` or from another model than `modelId`.
 */
import type { AugmentedPairRecord } from '../data/db.ts';
import { AugmentError } from './augment-error.ts';
import { userRandom } from './user-random.ts';

/** Per-user sequences, oldest first: user u's items are `items[offsets[u] .. offsets[u+1])`. */
export interface Sequences {
  offsets: Int32Array;
  items: Int32Array;
}

export interface SequenceInsertion {
  user: number;
  item: number;
  /** Where the item sits in the user's augmented sequence (0 = oldest). */
  position: number;
  modelId: string;
  promptVersion: string;
  /** When the answer was stored (ms since the epoch). */
  createdAt: number;
  /** How sure the LLM was of this pick (0..1). */
  confidence: number;
  /** The stored records of the answer (one per other candidate), where the store gave ids. */
  recordIds: number[];
}

export interface InsertionOptions {
  /** Seeds the positions (with the user). */
  seed: number;
  /** Skip answers less sure than this (0..1); default 0. */
  minConfidence?: number;
  /** Only this model's answers; default any. */
  modelId?: string;
}

/** A stored answer as this reads it (the dataset binding is the store's business). */
export type PickRecord = Omit<AugmentedPairRecord, 'datasetFingerprint'>;

export interface AugmentedSequences {
  sequences: Sequences;
  insertions: SequenceInsertion[];
}

/** The users' sequences with the LLM's picks inserted (a new object; `sequences` is not changed). */
export function insertLlmPicks(sequences: Sequences, records: readonly PickRecord[], options: InsertionOptions): AugmentedSequences {
  const minConfidence = options.minConfidence ?? 0;
  if (!(minConfidence >= 0 && minConfidence <= 1)) throw new AugmentError(`minConfidence must be between 0 and 1 (got ${String(options.minConfidence)}).`);
  if (!Number.isInteger(options.seed)) throw new AugmentError(`The insertion seed must be an integer (got ${String(options.seed)}).`);
  const numUsers = sequences.offsets.length - 1;
  const picks = picksByUser(records, numUsers, minConfidence, options.modelId);

  const out: number[][] = [];
  const insertions: SequenceInsertion[] = [];
  for (let u = 0; u < numUsers; u++) {
    const own = Array.from(sequences.items.subarray(sequences.offsets[u]!, sequences.offsets[u + 1]!));
    const mine = picks.get(u);
    if (!mine) {
      out.push(own);
      continue;
    }
    const had = new Set(own);
    const random = userRandom(options.seed, u);
    const placed: SequenceInsertion[] = [];
    for (const pick of [...mine.values()].sort((a, b) => a.item - b.item)) {
      if (had.has(pick.item)) continue;
      // Any of the length + 1 gaps, the oldest-first start and the newest end included.
      const position = random.int(own.length + 1);
      own.splice(position, 0, pick.item);
      had.add(pick.item);
      for (const earlier of placed) if (earlier.position >= position) earlier.position++;
      placed.push({ ...pick, position });
    }
    insertions.push(...placed.sort((a, b) => a.position - b.position));
    out.push(own);
  }
  return { sequences: pack(out), insertions };
}

/** One pick per (user, item): the surest answer's provenance, with every record id of that item. */
function picksByUser(records: readonly PickRecord[], numUsers: number, minConfidence: number, modelId: string | undefined) {
  const byUser = new Map<number, Map<number, Omit<SequenceInsertion, 'position'>>>();
  for (const r of records) {
    if (r.kind !== 'sequential' || r.confidence < minConfidence || (modelId !== undefined && r.modelId !== modelId)) continue;
    if (!(Number.isInteger(r.user) && r.user >= 0 && r.user < numUsers)) {
      throw new AugmentError(`A stored sequential answer names user ${r.user}, outside 0..${numUsers - 1}: the records are from another dataset; clear them (augmentation) and ask again.`);
    }
    let mine = byUser.get(r.user);
    if (!mine) byUser.set(r.user, (mine = new Map()));
    const seen = mine.get(r.pos);
    const ids = r.id === undefined ? [] : [r.id];
    if (!seen) {
      mine.set(r.pos, { user: r.user, item: r.pos, modelId: r.modelId, promptVersion: r.promptVersion, createdAt: r.createdAt, confidence: r.confidence, recordIds: ids });
    } else {
      seen.recordIds.push(...ids);
      if (r.confidence > seen.confidence) Object.assign(seen, { modelId: r.modelId, promptVersion: r.promptVersion, createdAt: r.createdAt, confidence: r.confidence });
    }
  }
  for (const mine of byUser.values()) for (const pick of mine.values()) pick.recordIds.sort((a, b) => a - b);
  return byUser;
}

function pack(lists: number[][]): Sequences {
  const offsets = new Int32Array(lists.length + 1);
  lists.forEach((l, u) => (offsets[u + 1] = offsets[u]! + l.length));
  const items = new Int32Array(offsets[lists.length]!);
  lists.forEach((l, u) => items.set(l, offsets[u]!));
  return { offsets, items };
}
