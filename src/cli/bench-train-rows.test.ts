import { describe, expect, it } from 'vitest';
import { isRecError } from '../errors.ts';
import { kibToMiB, lastJsonLine, parseChildRow, referenceRow } from './bench-train-rows.ts';

const ROW = {
  name: 'tfjs-wasm',
  step: 'wasm-simd',
  epochs: 20,
  secondsPerEpoch: 0.031,
  firstEpochSeconds: 0.04,
  samplesPerSecond: 3213419,
  msPerTop10Query: 0.8,
  ndcg10: 0.0346,
  hr10: 0.0656,
  baseRssMiB: 190.9,
  peakRssMiB: 204,
  peakTensorMiB: 7.582,
};

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (error) {
    return isRecError(error) ? error.code : 'not a RecError';
  }
  return undefined;
}

describe('parseChildRow', () => {
  it("reads the last JSON line, past the libraries' notices", () => {
    const stdout = `====\nHi, looks like you are running TensorFlow.js in Node.js.\n{"not":"this one"}\n${JSON.stringify(ROW)}\n\n`;
    expect(parseChildRow(stdout, 'child')).toEqual(ROW);
  });

  it('turns the nulls JSON wrote for NaN back into NaN', () => {
    const row = parseChildRow(JSON.stringify({ ...ROW, msPerTop10Query: NaN, peakRssMiB: NaN, ndcg10: undefined }), 'child');
    expect(row.msPerTop10Query).toBeNaN();
    expect(row.peakRssMiB).toBeNaN();
    expect(row.ndcg10).toBeUndefined();
    expect(row.secondsPerEpoch).toBe(0.031);
  });

  it('keeps a skipped row as the child reported it', () => {
    const skipped = { name: 'tfjs-wasm', epochs: 0, secondsPerEpoch: NaN, firstEpochSeconds: NaN, samplesPerSecond: NaN, msPerTop10Query: NaN, skipped: 'no SIMD' };
    expect(parseChildRow(JSON.stringify(skipped), 'child')).toEqual(skipped);
  });

  it('rejects output without a JSON line, a row without a name, and a figure that is not a number', () => {
    expect(codeOf(() => parseChildRow('Segmentation fault\n', 'child'))).toBe('CONFIG_INVALID');
    expect(codeOf(() => parseChildRow('{"name": "tfjs-wasm", "epochs":', 'child'))).toBe('CONFIG_INVALID');
    expect(codeOf(() => parseChildRow(JSON.stringify({ ...ROW, name: undefined }), 'child'))).toBe('CONFIG_INVALID');
    expect(codeOf(() => parseChildRow(JSON.stringify({ ...ROW, secondsPerEpoch: '0.03' }), 'child'))).toBe('CONFIG_INVALID');
    expect(codeOf(() => parseChildRow(JSON.stringify({ ...ROW, peakRssMiB: '204' }), 'child'))).toBe('CONFIG_INVALID');
    expect(() => lastJsonLine('nothing\n', 'the tfjs-cpu benchmark process')).toThrow(/the tfjs-cpu benchmark process printed no JSON line/);
  });
});

describe('referenceRow', () => {
  it("maps the PyTorch reference's JSON, its ru_maxrss in KiB becoming MiB", () => {
    const row = referenceRow({
      framework: 'pytorch 1.13.0 SparseAdam',
      epochs: 2,
      secondsPerEpoch: 0.15,
      epochSeconds: [0.17, 0.13],
      samplesPerSecond: 664107,
      test: { 'NDCG@10': 0.0282, 'HR@10': 0.0541 },
      baseRssKiB: 238_592,
      peakRssKiB: 296_448,
    });
    expect(row).toEqual({
      name: 'pytorch 1.13.0 SparseAdam',
      epochs: 2,
      secondsPerEpoch: 0.15,
      firstEpochSeconds: 0.17,
      samplesPerSecond: 664107,
      msPerTop10Query: NaN,
      ndcg10: 0.0282,
      hr10: 0.0541,
      baseRssMiB: 233, // 238,592 / 1,024
      peakRssMiB: 289.5, // 296,448 / 1,024
    });
  });

  it('leaves the memory figures out when an older reference does not print them', () => {
    const row = referenceRow({ framework: 'pytorch', epochs: 1, secondsPerEpoch: 1, epochSeconds: [1], samplesPerSecond: 1, test: {} });
    expect('peakRssMiB' in row).toBe(false);
    expect(row.ndcg10).toBeNaN();
  });

  it('converts KiB to MiB', () => {
    expect(kibToMiB(1536)).toBe(1.5);
  });
});
