/**
 * Conversions between the columnar InteractionTable and the store's per-user blocks
 * (UserInteractionsRecord, one IndexedDB record per user; see db.ts for why).
 */
import { RecError } from '../errors.ts';
import type { UserInteractionsRecord } from './db.ts';
import type { InteractionRecord, InteractionTable } from './types.ts';

/**
 * One block per user that has interactions, in user order, items ascending.
 * `order` is the table's canonical (user, item) row order (checkDataset / canonicalOrder).
 * Every block owns fresh arrays: a subarray would make IndexedDB clone its whole buffer.
 */
export function* userBlocks(table: InteractionTable, order: Int32Array): Generator<UserInteractionsRecord> {
  let start = 0;
  while (start < order.length) {
    const user = table.user[order[start]!]!;
    let end = start + 1;
    while (end < order.length && table.user[order[end]!] === user) end++;
    const size = end - start;
    const items = new Array<number>(size);
    const ratings = new Float32Array(size);
    const timestamps = new Float64Array(size);
    for (let k = 0; k < size; k++) {
      const r = order[start + k]!;
      items[k] = table.item[r]!;
      ratings[k] = table.rating[r]!;
      timestamps[k] = table.timestamp[r]!;
    }
    yield { user, items, ratings, timestamps };
    start = end;
  }
}

/** Refills an InteractionTable of known length from blocks read back in user order. */
export class TableBuilder {
  readonly table: InteractionTable;
  private filled = 0;

  constructor(length: number) {
    this.table = {
      length,
      user: new Int32Array(length),
      item: new Int32Array(length),
      rating: new Float32Array(length),
      timestamp: new Float64Array(length),
    };
  }

  add(block: UserInteractionsRecord): void {
    const size = block.items.length;
    const at = this.filled;
    if (at + size > this.table.length) throw this.inconsistent(`more (${at + size} so far)`);
    this.table.user.fill(block.user, at, at + size);
    this.table.item.set(block.items, at);
    this.table.rating.set(block.ratings, at);
    this.table.timestamp.set(block.timestamps, at);
    this.filled = at + size;
  }

  /** The table; throws if the blocks held fewer interactions than announced. */
  finish(): InteractionTable {
    if (this.filled !== this.table.length) throw this.inconsistent(`only ${this.filled}`);
    return this.table;
  }

  private inconsistent(found: string): RecError {
    // Meta and blocks are only written together, in one transaction: a mismatch means the
    // database was changed by something else (devtools, another app version).
    return new RecError(
      'STORE_UNAVAILABLE',
      `The stored dataset is inconsistent: its description says ${this.table.length} interactions but the store holds ` +
        `${found}. Import the dataset again.`,
    );
  }
}

/** A block as one record per interaction, oldest first (ties by item index). */
export function historyFromBlock(block: UserInteractionsRecord): InteractionRecord[] {
  const history = block.items.map((item, k): InteractionRecord => {
    const rating = block.ratings[k]!;
    return { user: block.user, item, rating: Number.isNaN(rating) ? null : rating, timestamp: block.timestamps[k]! };
  });
  return history.sort((a, b) => a.timestamp - b.timestamp || a.item - b.item);
}
