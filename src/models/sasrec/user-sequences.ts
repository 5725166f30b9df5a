/**
 * Each user's interactions in time order: what SASRec reads. The order is the one the splits use
 * (data/splits.ts): by timestamp, equal timestamps in row order, so a user's training sequence
 * followed by the validation item and then the test item is the user's whole history in order.
 */
import type { InteractionTable } from '../../data/types.ts';
import { RecError } from '../../errors.ts';

/** Compressed per-user sequences: user u's items are `items[offsets[u] .. offsets[u+1])`, oldest first. */
export interface UserSequences {
  offsets: Int32Array;
  items: Int32Array;
}

/** The items of `rows`, grouped by user and ordered by (timestamp, row). */
export function userSequences(table: InteractionTable, rows: Int32Array, numUsers: number): UserSequences {
  const counts = new Int32Array(numUsers);
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k]!;
    const u = table.user[r]!;
    if (!(u >= 0 && u < numUsers)) {
      throw new RecError('UNKNOWN_USER', `Row ${r} has user ${u}, outside 0..${numUsers - 1}; the table and the user count disagree.`);
    }
    counts[u]!++;
  }
  const offsets = new Int32Array(numUsers + 1);
  for (let u = 0; u < numUsers; u++) offsets[u + 1] = offsets[u]! + counts[u]!;
  const byUser = new Int32Array(rows.length);
  const cursor = offsets.slice(0, numUsers);
  for (let k = 0; k < rows.length; k++) byUser[cursor[table.user[rows[k]!]!]!++] = rows[k]!;
  const items = new Int32Array(rows.length);
  for (let u = 0; u < numUsers; u++) {
    const userRows = byUser.subarray(offsets[u]!, offsets[u + 1]!);
    userRows.sort((a, b) => table.timestamp[a]! - table.timestamp[b]! || a - b);
    for (let k = 0; k < userRows.length; k++) items[offsets[u]! + k] = table.item[userRows[k]!]!;
  }
  return { offsets, items };
}

/** User u's sequence, as a view. */
export function sequenceOf(sequences: UserSequences, user: number): Int32Array {
  return sequences.items.subarray(sequences.offsets[user]!, sequences.offsets[user + 1]!);
}

/** The last `maxLen` items of every user's sequence: all a model of that length ever reads to score. */
export function lastItems(sequences: UserSequences, maxLen: number): UserSequences {
  const numUsers = sequences.offsets.length - 1;
  const offsets = new Int32Array(numUsers + 1);
  for (let u = 0; u < numUsers; u++) offsets[u + 1] = offsets[u]! + Math.min(maxLen, sequences.offsets[u + 1]! - sequences.offsets[u]!);
  const items = new Int32Array(offsets[numUsers]!);
  for (let u = 0; u < numUsers; u++) {
    const n = offsets[u + 1]! - offsets[u]!;
    items.set(sequences.items.subarray(sequences.offsets[u + 1]! - n, sequences.offsets[u + 1]!), offsets[u]!);
  }
  return { offsets, items };
}

/** Checks a sequences object read back from a checkpoint. */
export function checkSequences(value: unknown, numUsers: number, numItems: number): UserSequences {
  const s = value as Partial<UserSequences> | null;
  const ok =
    !!s &&
    s.offsets instanceof Int32Array &&
    s.items instanceof Int32Array &&
    s.offsets.length === numUsers + 1 &&
    s.offsets[0] === 0 &&
    s.offsets[numUsers] === s.items.length &&
    s.offsets.every((o, k) => k === 0 || o >= s.offsets![k - 1]!) &&
    s.items.every((i) => i >= 0 && i < numItems);
  if (!ok) {
    throw new RecError('CHECKPOINT_INVALID', "The checkpoint's user sequences are damaged or from another dataset; train the SASRec model again.");
  }
  return s as UserSequences;
}
