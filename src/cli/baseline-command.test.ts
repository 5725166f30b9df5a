import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from './main.ts';
import { captureConsole } from '../../tests/helpers/cli/capture-console.ts';

afterEach(() => vi.restoreAllMocks());

/**
 * Leave-one-out by time on these rows (items numbered a0 b1 c2 d3 e4 in first-seen order):
 *   u1: train a, b; validation c; test d      u2: train a; validation b; test e
 *   u3: train b; test a
 * Training counts: a 2, b 2, c 0, d 0, e 0. Test ranks (ties pessimistic):
 *   u1: d among {d, e}: e ties → rank 1    u2: e among {c, d, e}: both tie → rank 2
 *   u3: a among {a, c, d, e}               → rank 0
 * HR@1 = 1/3; HR@3 = 1; NDCG@3 = (1/log2 3 + 1/2 + 1) / 3 = 0.710310.
 * Item means over training rows: a (4, 3) 3.5; b (5, 4) 4.5; c, d, e unrated in training → the
 * global training mean (4 + 5 + 3 + 4) / 4 = 4. Test: u1 d 4 → 4, u2 e 4 → 4, u3 a 5 → 3.5:
 * RMSE = sqrt(1.5² / 3) = 0.866025, MAE = 0.5.
 */
const CSV = `user,item,rating,timestamp
u1,a,4,1
u1,b,5,2
u1,c,3,3
u1,d,4,4
u2,a,3,1
u2,b,4,2
u2,e,4,3
u3,b,4,1
u3,a,5,2
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'l4r-baseline-'));
  await writeFile(join(dir, 'interactions.csv'), CSV);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('l4r baseline', () => {
  it('prints the hand-computed figures as JSON', async () => {
    const { out } = captureConsole();
    expect(await main(['baseline', '--data', join(dir, 'interactions.csv'), '--ks', '1,3', '--json'])).toBe(0);
    const result = JSON.parse(out.join('\n'));
    expect(result.model).toBe('popularity');
    expect(result.ranking.users).toBe(3);
    expect(result.ranking.overall['HR@1']).toBeCloseTo(1 / 3, 10);
    expect(result.ranking.overall['HR@3']).toBe(1);
    expect(result.ranking.overall['NDCG@3']).toBeCloseTo(0.71031, 5);
    expect(result.rating.overall.RMSE).toBeCloseTo(0.866025, 5);
    expect(result.rating.overall.MAE).toBeCloseTo(0.5, 6);
    expect(result.ranking.perUser).toBeUndefined();
  });

  it('prints tables by default', async () => {
    const { out } = captureConsole();
    expect(await main(['baseline', '--data', join(dir, 'interactions.csv'), '--ks', '1'])).toBe(0);
    expect(out.join('\n')).toMatch(/all \(test\)\s+3\s+0\.3333\s+0\.3333/);
  });

  it('rejects bad options with a typed error, and a missing --data with the usage', async () => {
    const { err } = captureConsole();
    expect(await main(['baseline', '--data', dir, '--target', 'train'])).toBe(1);
    expect(err.join('\n')).toContain('CONFIG_INVALID: --target "train"');
    expect(await main(['baseline', '--data', dir, '--ks', '0'])).toBe(1);
    expect(await main(['baseline'])).toBe(2);
  });
});
