/**
 * Consistency checks run before a dataset is written: the store would otherwise silently
 * collapse repeated indices into one record or keep a (user, item) pair twice, or a unique
 * index would abort the write with a bare ConstraintError.
 */
import { RecError } from '../errors.ts';
import type { Dataset, InteractionTable } from './types.ts';

/**
 * Row order sorted by (user, item): the order IndexedDB keeps interactions in (one record per
 * user, items ascending; see UserInteractionsRecord in db.ts). Throws a typed error on an
 * out-of-range index or a repeated (user, item) pair, which would otherwise be stored twice.
 */
export function canonicalOrder(table: InteractionTable, userCount: number, itemCount: number): Int32Array {
  const n = table.length;
  const key = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const u = table.user[r]!;
    const i = table.item[r]!;
    if (!(u >= 0 && u < userCount) || !(i >= 0 && i < itemCount)) {
      throw new RecError(
        'IMPORT_BAD_ROW',
        `Interaction row ${r} refers to user ${u} / item ${i}, outside 0..${userCount - 1} / 0..${itemCount - 1}. ` +
          'The dataset is inconsistent; re-import it from its files.',
      );
    }
    key[r] = u * itemCount + i;
  }
  const order = new Int32Array(n);
  for (let r = 0; r < n; r++) order[r] = r;
  order.sort((a, b) => key[a]! - key[b]!);
  for (let k = 1; k < n; k++) {
    if (key[order[k]!] === key[order[k - 1]!]) {
      const r = order[k]!;
      throw new RecError(
        'IMPORT_DUPLICATE_RATING',
        `User index ${table.user[r]} has more than one interaction with item index ${table.item[r]} ` +
          `(rows ${order[k - 1]} and ${r}). Keep one row per (user, item) pair and import again.`,
      );
    }
  }
  return order;
}


/** Users and items must have dense indices 0..n-1 in array order and unique ids. */
export function checkRecords(records: ReadonlyArray<{ index: number; id: string }>, kind: 'user' | 'item'): void {
  const seen = new Map<string, number>();
  records.forEach((record, position) => {
    if (record.index !== position) {
      throw new RecError(
        'IMPORT_BAD_ROW',
        `The ${kind} at position ${position} (id "${record.id}") has index ${record.index}; indices must be 0..n-1 in order. ` +
          'Re-import the dataset from its files.',
      );
    }
    const previous = seen.get(record.id);
    if (previous !== undefined) {
      throw new RecError(
        'IMPORT_BAD_ROW',
        `The ${kind} id "${record.id}" appears twice (indices ${previous} and ${position}). Give each ${kind} one row and import again.`,
      );
    }
    seen.set(record.id, position);
  });
}

/** Checks the whole dataset and returns its canonical interaction order. */
export function checkDataset(dataset: Dataset): Int32Array {
  checkRecords(dataset.users, 'user');
  checkRecords(dataset.items, 'item');
  return canonicalOrder(dataset.interactions, dataset.users.length, dataset.items.length);
}
