import { describe, expect, it } from 'vitest';
import { JsOps } from './ops-js.ts';
import type { SasRecOps } from './sasrec-ops.ts';
import { kernelOps } from './wasm-runner.ts';

/**
 * One sequence of three positions, one head of width 4 (the last two columns zero):
 *   Q = K = [[1,0],[0,1],[1,1]], V = [[1,2],[3,4],[5,6]], scale 1/√4 = 1/2 (head width 4).
 * Causal softmax of q_i·k_j/2 over j ≤ i, by hand:
 *   row 0: p = [1]                                        → out = v₀ = [1, 2]
 *   row 1: scores [0, 1/2]; p = [1, e^½]/(1 + e^½)        = [0.377541, 0.622459] → out = [2.244918, 3.244918]
 *   row 2: scores [1/2, 1/2, 1]; p = [e^½, e^½, e]/(2e^½ + e) = [0.274069, 0.274069, 0.451863] → out = [3.355588, 4.355588]
 */
const EXPECTED_PROBS = [1, 0.377541, 0.622459, 0.274069, 0.274069, 0.451863];
const EXPECTED_OUT = [
  [1, 2],
  [2.244918, 3.244918],
  [3.355588, 4.355588],
];

/** Memory layout (elements): q 0..11, k 16..27, v 32..43, probs 48..53, out 64..75, seqStart 80, probStart 84, scratch 88. */
function setUp(F: Float32Array, I: Int32Array): void {
  const q = [1, 0, 0, 0, 0, 1, 0, 0, 1, 1, 0, 0];
  const v = [1, 2, 0, 0, 3, 4, 0, 0, 5, 6, 0, 0];
  F.set(q, 0);
  F.set(q, 16);
  F.set(v, 32);
  I.set([0, 3], 80);
  I.set([0, 6], 84);
}

const jsOps = () => {
  const buffer = new ArrayBuffer(4 * 128);
  return { F: new Float32Array(buffer), I: new Int32Array(buffer), ops: new JsOps(new Float32Array(buffer), new Int32Array(buffer)) as SasRecOps };
};

const simdOps = async () => {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const loaded = await kernelOps(memory);
  if ('unavailable' in loaded) throw new Error(loaded.unavailable);
  return { F: new Float32Array(memory.buffer), I: new Int32Array(memory.buffer), ops: loaded.ops as SasRecOps };
};

describe.each([
  ['JS ops', async () => jsOps()],
  ['SIMD kernel', simdOps],
])('causal self-attention (%s) against hand-computed values', (_, make) => {
  it('weights each earlier position by the softmax of scaled dot products and ignores later ones', async () => {
    const { F, I, ops } = await make();
    setUp(F, I);
    ops.attention(0, 16, 32, 48, 64, 80, 84, 1, 4, 1, { rate: 0, seed: 0, stream: 0 }, 88);
    EXPECTED_PROBS.forEach((p, k) => expect(F[48 + k]).toBeCloseTo(p, 5));
    EXPECTED_OUT.forEach((row, i) => {
      expect(F[64 + 4 * i]).toBeCloseTo(row[0]!, 5);
      expect(F[64 + 4 * i + 1]).toBeCloseTo(row[1]!, 5);
      expect(F[64 + 4 * i + 2]).toBe(0);
    });
    // The mask: changing the last key and value leaves rows 0 and 1 exactly as they were.
    const before = F.slice(64, 72);
    F.set([9, -9, 0, 0], 16 + 8);
    F.set([-7, 7, 0, 0], 32 + 8);
    ops.attention(0, 16, 32, 48, 64, 80, 84, 1, 4, 1, { rate: 0, seed: 0, stream: 0 }, 88);
    expect(Array.from(F.slice(64, 72))).toEqual(Array.from(before));
  });

  it('drops attention weights with dropout and scales the kept ones by 1/(1 − rate)', async () => {
    const { F, I, ops } = await make();
    setUp(F, I);
    // Row 0 has one weight (1): its output is v₀/(1 − rate) if kept, 0 if dropped; over seeds both happen.
    const seen = new Set<string>();
    for (let seed = 1; seed <= 20; seed++) {
      ops.attention(0, 16, 32, 48, 64, 80, 84, 1, 4, 1, { rate: 0.5, seed, stream: 3 }, 88);
      seen.add(`${F[64]!.toFixed(4)},${F[65]!.toFixed(4)}`);
      expect(F[48]).toBe(1); // the stored probability is before dropout
    }
    expect([...seen].sort()).toEqual(['0.0000,0.0000', '2.0000,4.0000']);
  });
});
