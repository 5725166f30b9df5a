import * as tf from '@tensorflow/tfjs-core';
// tfjs-core has no backend of its own: tensors made before any activateBackend() run on the CPU one.
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { leaveOneOutByTime } from '../data/splits.ts';
import { mfConfig } from '../models/mf-config.ts';
import { CLUSTERS } from '../../tests/helpers/models/tiny-table.ts';
import { nodeBackend } from '../../tests/helpers/models/use-node-backend.ts';
import { benchmarkBackend, BYTES_PER_MIB, formatBenchRows, tensorPeakBytes, type BackendBenchRow } from './train-benchmark.ts';

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

describe('formatBenchRows memory columns', () => {
  const base = { epochs: 20, secondsPerEpoch: 0.031, firstEpochSeconds: 0.04, samplesPerSecond: 3200000, msPerTop10Query: 0.8 };

  it('adds a column per figure some row has, "–" where a row lacks it, and says what each one measures', () => {
    const rows: BackendBenchRow[] = [
      { name: 'tfjs-wasm', step: 'wasm-simd', ...base, baseRssMiB: 190.25, peakRssMiB: 203.96, peakTensorMiB: 7.582 },
      { name: 'pytorch', ...base, msPerTop10Query: NaN, baseRssMiB: 233.04, peakRssMiB: 289.5 },
      { name: 'tfjs-webgl', epochs: 0, secondsPerEpoch: NaN, firstEpochSeconds: NaN, samplesPerSecond: NaN, msPerTop10Query: NaN, skipped: 'no WebGL', peakGpuMiB: 5 },
    ];
    const lines = formatBenchRows(rows).split('\n');
    // A skipped row's figures do not open a column (no "GPU MiB" here).
    expect(lines.slice(0, 4)).toEqual([
      'backend    step       epochs  s/epoch  1st epoch s  samples/s  ms/top-10  NDCG@10  HR@10  base RSS MiB  peak RSS MiB  tensor MiB',
      'tfjs-wasm  wasm-simd      20    0.031        0.040    3200000       0.80        –      –         190.3         204.0         7.6',
      'pytorch    –              20    0.031        0.040    3200000          –        –      –         233.0         289.5           –',
      'tfjs-webgl  skipped: no WebGL',
    ]);
    expect(lines[4]).toBe('Memory in MiB (2^20 bytes):');
    expect(lines.slice(5).map((l) => l.split(':')[0])).toEqual(['  base RSS', '  peak RSS', '  tensor']);
  });

  it('prints the browser figures (GPU, JS heap) with their own legend', () => {
    const lines = formatBenchRows([{ name: 'tfjs-webgpu', step: 'tensor-ops', ...base, peakTensorMiB: 50.84, peakGpuMiB: 264.1, baseJsHeapMiB: 72.3, peakJsHeapMiB: 78.93 }]).split('\n');
    expect(lines[0]!.endsWith('HR@10  tensor MiB  GPU MiB  base JS heap MiB  peak JS heap MiB')).toBe(true);
    expect(lines[1]!.endsWith('50.8    264.1              72.3              78.9')).toBe(true);
    expect(lines.slice(3).map((l) => l.split(':')[0])).toEqual(['  tensor', '  GPU', '  base JS heap', '  peak JS heap']);
  });
});

describe('tensorPeakBytes', () => {
  beforeAll(async () => {
    await nodeBackend('cpu');
  });

  it("counts a temporary that is gone before the work ends (it profiles every kernel's output)", async () => {
    const kept = tf.zeros([10]); // 40 bytes alive throughout
    try {
      const before = tf.memory().numBytes;
      // Inside the tidy, alive together once the add has run: 1,000 float32 zeros (4,000 bytes),
      // the scalar 1 (4 bytes) and the sum (4,000 bytes).
      const peak = await tensorPeakBytes(async () => tf.tidy(() => void tf.add(tf.zeros([1000]), 1)));
      expect(peak).toBe(before + 8004);
      expect(tf.memory().numBytes).toBe(before);
    } finally {
      kept.dispose();
    }
  });

  it('is the bytes alive when no kernel runs', async () => {
    const kept = tf.zeros([10]);
    try {
      expect(await tensorPeakBytes(async () => {})).toBe(40);
    } finally {
      kept.dispose();
    }
  });
});

describe('benchmarkBackend memory hooks', () => {
  it('calls onReady first, onStep after every step, onTrained once, and sizes the tensor peak', async () => {
    const calls: string[] = [];
    const config = mfConfig({ dim: 4, batchSize: 4 });
    const split = leaveOneOutByTime(CLUSTERS);
    const row = await benchmarkBackend(
      'cpu',
      { table: CLUSTERS, split, numUsers: 4, numItems: 6, config },
      { epochs: 2, queries: 3, evaluate: false, tensorPeak: true, memory: { onReady: () => calls.push('ready'), onStep: () => calls.push('step'), onTrained: () => calls.push('trained') } },
    );
    // 10 rows − 4 test − 2 validation (users 0 and 2 have 3 rows) = 4 training rows: one batch of 4 per epoch.
    expect(split.train.length).toBe(4);
    expect(calls).toEqual(['ready', 'step', 'step', 'trained']);
    // Weights, Adam m and v: 3 tables of (4 users + 6 items) × 4 floats = 480 bytes, plus the epoch's
    // float32 loss scalars (running sum, step loss, their new sum) alive when the add kernel runs;
    // nothing of the timed model (disposed before).
    expect(row.peakTensorMiB! * BYTES_PER_MIB).toBe(3 * 10 * 4 * 4 + 3 * 4);
    expect(tf.memory().numTensors).toBe(0);
  });
});
