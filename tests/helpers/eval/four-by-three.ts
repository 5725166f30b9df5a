/**
 * The hand-worked example the evaluation tests share: 4 users × 3 items (A=0, B=1, C=2).
 *
 *   user | train (rating)    | validation | test (rating)
 *   u0   | A (4)             | B (3)      | C (5)
 *   u1   | B (3)             | –          | C (3)
 *   u2   | A (2), B (5)      | –          | C (4)
 *   u3   | C (implicit)      | –          | A (2)
 *
 * Training interactions per item: A 2, B 2, C 1. Rated training interactions: A {4, 2} → mean 3,
 * B {3, 5} → mean 4, C none → global mean (4+3+2+5)/4 = 3.5.
 */
import type { InteractionTable, Split } from '../../../src/data/types.ts';

type Role = 'train' | 'validation' | 'test';
type Row = [user: number, item: number, rating: number, role: Role];

const ROWS: Row[] = [
  [0, 0, 4, 'train'],
  [0, 1, 3, 'validation'],
  [0, 2, 5, 'test'],
  [1, 1, 3, 'train'],
  [1, 2, 3, 'test'],
  [2, 0, 2, 'train'],
  [2, 1, 5, 'train'],
  [2, 2, 4, 'test'],
  [3, 2, Number.NaN, 'train'],
  [3, 0, 2, 'test'],
];

export const NUM_USERS = 4;
export const NUM_ITEMS = 3;

/** Builds an InteractionTable and Split from [user, item, rating, role] rows (timestamps = row order). */
export function tableFromRows(rows: readonly Row[]): { table: InteractionTable; split: Split } {
  const table: InteractionTable = {
    length: rows.length,
    user: Int32Array.from(rows, (r) => r[0]),
    item: Int32Array.from(rows, (r) => r[1]),
    rating: Float32Array.from(rows, (r) => r[2]),
    timestamp: Float64Array.from(rows, (_, k) => k),
  };
  const rowsOf = (role: Role) => Int32Array.from(rows.flatMap((r, k) => (r[3] === role ? [k] : [])));
  return { table, split: { train: rowsOf('train'), validation: rowsOf('validation'), test: rowsOf('test') } };
}

export function fourByThree(): { table: InteractionTable; split: Split } {
  return tableFromRows(ROWS);
}

export type { Row };
