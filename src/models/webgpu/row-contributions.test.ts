import { describe, expect, it } from 'vitest';
import { RowDeduper } from '../batch-rows.ts';
import { bprContributions, contributionCode, groupBySlot } from './row-contributions.ts';
import { ROLE } from './wgsl/train-step.wgsl.ts';

describe('per-row contribution lists (CSR) for the fused step', () => {
  it('groups codes by slot, stably, and appends the slots\' table rows', () => {
    const { rowIndex, contributions } = groupBySlot(Int32Array.of(1, 0, 1, 2, 1), Uint32Array.of(10, 11, 12, 13, 14), Int32Array.of(7, 3, 9));
    // Slot 0 has one contribution, slot 1 three, slot 2 one; then the rows 7, 3, 9.
    expect(Array.from(rowIndex)).toEqual([0, 1, 4, 5, 7, 3, 9]);
    expect(Array.from(contributions)).toEqual([11, 10, 12, 14, 13]);
  });

  it('lists a BPR batch per row in the reference\'s order: per sample its user, positive, negative', () => {
    // Users 0, 0; items (rows after 2 users) 0→2, 1→3; sample 1's positive equals its negative.
    const batch = { user: Int32Array.of(0, 0), positive: Int32Array.of(0, 1), negative: Int32Array.of(1, 1), itemOffset: 2 };
    const { unique, local } = new RowDeduper(4).dedupe(batch.user, Int32Array.of(2, 3), Int32Array.of(3, 3));
    const { rowIndex, contributions } = bprContributions(batch, { user: local[0]!, positive: local[1]!, negative: local[2]! }, unique);
    expect(Array.from(unique)).toEqual([0, 2, 3]);
    expect(Array.from(rowIndex)).toEqual([0, 2, 3, 6, 0, 2, 3]);
    expect(Array.from(contributions)).toEqual([
      contributionCode(0, ROLE.user), contributionCode(1, ROLE.user),
      contributionCode(0, ROLE.item),
      contributionCode(0, ROLE.negativeItem), contributionCode(1, ROLE.item), contributionCode(1, ROLE.negativeItem),
    ]);
  });
});
