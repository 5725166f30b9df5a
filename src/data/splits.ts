/**
 * The splits every evaluation uses, as row indices into an InteractionTable.
 *
 * Leave-one-out by time: each user's interactions are ordered by (timestamp, row index) —
 * equal timestamps keep file order, so the result never depends on sort stability. The
 * last one is the user's test row, the one before it the validation row, the rest training.
 * Users with fewer than three interactions: 1 → training only (a user with no history
 * cannot be evaluated); 2 → one training and one test row, no validation row.
 *
 * Every part lists its rows in ascending row order.
 */
import { RecError } from '../errors.ts';
import { Random } from '../random.ts';
import type { InteractionTable, Split } from './types.ts';

export function leaveOneOutByTime(table: InteractionTable): Split {
  const n = table.length;
  // For each user, the latest and second-latest rows under the (timestamp, row) order.
  // One pass over the rows; no per-user sorting is needed for just the last two.
  let userCount = 0;
  for (let r = 0; r < n; r++) if (table.user[r]! >= userCount) userCount = table.user[r]! + 1;
  const last = new Int32Array(userCount).fill(-1);
  const second = new Int32Array(userCount).fill(-1);
  const count = new Int32Array(userCount);
  const later = (a: number, b: number) => {
    // Is row a later than row b? Rows are visited in increasing order, so a > b breaks ties.
    const ta = table.timestamp[a]!;
    const tb = table.timestamp[b]!;
    return ta > tb || (ta === tb && a > b);
  };
  for (let r = 0; r < n; r++) {
    const u = table.user[r]!;
    count[u]!++;
    const l = last[u]!;
    if (l === -1 || later(r, l)) {
      second[u] = l;
      last[u] = r;
    } else if (second[u] === -1 || later(r, second[u]!)) {
      second[u] = r;
    }
  }
  const role = new Uint8Array(n); // 0 train, 1 validation, 2 test
  for (let u = 0; u < userCount; u++) {
    if (count[u]! >= 2) role[last[u]!] = 2;
    if (count[u]! >= 3) role[second[u]!] = 1;
  }
  return splitByRole(role);
}

export interface RandomSplitOptions {
  /** Fraction of rows for testing, 0 ≤ test < 1. */
  test: number;
  /** Fraction of rows for validation; test + validation < 1. */
  validation: number;
  /** Any integer; the same seed gives the same split. */
  seed: number;
}

/**
 * A seeded random split of all rows (not per user): round(test·n) rows go to test,
 * round(validation·n) to validation, the rest to training. A seeded Fisher–Yates shuffle
 * (mulberry32) picks them, so results are identical across runs, browsers and Node.
 */
export function randomSplit(table: InteractionTable, options: RandomSplitOptions): Split {
  const { test, validation, seed } = options;
  for (const [name, value] of [['test', test], ['validation', validation]] as const) {
    if (!(value >= 0 && value < 1)) {
      throw new RecError('CONFIG_INVALID', `randomSplit: ${name} is ${value}; give a fraction from 0 up to (not including) 1.`);
    }
  }
  if (test + validation >= 1) {
    throw new RecError('CONFIG_INVALID', `randomSplit: test + validation is ${test + validation}; leave some rows for training (keep the sum below 1).`);
  }
  if (!Number.isInteger(seed)) {
    throw new RecError('CONFIG_INVALID', `randomSplit: seed is ${seed}; give an integer.`);
  }
  const n = table.length;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  new Random(seed).shuffle(order);
  const testCount = Math.round(test * n);
  const validationCount = Math.round(validation * n);
  const role = new Uint8Array(n);
  for (let k = 0; k < testCount; k++) role[order[k]!] = 2;
  for (let k = testCount; k < testCount + validationCount; k++) role[order[k]!] = 1;
  return splitByRole(role);
}

/** A table of just the given rows, in the given order. */
export function selectRows(table: InteractionTable, rows: Int32Array): InteractionTable {
  const n = rows.length;
  const out: InteractionTable = {
    length: n,
    user: new Int32Array(n),
    item: new Int32Array(n),
    rating: new Float32Array(n),
    timestamp: new Float64Array(n),
  };
  for (let k = 0; k < n; k++) {
    const r = rows[k]!;
    if (!(r >= 0 && r < table.length)) {
      throw new RecError('CONFIG_INVALID', `selectRows: row ${r} is outside the table (0..${table.length - 1}).`);
    }
    out.user[k] = table.user[r]!;
    out.item[k] = table.item[r]!;
    out.rating[k] = table.rating[r]!;
    out.timestamp[k] = table.timestamp[r]!;
  }
  return out;
}

function splitByRole(role: Uint8Array): Split {
  const counts = [0, 0, 0];
  for (let r = 0; r < role.length; r++) counts[role[r]!]!++;
  const parts = [new Int32Array(counts[0]!), new Int32Array(counts[1]!), new Int32Array(counts[2]!)];
  const fill = [0, 0, 0];
  for (let r = 0; r < role.length; r++) {
    const k = role[r]!;
    parts[k]![fill[k]!++] = r;
  }
  return { train: parts[0]!, validation: parts[1]!, test: parts[2]! };
}
