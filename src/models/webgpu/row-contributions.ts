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

/** Slots and codes of a BPR batch in the reference's order: per sample its user, positive, negative. */
export function bprContributions(batch: BprStepBatch, slots: { user: Int32Array; positive: Int32Array; negative: Int32Array }, unique: Int32Array): RowContributions {
  const n = batch.user.length;
  const slotList = new Int32Array(3 * n);
  const codes = new Uint32Array(3 * n);
  for (let k = 0; k < n; k++) {
    slotList[3 * k] = slots.user[k]!;
    slotList[3 * k + 1] = slots.positive[k]!;
    slotList[3 * k + 2] = slots.negative[k]!;
    codes[3 * k] = contributionCode(k, ROLE.user);
    codes[3 * k + 1] = contributionCode(k, ROLE.item);
    codes[3 * k + 2] = contributionCode(k, ROLE.negativeItem);
  }
  return groupBySlot(slotList, codes, unique);
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
