import { describe, expect, it } from 'vitest';
import { tinyTable } from '../../../tests/helpers/models/tiny-table.ts';
import { Random } from '../../random.ts';
import { packScoringBatch, packTrainingBatch, trainingWindows, windowRows } from './packed-batch.ts';
import { lastItems, sequenceOf, userSequences } from './user-sequences.ts';

// User 0: items 5, 3, 9, 1 in time order (rows listed out of order); user 1: item 2 only; user 2: none.
const table = tinyTable([
  [0, 9, 4, 30],
  [0, 3, 5, 20],
  [1, 2, 3, 5],
  [0, 5, 4, 10],
  [0, 1, 2, 40],
]);
const all = Int32Array.of(0, 1, 2, 3, 4);

describe('user sequences', () => {
  it('orders each user’s items by time, ties by row', () => {
    const s = userSequences(table, all, 3);
    expect(Array.from(sequenceOf(s, 0))).toEqual([5, 3, 9, 1]);
    expect(Array.from(sequenceOf(s, 1))).toEqual([2]);
    expect(Array.from(sequenceOf(s, 2))).toEqual([]);
    const tied = tinyTable([[0, 7, 1, 1], [0, 8, 1, 1]]);
    expect(Array.from(sequenceOf(userSequences(tied, Int32Array.of(0, 1), 1), 0))).toEqual([7, 8]);
    expect(Array.from(sequenceOf(lastItems(s, 2), 0))).toEqual([9, 1]);
  });

  it('refuses a user outside the count', () => {
    expect(() => userSequences(table, all, 1)).toThrow(expect.objectContaining({ code: 'UNKNOWN_USER' }));
  });
});

describe('training windows', () => {
  const s = userSequences(table, all, 3);

  it("'last': one window per user with a transition, the newest maxLen inputs", () => {
    const w = trainingWindows(s, 2, 'last');
    expect(Array.from(w.user)).toEqual([0]);
    expect(Array.from(w.end)).toEqual([3]);
    expect(Array.from(w.length)).toEqual([2]);
    expect(windowRows(w)).toBe(2);
  });

  it("'all': every transition once, windows cut from the end", () => {
    const w = trainingWindows(s, 2, 'all');
    expect(Array.from(w.length)).toEqual([2, 1]);
    expect(Array.from(w.end)).toEqual([3, 1]);
    expect(windowRows(w)).toBe(3);
  });

  it('packs inputs, next items, right-aligned positions and negatives the user has not seen', () => {
    const w = trainingWindows(s, 3, 'last');
    const batch = packTrainingBatch(s, w, Int32Array.of(0), 0, 1, 4, () => 6);
    // Inputs 5, 3, 9 predict 3, 9, 1; embedding rows are item + 1; positions end at maxLen − 1.
    expect(Array.from(batch.input)).toEqual([6, 4, 10]);
    expect(Array.from(batch.positive!)).toEqual([4, 10, 2]);
    expect(Array.from(batch.position)).toEqual([1, 2, 3]);
    expect(Array.from(batch.negative!)).toEqual([7, 7, 7]);
    expect(Array.from(batch.seqStart)).toEqual([0, 3]);
  });

  it('scores from the last maxLen items, an empty sequence empty', () => {
    const batch = packScoringBatch(s, Int32Array.of(2, 0, 1), 3);
    expect(Array.from(batch.seqStart)).toEqual([0, 0, 3, 4]);
    expect(Array.from(batch.input)).toEqual([4, 10, 2, 3]);
    expect(Array.from(batch.position)).toEqual([0, 1, 2, 2]);
  });

  it('is a permutation of the windows for a seed', async () => {
    const { shuffledOrder } = await import('./packed-batch.ts');
    const a = shuffledOrder(10, new Random(1));
    expect(Array.from(a).sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Array.from(shuffledOrder(10, new Random(1)))).toEqual(Array.from(a));
  });
});
