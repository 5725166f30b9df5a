import { describe, expect, it } from 'vitest';
import type { LightGcnBenchRow } from './bench-lightgcn-child.ts';
import { formatLightGcnTable, pairedComparison } from './bench-lightgcn-table.ts';

const row = (name: string, seed: number, hr3: number, seconds: number): LightGcnBenchRow => ({
  name,
  seed,
  ...(name.startsWith('tfjs') ? { step: 'wasm-simd' } : {}),
  epochs: 50,
  bestEpoch: 45,
  bestValidation: 0.03,
  secondsPerEpoch: seconds,
  test: { 'HR@3': hr3, 'NDCG@3': hr3 / 2, 'HR@5': hr3 * 1.5, 'NDCG@5': hr3 * 0.7 },
  baseRssMiB: 200,
  peakRssMiB: 250,
});

const rows = [row('tfjs-wasm', 1, 0.03, 0.5), row('pytorch', 1, 0.02, 1.5), row('tfjs-wasm', 2, 0.032, 0.7), row('pytorch', 2, 0.025, 1.3), row('tfjs-wasm', 3, 0.028, 0.6), row('pytorch', 3, 0.021, 1.4)];

describe('the LightGCN benchmark table', () => {
  it('puts both frameworks side by side, mean ± sd over seeds, with the paper row for reference', () => {
    const table = formatLightGcnTable(rows);
    expect(table).toContain('| tfjs-wasm (wasm-simd) | 1, 2, 3 | 0.600 ± 0.100 | 50 (45), 50 (45), 50 (45) | 250 ± 0 | 0.0300 ± 0.0000 | 0.0300 ± 0.0020 |');
    expect(table).toContain('| pytorch | 1, 2, 3 | 1.400 ± 0.100 |');
    expect(table).toContain('| paper, LightGCN base on ML-100K (not measured here) | | | | | | 0.0492 | 0.0343 | 0.0744 | 0.0447 |');
  });

  it('compares the two paired by seed, with the speed ratio', () => {
    // HR@3 differences 0.010, 0.007, 0.007: mean 0.008.
    const line = pairedComparison(rows, 'tfjs-wasm', 'pytorch')!;
    expect(line).toMatch(/^tfjs-wasm vs pytorch, paired by seed \(3\): HR@3 \+0\.0080 \(p 0\.0\d+\)/);
    expect(line).toContain('2.33× the speed per epoch');
    expect(pairedComparison(rows.slice(0, 2), 'tfjs-wasm', 'pytorch')).toBeNull();
  });
});
