/**
 * What one SASRec step reads: a batch of sequence windows, PACKED: only real positions, one row
 * each, sequence after sequence (no padding rows). A window of n items is what a left-padded
 * [maxLen] row holds in its last n slots, so its rows take the positions maxLen − n … maxLen − 1:
 * the newest item always sits at the last position, as in the original SASRec.
 *
 * Item ids are embedding rows: item index + 1 (row 0 is the padding row the padded tensor path uses).
 */
import type { Random } from '../../random.ts';
import type { SasRecWindows } from './sasrec-config.ts';
import type { UserSequences } from './user-sequences.ts';

export interface PackedBatch {
  /** Number of sequences (windows). */
  seqs: number;
  /** Number of rows (real positions) over all sequences. */
  rows: number;
  /** Sequence s owns rows seqStart[s] … seqStart[s+1] − 1. */
  seqStart: Int32Array;
  /** Embedding row (item + 1) of each row's input item. */
  input: Int32Array;
  /** Position embedding row of each row, 0 … maxLen − 1. */
  position: Int32Array;
  /** Training batches: embedding row of the next item (the target), and of `negatives` sampled negatives per row (row-major). */
  positive?: Int32Array;
  negative?: Int32Array;
  /** Negatives per row (1 when absent). */
  negatives?: number;
}

/** Training windows: window w feeds items [end − length, end) of `user`'s sequence and predicts the items after each. */
export interface Windows {
  user: Int32Array;
  end: Int32Array;
  length: Int32Array;
}

/** The windows an epoch trains on (see `SasRecWindows`); users with fewer than two items have no transition and none. */
export function trainingWindows(sequences: UserSequences, maxLen: number, mode: SasRecWindows): Windows {
  const user: number[] = [];
  const end: number[] = [];
  const length: number[] = [];
  const numUsers = sequences.offsets.length - 1;
  for (let u = 0; u < numUsers; u++) {
    const count = sequences.offsets[u + 1]! - sequences.offsets[u]!;
    // Inputs are items 0 … count − 2 (each predicts the next one).
    for (let e = count - 1; e > 0; ) {
      const n = Math.min(maxLen, e);
      user.push(u);
      end.push(e);
      length.push(n);
      if (mode === 'last') break;
      e -= n;
    }
  }
  return { user: Int32Array.from(user), end: Int32Array.from(end), length: Int32Array.from(length) };
}

/** Number of target positions (rows) over all windows: the samples of an epoch. */
export function windowRows(windows: Windows): number {
  let rows = 0;
  for (let w = 0; w < windows.length.length; w++) rows += windows.length[w]!;
  return rows;
}

/**
 * The training batch of windows `order[from … to)`, with `negatives` negatives per row drawn by
 * `negative` (an item the user has not interacted with in training).
 */
export function packTrainingBatch(
  sequences: UserSequences,
  windows: Windows,
  order: Int32Array,
  from: number,
  to: number,
  maxLen: number,
  negative: (user: number) => number,
  negatives = 1,
): PackedBatch {
  const seqs = to - from;
  const seqStart = new Int32Array(seqs + 1);
  for (let s = 0; s < seqs; s++) seqStart[s + 1] = seqStart[s]! + windows.length[order[from + s]!]!;
  const rows = seqStart[seqs]!;
  const input = new Int32Array(rows);
  const position = new Int32Array(rows);
  const positive = new Int32Array(rows);
  const negativeRows = new Int32Array(rows * negatives);
  for (let s = 0; s < seqs; s++) {
    const w = order[from + s]!;
    const u = windows.user[w]!;
    const n = windows.length[w]!;
    const base = sequences.offsets[u]! + windows.end[w]! - n;
    for (let j = 0; j < n; j++) {
      const r = seqStart[s]! + j;
      input[r] = sequences.items[base + j]! + 1;
      positive[r] = sequences.items[base + j + 1]! + 1;
      position[r] = maxLen - n + j;
      for (let k = 0; k < negatives; k++) negativeRows[r * negatives + k] = negative(u) + 1;
    }
  }
  return { seqs, rows, seqStart, input, position, positive, negative: negativeRows, negatives };
}

/** The scoring batch of `users`: each one's last `maxLen` items (a user with none gets an empty sequence). */
export function packScoringBatch(sequences: UserSequences, users: Int32Array, maxLen: number): PackedBatch {
  const seqs = users.length;
  const seqStart = new Int32Array(seqs + 1);
  const count = (u: number) => Math.min(maxLen, sequences.offsets[u + 1]! - sequences.offsets[u]!);
  for (let s = 0; s < seqs; s++) seqStart[s + 1] = seqStart[s]! + count(users[s]!);
  const rows = seqStart[seqs]!;
  const input = new Int32Array(rows);
  const position = new Int32Array(rows);
  for (let s = 0; s < seqs; s++) {
    const u = users[s]!;
    const n = count(u);
    const base = sequences.offsets[u + 1]! - n;
    for (let j = 0; j < n; j++) {
      input[seqStart[s]! + j] = sequences.items[base + j]! + 1;
      position[seqStart[s]! + j] = maxLen - n + j;
    }
  }
  return { seqs, rows, seqStart, input, position };
}

/** The windows in a seeded random order (an epoch's order). */
export function shuffledOrder(count: number, rng: Random): Int32Array {
  const order = new Int32Array(count);
  for (let k = 0; k < count; k++) order[k] = k;
  return rng.shuffle(order);
}
