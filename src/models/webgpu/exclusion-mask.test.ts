import { describe, expect, it } from 'vitest';
import { exclusionMask } from './exclusion-mask.ts';

describe('exclusion mask for the GPU query kernels', () => {
  it('sets one bit per excluded item, per user row, from a list, a set or a predicate', () => {
    const mask = exclusionMask(40, [Int32Array.of(0, 33, 33), new Set([31]), (i) => i % 20 === 1, undefined]);
    expect(mask.words).toBe(2);
    expect(Array.from(mask.bits)).toEqual([1, 2, 0x80000000, 0, 2 | (1 << 21), 0, 0, 0]);
  });

  it('ignores items outside the catalogue instead of setting another row\'s bits', () => {
    const mask = exclusionMask(32, [Int32Array.of(32, -1, 5)]);
    expect(Array.from(mask.bits)).toEqual([1 << 5]);
  });
});
