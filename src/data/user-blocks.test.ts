import { describe, expect, it } from 'vitest';
import { RecError } from '../errors.ts';
import { canonicalOrder } from './check-dataset.ts';
import { tinyDataset } from '../../tests/helpers/data/test-dataset.ts';
import { historyFromBlock, TableBuilder, userBlocks } from './user-blocks.ts';

// tinyDataset rows: (1,2,4.5,300) (0,1,3,200) (2,0,NaN,50) (0,0,5,100) (1,0,2,400)
function tinyBlocks() {
  const t = tinyDataset().interactions;
  return [...userBlocks(t, canonicalOrder(t, 3, 4))];
}

describe('userBlocks', () => {
  it('makes one block per user, items ascending, columns aligned with items', () => {
    const blocks = tinyBlocks();
    expect(blocks.map((b) => b.user)).toEqual([0, 1, 2]);
    expect(blocks[0]).toEqual({
      user: 0,
      items: [0, 1],
      ratings: Float32Array.from([5, 3]),
      timestamps: Float64Array.from([100, 200]),
    });
    expect(blocks[1]).toEqual({
      user: 1,
      items: [0, 2],
      ratings: Float32Array.from([2, 4.5]),
      timestamps: Float64Array.from([400, 300]),
    });
    expect(blocks[2]!.items).toEqual([0]);
    expect(Number.isNaN(blocks[2]!.ratings[0])).toBe(true);
    expect(blocks[2]!.timestamps[0]).toBe(50);
  });

  it('gives items as a real Array (for the multiEntry index) and columns their own buffers', () => {
    const [first] = tinyBlocks();
    expect(Array.isArray(first!.items)).toBe(true);
    // IndexedDB clones a typed array's whole buffer: a view into a shared one would store all rows.
    expect(first!.ratings.buffer.byteLength).toBe(2 * 4);
    expect(first!.timestamps.buffer.byteLength).toBe(2 * 8);
  });

  it('skips users without interactions and yields nothing for an empty table', () => {
    const t = {
      length: 2,
      user: Int32Array.from([3, 0]),
      item: Int32Array.from([1, 1]),
      rating: Float32Array.from([1, 2]),
      timestamp: Float64Array.from([7, 8]),
    };
    expect([...userBlocks(t, canonicalOrder(t, 4, 2))].map((b) => [b.user, b.items])).toEqual([
      [0, [1]],
      [3, [1]],
    ]);
    const empty = { ...t, length: 0 };
    expect([...userBlocks(empty, new Int32Array(0))]).toEqual([]);
  });
});

describe('TableBuilder', () => {
  it('rebuilds the table in (user, item) order from blocks', () => {
    const builder = new TableBuilder(5);
    for (const block of tinyBlocks()) builder.add(block);
    const t = builder.finish();
    expect(t.length).toBe(5);
    expect(Array.from(t.user)).toEqual([0, 0, 1, 1, 2]);
    expect(Array.from(t.item)).toEqual([0, 1, 0, 2, 0]);
    expect(Array.from(t.rating)).toEqual([5, 3, 2, 4.5, Number.NaN]);
    expect(Array.from(t.timestamp)).toEqual([100, 200, 400, 300, 50]);
  });

  it('reports a store whose blocks do not add up to the stored count', () => {
    const tooFew = new TableBuilder(6);
    for (const block of tinyBlocks()) tooFew.add(block);
    expect(() => tooFew.finish()).toThrow(RecError);
    expect(() => tooFew.finish()).toThrow(/says 6 interactions but the store holds only 5\. Import the dataset again/);

    const tooMany = new TableBuilder(3);
    const [first, second] = tinyBlocks();
    tooMany.add(first!);
    expect(() => tooMany.add(second!)).toThrow(expect.objectContaining({ code: 'STORE_UNAVAILABLE' }));
  });
});

describe('historyFromBlock', () => {
  it('lists interactions oldest first, ties by item, null for a missing rating', () => {
    const [, user1, user2] = tinyBlocks();
    expect(historyFromBlock(user1!)).toEqual([
      { user: 1, item: 2, rating: 4.5, timestamp: 300 },
      { user: 1, item: 0, rating: 2, timestamp: 400 },
    ]);
    expect(historyFromBlock(user2!)).toEqual([{ user: 2, item: 0, rating: null, timestamp: 50 }]);
    const tied = { user: 4, items: [1, 3, 5], ratings: Float32Array.from([1, 2, 3]), timestamps: Float64Array.from([9, 5, 5]) };
    expect(historyFromBlock(tied).map((r) => r.item)).toEqual([3, 5, 1]);
  });
});
