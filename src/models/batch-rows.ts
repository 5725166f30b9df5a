/**
 * Maps the table rows a batch touches to compact slots 0..unique-1. The training step gathers
 * each touched row once, computes per-sample gradients, sums them per slot, and updates only
 * those rows; `local` says which slot each sample's row landed in.
 *
 * A stamp array (not a Set or Map) keeps this O(batch) with no allocation per batch beyond the output.
 */
export interface DedupedRows {
  /** Distinct table rows, in first-seen order. */
  unique: Int32Array;
  /** For each input list, the slot of each entry in `unique`. */
  local: Int32Array[];
}

export class RowDeduper {
  private readonly stamp: Int32Array;
  private readonly slot: Int32Array;
  private generation = 0;

  constructor(rows: number) {
    this.stamp = new Int32Array(rows);
    this.slot = new Int32Array(rows);
  }

  dedupe(...lists: Int32Array[]): DedupedRows {
    const g = ++this.generation;
    let total = 0;
    for (const list of lists) total += list.length;
    const unique = new Int32Array(total);
    let count = 0;
    const local = lists.map((list) => {
      const out = new Int32Array(list.length);
      for (let k = 0; k < list.length; k++) {
        const row = list[k]!;
        if (this.stamp[row] !== g) {
          this.stamp[row] = g;
          this.slot[row] = count;
          unique[count++] = row;
        }
        out[k] = this.slot[row]!;
      }
      return out;
    });
    return { unique: unique.slice(0, count), local };
  }
}
