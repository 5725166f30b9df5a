import { describe, expect, it } from 'vitest';
import { BprStepLists, contributionCode, groupBySlot } from './row-contributions.ts';
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
    const lists = new BprStepLists(4);
    const batch = { user: Int32Array.of(0, 0), positive: Int32Array.of(0, 1), negative: Int32Array.of(1, 1), itemOffset: 2 };
    const { samples, lists: built } = lists.build(batch);
    expect(Array.from(samples)).toEqual([0, 2, 3, 0, 3, 3]);
    // Distinct rows 0, 2, 3 (first seen first); their starts 0, 2, 3, 6; then the rows.
    expect(Array.from(built.rowIndex)).toEqual([0, 2, 3, 6, 0, 2, 3]);
    expect(Array.from(built.contributions)).toEqual([
      contributionCode(0, ROLE.user), contributionCode(1, ROLE.user),
      contributionCode(0, ROLE.item),
      contributionCode(0, ROLE.negativeItem), contributionCode(1, ROLE.item), contributionCode(1, ROLE.negativeItem),
    ]);
    // The arrays are reused: a smaller batch next gives only its own lists.
    const second = lists.build({ user: Int32Array.of(1), positive: Int32Array.of(1), negative: Int32Array.of(0), itemOffset: 2 });
    expect(Array.from(second.lists.rowIndex)).toEqual([0, 1, 2, 3, 1, 3, 2]);
    expect(Array.from(second.lists.contributions)).toEqual([contributionCode(0, ROLE.user), contributionCode(0, ROLE.item), contributionCode(0, ROLE.negativeItem)]);
  });
});
