import { describe, expect, it } from 'vitest';
import { measureParseThroughput } from './parse-throughput.ts';

describe('measureParseThroughput', () => {
  it('counts the rows of the dataset it parsed and divides by the time taken', async () => {
    const path = new URL('../../tests/fixtures/movielens-csv', import.meta.url).pathname;
    const result = await measureParseThroughput(path);
    expect(result.rows).toBe(5);
    expect(result.seconds).toBeGreaterThan(0);
    expect(result.rowsPerSecond * result.seconds).toBeCloseTo(5, 6);
  });
});
