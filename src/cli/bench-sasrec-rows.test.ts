import { describe, expect, it } from 'vitest';
import { formatGroupMeans, formatSasRecRows, meanAndSpread, parseSasRecRow, sasrecReferenceRow, skippedSasRecRow, summarizeSeeds, type SasRecBenchRow } from './bench-sasrec-rows.ts';

const test = (x: number) => Object.fromEntries(['HR@3', 'NDCG@3', 'HR@5', 'NDCG@5', 'HR@10', 'NDCG@10', 'HR@20', 'NDCG@20'].map((m) => [m, x]));
const row = (name: string, seed: number, seconds: number, metric: number): SasRecBenchRow => ({
  name, seed, epochs: 10, bestEpoch: 5, secondsPerEpoch: seconds, firstEpochSeconds: seconds, samplesPerSecond: 100, test: test(metric),
});

describe('l4r bench sasrec rows', () => {
  it('averages over seeds per framework, with the sample standard deviation', () => {
    expect(meanAndSpread([1, 2, 3])).toEqual({ mean: 2, sd: 1, min: 1, max: 3 });
    const summary = summarizeSeeds([row('tfjs-wasm', 1, 1, 0.01), row('pytorch', 1, 4, 0.02), row('tfjs-wasm', 2, 3, 0.03), skippedSasRecRow('pytorch', 2, 'no torch')]);
    const wasm = summary.find((s) => s.name === 'tfjs-wasm')!;
    expect(wasm.seeds).toBe(2);
    expect(wasm.secondsPerEpoch.mean).toBe(2);
    expect(wasm.test['NDCG@5']!.mean).toBeCloseTo(0.02, 10);
    expect(summary.find((s) => s.name === 'pytorch')!.seeds).toBe(1);
  });

  it('reads the reference output and a child row, and refuses broken ones', () => {
    const ref = sasrecReferenceRow({ framework: 'pytorch 2.0', threads: 1, epochs: 3, bestEpoch: 2, bestValidation: 0.03, secondsPerEpoch: 5, epochSeconds: [6, 5, 4], samplesPerSecond: 10, test: test(0.1), peakRssKiB: 2048 }, 7);
    expect(ref).toMatchObject({ name: 'pytorch 2.0 (1 thread)', seed: 7, bestValidation: 0.03, firstEpochSeconds: 6, peakRssMiB: 2 });
    expect(() => parseSasRecRow({ name: 'x', seed: 1, epochs: 'ten' }, 'the child')).toThrow(/"epochs" is not a number/);
  });

  it('prints one line per run, the skipped ones with their reason, then the means', () => {
    const text = formatSasRecRows([row('tfjs-wasm', 1, 1, 0.01), row('tfjs-wasm', 2, 3, 0.03), skippedSasRecRow('pytorch', 1, 'no torch')]);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^run\s+step\s+seed/);
    expect(lines[1]).toMatch(/^tfjs-wasm .* 1\.000 /);
    expect(lines[3]).toMatch(/^pytorch\s+skipped: no torch$/);
    expect(lines[4]).toMatch(/^tfjs-wasm: mean ± sd of 2 .*2\.000±1\.414.*0\.0200±0\.0141/);
  });

  it('prints the per-group means of one framework over its seeds', () => {
    const withGroups = (seed: number, x: number): SasRecBenchRow => ({ ...row('tfjs-wasm', seed, 1, x), groups: [{ label: 'Q1 (1–5 interactions)', users: 3, metrics: test(x) }] });
    const text = formatGroupMeans([withGroups(1, 0.1), withGroups(2, 0.3), row('pytorch', 1, 2, 0.5)], 'tfjs-wasm');
    expect(text.split('\n')[0]).toBe('tfjs-wasm per activity group (test, mean of 2 seeds):');
    expect(text.split('\n')[2]).toMatch(/^Q1 \(1–5 interactions\)\s+3\s+0\.2000/);
    expect(formatGroupMeans([row('pytorch', 1, 2, 0.5)], 'tfjs-wasm')).toBe('');
  });
});
