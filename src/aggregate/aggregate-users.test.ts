import { describe, expect, it } from 'vitest';
import { aggregateUsers, type RankWithLlm } from './aggregate-users.ts';
import { alphaForMode } from './aggregation-mode.ts';
import { AbortedError } from '../errors.ts';

const MF = [10, 20, 30, 40].map((item, s) => ({ item, score: 4 - s }));
const reverse: RankWithLlm = async ({ candidates }) => candidates.map((x) => x.item).reverse();

describe('aggregateUsers', () => {
  it('skips the LLM for users whose α cannot change the list, and blends for the others', async () => {
    // k' = 4 → threshold 1/4. User 0: α = 0.05 → skipped. User 1: α = 0.9, LLM reverses:
    // U(s) = 0.9·(−(5−s)) + 0.1·(−s) = −4.5 + 0.8s → reversed order.
    const alphas = [0.05, 0.9];
    const result = await aggregateUsers({ users: [0, 1], candidates: () => MF, alphaOf: (u) => alphas[u]!, rankWithLlm: reverse });
    expect(result).toMatchObject({ calls: 1, skipped: 1 });
    expect(result.users.map((u) => [u.user, u.askedLlm, u.items.map((x) => x.item).join()])).toEqual([
      [0, false, '10,20,30,40'],
      [1, true, '40,30,20,10'],
    ]);
    expect(result.users[0]!.items[0]).toMatchObject({ llmScore: null, alpha: 0.05 });
  });

  it('asking anyway gives the same lists (the rule only saves calls)', async () => {
    const alphas = [0.05, 0.25];
    const skipping = await aggregateUsers({ users: [0, 1], candidates: () => MF, alphaOf: (u) => alphas[u]!, rankWithLlm: reverse });
    const asking = await aggregateUsers({ users: [0, 1], candidates: () => MF, alphaOf: (u) => alphas[u]!, rankWithLlm: reverse, askAlways: true });
    expect(skipping.calls).toBe(0);
    expect(asking.calls).toBe(2);
    const order = (r: typeof asking) => r.users.map((u) => u.items.map((x) => x.item).join());
    expect(order(asking)).toEqual(order(skipping));
  });

  it('asks for the top P only, and uses the smaller span in the skip rule', async () => {
    // P = 1, k' = 4: threshold 1/2. α = 0.4 → skipped (it would be asked with P = 4, threshold 1/4).
    const asked: number[] = [];
    const firstOnly: RankWithLlm = async ({ candidates, places }) => {
      asked.push(places);
      return candidates.map((x) => x.item).reverse(); // names all four; only the first counts
    };
    const r = await aggregateUsers({ users: [0, 1], candidates: () => MF, alphaOf: (u) => [0.4, 0.6][u]!, rankWithLlm: firstOnly, llmPlaces: 1 });
    expect(r).toMatchObject({ calls: 1, skipped: 1 });
    expect(asked).toEqual([1]);
    // User 1, α = 0.6: 40 placed 1st, others unplaced at 2.
    //   40: 0.6·(−1) + 0.4·(−4) = −2.2; 10: 0.6·(−2) + 0.4·(−1) = −1.6; 20: −2.0; 30: −2.4.
    expect(r.users[1]!.items.map((x) => x.item)).toEqual([10, 20, 40, 30]);
  });

  it('keeps MF order when the LLM answer is unusable, and stops on cancel', async () => {
    const r = await aggregateUsers({ users: [0], candidates: () => MF, alphaOf: () => 1, rankWithLlm: async () => null });
    expect(r.users[0]!.items.map((x) => x.item)).toEqual([10, 20, 30, 40]);
    const c = new AbortController();
    c.abort();
    await expect(aggregateUsers({ users: [0], candidates: () => MF, alphaOf: () => 1, rankWithLlm: reverse, signal: c.signal })).rejects.toBeInstanceOf(AbortedError);
  });
});

describe('alphaForMode', () => {
  it('maps the ablation switches to weights', () => {
    expect(alphaForMode('adaptive', 0.37)).toBe(0.37);
    expect(alphaForMode('uniform', 0.37)).toBe(0.5);
    expect(alphaForMode('uniform', 0.37, 0.3)).toBe(0.3);
    expect(alphaForMode('mf-only', 0.37)).toBe(0);
    expect(alphaForMode('llm-only', 0.37)).toBe(1);
    expect(() => alphaForMode('uniform', 0.37, 2)).toThrow(/uniformAlpha/);
  });
});
