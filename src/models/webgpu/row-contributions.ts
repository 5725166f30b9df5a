/**
 * What the fused GPU step needs from the host to sum gradients per row WITHOUT float atomics:
 * for each distinct row the batch touches (its slot, from `RowDeduper`), the list of
 * contributions to it, as a CSR table. The list keeps the order the contributions were given in,
 * which the callers make the JavaScript reference's order (sample by sample: user, positive,
 * negative; or user, item, then the sample's attribute entries), so a row's float32 sum adds the
 * same terms in the same order as the reference.
 *
 * `rowIndex` is what the GPU reads (wgsl/train-step.wgsl.ts ROW_ADAM_WGSL): slots + 1 start
 * offsets into `contributions`, then the slots' table rows.
 */
import { ROLE } from './wgsl/train-step.wgsl.ts';
import type { BprStepBatch } from '../bpr-step.ts';
import type { RatingBatch } from '../rating-step.ts';

export interface RowContributions {
  rowIndex: Uint32Array;
  contributions: Uint32Array;
}

/** A contribution code: (index << 2) | role; index is a sample or, for attributes, an entry. */
export function contributionCode(index: number, role: number): number {
  return ((index << 2) | role) >>> 0;
}

/**
 * Groups `codes[n]` by `slots[n]` (each in 0..unique-1), stably: a counting sort, O(n + unique).
 * `rows[s]` is slot s's table row.
 */
export function groupBySlot(slots: Int32Array, codes: Uint32Array, rows: Int32Array): RowContributions {
  const unique = rows.length;
  const rowIndex = new Uint32Array(2 * unique + 1);
  for (let n = 0; n < slots.length; n++) rowIndex[slots[n]! + 1]!++;
  for (let s = 0; s < unique; s++) rowIndex[s + 1] = rowIndex[s + 1]! + rowIndex[s]!;
  const next = rowIndex.slice(0, unique);
  const contributions = new Uint32Array(slots.length);
  for (let n = 0; n < slots.length; n++) contributions[next[slots[n]!]!++] = codes[n]!;
  rowIndex.set(rows, unique + 1);
  return { rowIndex, contributions };
}

/**
 * A BPR step's host-side lists, built in three passes over the batch into arrays kept from step to
 * step (a step runs ~25 times per epoch and used to allocate ~20 arrays of the batch's size):
 * the samples as table rows (user, positive, negative), and each distinct row's contributions in
 * the reference's order (per sample its user, positive, negative). Rows are deduplicated with a
 * stamp per table row, as `RowDeduper` does.
 */
export class BprStepLists {
  private readonly stamp: Int32Array;
  private readonly slot: Int32Array;
  private generation = 0;
  private samples = new Uint32Array(0);
  private slotOf = new Int32Array(0);
  private counts = new Uint32Array(0);
  private uniqueRows = new Int32Array(0);
  private rowIndex = new Uint32Array(0);
  private contributions = new Uint32Array(0);

  constructor(readonly tableRows: number) {
    this.stamp = new Int32Array(tableRows);
    this.slot = new Int32Array(tableRows);
  }

  /** The lists of `batch` (its indices already checked: checkBprBatch). Views, valid until the next call. */
  build(batch: BprStepBatch): { samples: Uint32Array; lists: RowContributions } {
    const n = batch.user.length;
    const m = 3 * n;
    if (this.samples.length < m) {
      this.samples = new Uint32Array(m);
      this.slotOf = new Int32Array(m);
      this.counts = new Uint32Array(m);
      this.uniqueRows = new Int32Array(m);
      this.rowIndex = new Uint32Array(2 * m + 1);
      this.contributions = new Uint32Array(m);
    }
    if (this.generation === 0x7fffffff) {
      this.stamp.fill(0);
      this.generation = 0;
    }
    const g = ++this.generation;
    const { stamp, slot, samples, slotOf, counts, uniqueRows, rowIndex, contributions } = this;
    const { user, positive, negative, itemOffset } = batch;
    let unique = 0;
    // Pass 1: table rows, slots (first seen, first slot) and each slot's count.
    for (let k = 0; k < n; k++) {
      samples[3 * k] = user[k]!;
      samples[3 * k + 1] = positive[k]! + itemOffset;
      samples[3 * k + 2] = negative[k]! + itemOffset;
      for (let at = 3 * k; at < 3 * k + 3; at++) {
        const row = samples[at]!;
        if (stamp[row] !== g) {
          stamp[row] = g;
          slot[row] = unique;
          uniqueRows[unique] = row;
          counts[unique++] = 0;
        }
        const s = slot[row]!;
        slotOf[at] = s;
        counts[s]!++;
      }
    }
    // Pass 2: start offsets; counts become each slot's cursor.
    rowIndex[0] = 0;
    for (let s = 0; s < unique; s++) {
      rowIndex[s + 1] = rowIndex[s]! + counts[s]!;
      counts[s] = rowIndex[s]!;
      rowIndex[unique + 1 + s] = uniqueRows[s]!;
    }
    // Pass 3: contributions in sample order; role = position within the sample (user, item, negative item).
    for (let at = 0; at < m; at++) {
      const k = (at / 3) | 0;
      contributions[counts[slotOf[at]!]!++] = contributionCode(k, at - 3 * k);
    }
    return {
      samples: samples.subarray(0, m),
      lists: { rowIndex: rowIndex.subarray(0, 2 * unique + 1), contributions: contributions.subarray(0, m) },
    };
  }
}

/** Slots and codes of a rating batch in the reference's order: per sample its user, its item, then its attribute entries. */
export function ratingContributions(batch: RatingBatch): RowContributions {
  const n = batch.user.length;
  const entries = batch.entrySample.length;
  const slotList = new Int32Array(2 * n + entries);
  const codes = new Uint32Array(2 * n + entries);
  let at = 0;
  let e = 0;
  for (let k = 0; k < n; k++) {
    slotList[at] = batch.userSlot[k]!;
    codes[at++] = contributionCode(k, ROLE.user);
    slotList[at] = batch.itemSlot[k]!;
    codes[at++] = contributionCode(k, ROLE.item);
    for (; e < entries && batch.entrySample[e] === k; e++) {
      slotList[at] = batch.attributeSlot[e]!;
      codes[at++] = contributionCode(e, ROLE.attribute);
    }
  }
  return groupBySlot(slotList, codes, batch.unique);
}
