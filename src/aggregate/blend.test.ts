import { describe, expect, it } from 'vitest';
import { blendRanking, blendRating, positionUtility } from './blend.ts';
import { AggregationError } from './aggregate-error.ts';

// MF candidates best first: positions 1..4 → U_MF = −1, −2, −3, −4.
const MF = [
  { item: 10, score: 4 },
  { item: 20, score: 3 },
  { item: 30, score: 2 },
  { item: 40, score: 1 },
];
const items = (list: { item: number }[]) => list.map((x) => x.item);

describe('blendRanking', () => {
  it('position utility is −s·C with C = 1', () => {
    expect(positionUtility(1)).toBe(-1);
    expect(positionUtility(7)).toBe(-7);
  });

  it('blends a partial LLM order with hand-computed utilities', () => {
    // LLM placed 40 (pos 1) and 30 (pos 2); 10 and 20 unplaced → share position m+1 = 3.
    // α = 0.75: U = 0.75·U_LLM + 0.25·U_MF
    //   10: 0.75·(−3) + 0.25·(−1) = −2.5     20: 0.75·(−3) + 0.25·(−2) = −2.75
    //   30: 0.75·(−2) + 0.25·(−3) = −2.25    40: 0.75·(−1) + 0.25·(−4) = −1.75
    const out = blendRanking(MF, [40, 30], 0.75);
    expect(items(out)).toEqual([40, 30, 10, 20]);
    expect(out.map((x) => x.finalScore)).toEqual([-1.75, -2.25, -2.5, -2.75]);
    expect(out[0]).toEqual({ item: 40, mfScore: 1, mfPosition: 4, llmScore: -1, llmPosition: 1, alpha: 0.75, finalScore: -1.75 });
    expect(out[2]).toEqual({ item: 10, mfScore: 4, mfPosition: 1, llmScore: -3, llmPosition: null, alpha: 0.75, finalScore: -2.5 });
  });

  it('counts only the first P names when the LLM was asked for its top P', () => {
    // P = 1: only 40 is placed (1st); 10, 20, 30 share position 2. α = 0.75:
    //   10: 0.75·(−2) + 0.25·(−1) = −1.75   20: −1.5 − 0.5 = −2   30: −1.5 − 0.75 = −2.25
    //   40: 0.75·(−1) + 0.25·(−4) = −1.75 → ties with 10, which wins on MF position.
    const out = blendRanking(MF, [40, 30, 20], 0.75, { llmPlaces: 1 });
    expect(items(out)).toEqual([10, 40, 20, 30]);
    expect(out.find((x) => x.item === 30)).toMatchObject({ llmPosition: null, llmScore: -2 });
    expect(() => blendRanking(MF, [40], 0.75, { llmPlaces: 0 })).toThrow(/llmPlaces/);
  });

  it('ignores items the LLM made up and repeats', () => {
    expect(blendRanking(MF, [99, 40, 40, 30], 0.75)).toEqual(blendRanking(MF, [40, 30], 0.75));
  });

  it('breaks ties by MF position', () => {
    // α = 0.5, LLM reverses the list: every U = 0.5·(−(5−s)) + 0.5·(−s) = −2.5 → MF order.
    expect(items(blendRanking(MF, [40, 30, 20, 10], 0.5))).toEqual([10, 20, 30, 40]);
    // α = 0.1, k' = 4, swap of neighbours: 0.1·(−1)+0.9·(−2) = −1.9 vs 0.1·(−2)+0.9·(−1) = −1.1: MF wins.
    expect(items(blendRanking(MF, [20, 10, 30, 40], 0.1))).toEqual([10, 20, 30, 40]);
  });

  it('α = 0 keeps MF order, α = 1 follows the LLM (MF order among the unplaced)', () => {
    expect(items(blendRanking(MF, [40, 30, 20, 10], 0))).toEqual([10, 20, 30, 40]);
    expect(items(blendRanking(MF, [40, 30, 20, 10], 1))).toEqual([40, 30, 20, 10]);
    expect(items(blendRanking(MF, [30], 1))).toEqual([30, 10, 20, 40]);
  });

  it('without an LLM answer returns MF order with null LLM parts', () => {
    const out = blendRanking(MF, null, 0.6);
    expect(items(out)).toEqual([10, 20, 30, 40]);
    expect(out.every((x) => x.llmScore === null && x.llmPosition === null && x.alpha === 0.6)).toBe(true);
    expect(out.map((x) => x.finalScore)).toEqual([-1, -2, -3, -4]);
  });

  it('rejects bad input with a typed error that says what to fix', () => {
    expect(() => blendRanking(MF, null, 1.2)).toThrow(AggregationError);
    expect(() => blendRanking([MF[1]!, MF[0]!], null, 0.5)).toThrow(/sort by score descending/);
    expect(() => blendRanking([MF[0]!, MF[0]!], null, 0.5)).toThrow(/twice/);
    expect(() => blendRanking([{ item: 1, score: Number.NaN }], null, 0.5)).toThrow(/non-finite/);
  });
});

describe('blendRating', () => {
  it('blends directly: 0.25·4.0 + 0.75·3.2 = 3.4', () => {
    const r = blendRating(3.2, 4.0, 0.25);
    expect(r.finalScore).toBeCloseTo(3.4, 12);
    expect(r).toMatchObject({ mfScore: 3.2, llmScore: 4.0, alpha: 0.25 });
  });

  it('falls back to MF when the LLM gave no rating', () => {
    expect(blendRating(3.2, null, 0.9)).toEqual({ mfScore: 3.2, llmScore: null, alpha: 0.9, finalScore: 3.2 });
    expect(blendRating(3.2, Number.NaN, 0.9).finalScore).toBe(3.2);
  });
});
