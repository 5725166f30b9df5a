import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from './main.ts';
import { captureConsole } from '../../tests/helpers/cli/capture-console.ts';

afterEach(() => vi.restoreAllMocks());

const FIXTURE = new URL('../../tests/fixtures/movielens-100k', import.meta.url).pathname;

describe('l4r llm-calls', () => {
  it('counts the calls the skip rule spares for every grid point', async () => {
    // Fixture: 2 users with 1 training interaction each → equal counts → α_u = α1·α2 for both.
    // k' = 10, P = all → skip iff α ≤ 1/10: (0.1, any), (0.3, 0.1), (0.3, 0.3), (0.5, 0.1),
    // (0.7, 0.1), (0.9, 0.1) → 0 calls; every other point → 2 calls.
    const { out } = captureConsole();
    expect(await main(['llm-calls', '--data', FIXTURE, '--k-prime', '10', '--llm-top', 'all', '--json'])).toBe(0);
    const rows = JSON.parse(out.join('\n')) as { alpha1: number; alpha2: number; calls: number; skipped: number; kPrime: number; llmPlaces: number }[];
    expect(rows).toHaveLength(25);
    const skippedAll = rows.filter((r) => r.calls === 0).map((r) => `${r.alpha1}/${r.alpha2}`);
    expect(skippedAll).toEqual(['0.1/0.1', '0.1/0.3', '0.1/0.5', '0.1/0.7', '0.1/0.9', '0.3/0.1', '0.3/0.3', '0.5/0.1', '0.7/0.1', '0.9/0.1']);
    expect(rows.filter((r) => r.calls !== 0).every((r) => r.calls === 2 && r.skipped === 0)).toBe(true);
    expect(rows.every((r) => r.kPrime === 10 && r.llmPlaces === 10)).toBe(true);
  });

  it('rejects a bad --k-prime with a message that says what to pass', async () => {
    const { err } = captureConsole();
    expect(await main(['llm-calls', '--data', FIXTURE, '--k-prime', '1'])).toBe(1);
    expect(err.join('\n')).toMatch(/--k-prime must list whole numbers ≥ 2/);
  });
});
