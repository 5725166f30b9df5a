import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random.ts';
import { leaveOneOutByTime, randomSplit, selectRows } from './splits.ts';
import type { InteractionTable } from './types.ts';

function table(rows: [user: number, timestamp: number][]): InteractionTable {
  return {
    length: rows.length,
    user: Int32Array.from(rows.map((r) => r[0])),
    item: Int32Array.from(rows.map((_, k) => 100 + k)),
    rating: Float32Array.from(rows.map((_, k) => k / 2)),
    timestamp: Float64Array.from(rows.map((r) => r[1])),
  };
}

describe('leaveOneOutByTime', () => {
  it('takes each user\'s latest row as test and the one before as validation; ties by row order', () => {
    const t = table([
      [0, 10], // r0
      [0, 30], // r1  tie with r4 at 30: r4 comes later in the file, so r4 is the latest
      [1, 5], //  r2
      [0, 20], // r3
      [0, 30], // r4
      [1, 7], //  r5  tie with r7
      [2, 1], //  r6  user 2 has one row: training only
      [1, 7], //  r7
      [3, 100], // r8 user 3 has two rows: test r8, train r9, no validation
      [3, 50], // r9
    ]);
    // user 0 order r0(10) r3(20) r1(30) r4(30); user 1 r2(5) r5(7) r7(7); user 3 r9(50) r8(100).
    const split = leaveOneOutByTime(t);
    expect([...split.train]).toEqual([0, 2, 3, 6, 9]);
    expect([...split.validation]).toEqual([1, 5]);
    expect([...split.test]).toEqual([4, 7, 8]);
  });

  it('handles an empty table', () => {
    const split = leaveOneOutByTime(table([]));
    expect([split.train.length, split.validation.length, split.test.length]).toEqual([0, 0, 0]);
  });
});

describe('randomSplit', () => {
  const big = table(Array.from({ length: 1000 }, (_, k) => [k % 7, k] as [number, number]));

  it('takes round(fraction · n) rows for test and validation, disjoint, covering every row', () => {
    const split = randomSplit(big, { test: 0.2, validation: 0.15, seed: 7 });
    expect([split.test.length, split.validation.length, split.train.length]).toEqual([200, 150, 650]);
    const all = [...split.train, ...split.validation, ...split.test].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 1000 }, (_, k) => k));
    for (const part of [split.train, split.validation, split.test]) {
      expect([...part]).toEqual([...part].sort((a, b) => a - b));
    }
  });

  it('is reproducible with a seed and differs between seeds', () => {
    const a = randomSplit(big, { test: 0.1, validation: 0.1, seed: 42 });
    const b = randomSplit(big, { test: 0.1, validation: 0.1, seed: 42 });
    const c = randomSplit(big, { test: 0.1, validation: 0.1, seed: 43 });
    expect(a).toEqual(b);
    expect([...c.test]).not.toEqual([...a.test]);
  });

  it('rejects fractions that leave no training data, and non-integer seeds', () => {
    expect(() => randomSplit(big, { test: 1, validation: 0, seed: 1 })).toThrow(/test is 1/);
    expect(() => randomSplit(big, { test: 0.6, validation: 0.5, seed: 1 })).toThrow(/keep the sum below 1/);
    expect(() => randomSplit(big, { test: Number.NaN, validation: 0, seed: 1 })).toThrow(/CONFIG_INVALID|fraction/);
    expect(() => randomSplit(big, { test: 0.1, validation: 0, seed: 1.5 })).toThrow(/integer/);
  });

  it('draws uniform-looking numbers from mulberry32 (mean ≈ 0.5, all in [0, 1))', () => {
    const random = mulberry32(123);
    let sum = 0;
    let outside = 0;
    for (let k = 0; k < 100_000; k++) {
      const x = random();
      if (!(x >= 0 && x < 1)) outside++;
      sum += x;
    }
    expect(outside).toBe(0);
    expect(Math.abs(sum / 100_000 - 0.5)).toBeLessThan(0.01);
  });
});

describe('selectRows', () => {
  it('copies the given rows in the given order', () => {
    const t = table([
      [0, 10],
      [1, 20],
      [2, 30],
    ]);
    const s = selectRows(t, Int32Array.from([2, 0]));
    expect(s.length).toBe(2);
    expect([...s.user]).toEqual([2, 0]);
    expect([...s.item]).toEqual([102, 100]);
    expect([...s.rating]).toEqual([1, 0]);
    expect([...s.timestamp]).toEqual([30, 10]);
    expect(() => selectRows(t, Int32Array.from([3]))).toThrow(/outside the table/);
  });
});
