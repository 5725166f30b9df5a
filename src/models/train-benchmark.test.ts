import { describe, expect, it } from 'vitest';
import { formatBenchRows, type BackendBenchRow } from './train-benchmark.ts';

describe('formatBenchRows', () => {
  it('prints the step path per backend and says why the SIMD kernel did not run', () => {
    const base = { epochs: 2, secondsPerEpoch: 0.0345, firstEpochSeconds: 0.05, samplesPerSecond: 2887000.4, msPerTop10Query: 0.812 };
    const rows: BackendBenchRow[] = [
      { name: 'tfjs-wasm', step: 'wasm-simd', ...base, ndcg10: 0.03456, hr10: 0.0656 },
      { name: 'tfjs-cpu', step: 'js-in-place', kernelUnavailable: 'the active TF.js backend is cpu, not wasm', ...base },
      { name: 'tfjs-webgl', epochs: 0, secondsPerEpoch: NaN, firstEpochSeconds: NaN, samplesPerSecond: NaN, msPerTop10Query: NaN, skipped: 'no WebGL' },
    ];
    expect(formatBenchRows(rows).split('\n')).toEqual([
      'backend    step         epochs  s/epoch  1st epoch s  samples/s  ms/top-10  NDCG@10   HR@10',
      'tfjs-wasm  wasm-simd         2    0.035        0.050    2887000       0.81   0.0346  0.0656',
      'tfjs-cpu   js-in-place       2    0.035        0.050    2887000       0.81        –       –',
      'tfjs-webgl  skipped: no WebGL',
      'tfjs-cpu: SIMD kernel not used (the active TF.js backend is cpu, not wasm)',
    ]);
  });
});
