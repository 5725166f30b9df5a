import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from './main.ts';
import { captureConsole } from '../../tests/helpers/cli/capture-console.ts';

afterEach(() => vi.restoreAllMocks());

const FIXTURE = new URL('../../tests/fixtures/movielens-100k', import.meta.url).pathname;

describe('l4r import', () => {
  it('prints the counts as JSON', async () => {
    const { out } = captureConsole();
    expect(await main(['import', FIXTURE, '--json'])).toBe(0);
    expect(JSON.parse(out.join('\n'))).toEqual({
      name: 'movielens-100k',
      format: 'movielens-100k',
      users: 2,
      items: 3,
      ratedItems: 3,
      interactions: 3,
      ratingHistogram: { '1.0': 1, '3.0': 2 },
      interactionsPerUser: { min: 1, median: 1.5, max: 2 },
      ratingScale: { min: 1, max: 5, step: 1, source: 'format' },
      timestampUnit: 'seconds',
    });
  });

  it('exits 1 with the typed error on bad input, 2 without a path', async () => {
    const { err } = captureConsole();
    expect(await main(['import', FIXTURE, '--format', 'movielens-1m'])).toBe(1);
    expect(err.join('\n')).toContain('IMPORT_UNKNOWN_FORMAT: format movielens-1m needs ratings.dat and movies.dat');
    expect(await main(['import', FIXTURE, '--format', 'nope'])).toBe(1);
    expect(err.join('\n')).toContain('CONFIG_INVALID');
    expect(await main(['import'])).toBe(2);
  });
});
