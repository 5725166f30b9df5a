import { describe, expect, it } from 'vitest';
import { blendRanking } from './blend.ts';
import { countSkippedCalls, llmCanChangeRanking, skipThreshold, usersNeedingLlm } from './skip-llm.ts';

/** Every answer an LLM could give over `items`: all ordered subsets (partial lists included). */
function allAnswers(items: number[]): number[][] {
  const out: number[][] = [[]];
  const extend = (prefix: number[]) => {
    for (const it of items) {
      if (prefix.includes(it)) continue;
      const next = [...prefix, it];
      out.push(next);
      extend(next);
    }
  };
  extend([]);
  return out;
}

describe('skip rule: the LLM can change the list iff α > 1/(min(P, k\'−1) + 1)', () => {
  it('enumerates all answers (sanity: 326 ordered subsets of 5 items)', () => {
    expect(allAnswers([1, 2, 3, 4, 5]).length).toBe(326);
  });

  it('agrees with brute force over every LLM answer for k\' ≤ 5, every P and k, many α', () => {
    const alphas = new Set<number>();
    for (let i = 0; i <= 100; i++) alphas.add(i / 100);
    for (const a of [0.1, 0.3, 0.5, 0.7, 0.9]) for (const b of [0.1, 0.3, 0.5, 0.7, 0.9]) alphas.add(a * b);
    for (let kp = 2; kp <= 5; kp++) alphas.add(1 / kp).add(1 / kp + 1e-6).add(1 / kp - 1e-6);

    let checked = 0;
    for (let kPrime = 1; kPrime <= 5; kPrime++) {
      // Descending MF scores; items numbered so that item ≠ position.
      const mf = Array.from({ length: kPrime }, (_, s) => ({ item: 100 + 7 * s, score: kPrime - s }));
      // Answers of every length, also longer than P (the blend ignores names beyond P).
      const answers = allAnswers(mf.map((c) => c.item));
      for (let places = 1; places <= kPrime; places++) {
        for (const alpha of alphas) {
          const rule = llmCanChangeRanking(alpha, kPrime, places);
          for (let k = 1; k <= kPrime; k++) {
            const mfTop = mf.slice(0, k).map((c) => c.item);
            let orderChanged = false;
            let setChanged = false;
            for (const answer of answers) {
              const top = blendRanking(mf, answer, alpha, { llmPlaces: places }).slice(0, k).map((x) => x.item);
              if (top.join() !== mfTop.join()) orderChanged = true;
              if ([...top].sort().join() !== [...mfTop].sort().join()) setChanged = true;
              checked++;
            }
            const where = `α=${alpha} k'=${kPrime} P=${places} k=${k}`;
            // The top-k list (set and order) can change exactly when the rule says so
            // (k' = 1: one candidate, nothing to reorder, and the rule says false).
            expect(orderChanged, where).toBe(rule);
            // For k < k' even the set (what HR@k sees) changes exactly then.
            if (k < kPrime) expect(setChanged, `set ${where}`).toBe(rule);
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(300_000);
  });

  it('treats the boundary α = 1/(d+1) as skippable despite float noise', () => {
    expect(llmCanChangeRanking(0.1, 10)).toBe(false); // 0.1·9 vs 0.9
    expect(llmCanChangeRanking(0.1 + 1e-6, 10)).toBe(true);
    expect(llmCanChangeRanking(0.05, 20)).toBe(false);
    expect(llmCanChangeRanking(1, 1)).toBe(false);
    // Top 5 of 20 asked: d = 5, threshold 1/6.
    expect(skipThreshold(20, 5)).toBeCloseTo(1 / 6, 15);
    expect(llmCanChangeRanking(0.16, 20, 5)).toBe(false);
    expect(llmCanChangeRanking(0.17, 20, 5)).toBe(true);
    expect(skipThreshold(20)).toBeCloseTo(1 / 20, 15);
  });

  it('flags users per α', () => {
    expect(Array.from(usersNeedingLlm([0.05, 0.1, 0.11, 0.9], 10))).toEqual([0, 0, 1, 1]);
  });
});

describe('countSkippedCalls', () => {
  it('counts on hand-made users', () => {
    // N = 0, 1, 3, 7 → tail position 1, 2/3, 1/3, 0 (see long-tail.test.ts).
    // (0.1, 0.1): α = 0.1, .067, .033, .01 → none above 1/2 or 1/10 (0.1 is the boundary: skip).
    // (0.1, 0.9): α = 0.1, .09, .09, .09 → none.
    // (0.9, 0.1): α = 0.9, 0.6, 0.3, 0.09 → 2 above 1/2, 3 above 1/10.
    // (0.9, 0.9): α = 0.9, .81, .81, .81 → all 4.
    const rows = countSkippedCalls([0, 1, 3, 7], [{ kPrime: 2 }, { kPrime: 10 }], [0.1, 0.9]);
    const calls = rows.map((r) => `${r.kPrime}:${r.alpha1}/${r.alpha2}=${r.calls}`);
    expect(calls).toEqual([
      '2:0.1/0.1=0', '2:0.1/0.9=0', '2:0.9/0.1=2', '2:0.9/0.9=4',
      '10:0.1/0.1=0', '10:0.1/0.9=0', '10:0.9/0.1=3', '10:0.9/0.9=4',
    ]);
    expect(rows.every((r) => r.users === 4 && r.calls + r.skipped === 4)).toBe(true);
  });

  it('spares more calls when the LLM names only its top P', () => {
    // k' = 10, P = 1 → d = 1, threshold 1/2 (1/10 when the LLM orders all ten).
    // (0.9, 0.1): α = 0.9, 0.6, 0.3, 0.09 → 2 calls (3 with P = 10); (0.9, 0.9): α ≥ 0.81 → 4; (0.1, ·): α ≤ 0.1 → 0.
    const rows = countSkippedCalls([0, 1, 3, 7], [{ kPrime: 10, llmPlaces: 1 }], [0.1, 0.9]);
    expect(rows.map((r) => `${r.alpha1}/${r.alpha2}=${r.calls}`)).toEqual(['0.1/0.1=0', '0.1/0.9=0', '0.9/0.1=2', '0.9/0.9=4']);
    expect(rows.every((r) => r.kPrime === 10 && r.llmPlaces === 1)).toBe(true);
  });
});
