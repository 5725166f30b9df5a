import { describe, expect, it } from 'vitest';
import { Random } from '../../random.ts';
import { addEgoL2, bprFinalGradientsInto } from './lightgcn-step-js.ts';
import { propagateMean, PropagationBuffers, spmmInto } from './propagate-js.ts';
import { parityBatches } from '../../../tests/helpers/models/bpr-step-parity.ts';
import { randomGraph } from '../../../tests/helpers/models/random-graph.ts';

const USERS = 5;
const ITEMS = 7;
const DIM = 3;
const LAYERS = 2;
const L2 = 0.05;
const { graph } = randomGraph(USERS, ITEMS, 3, 1);
const [batch] = parityBatches(USERS, ITEMS, 1, 6, 2);
const size = graph.nodes * DIM;

/** The objective the step minimises, in float64: mean softplus(−x) on F plus (λ/2)·mean(‖E rows‖²). */
function objective(ego: Float64Array): number {
  const layers = [Array.from(ego)];
  for (let k = 0; k < LAYERS; k++) {
    const prev = layers[k]!;
    const next = new Array<number>(size).fill(0);
    for (let r = 0; r < graph.nodes; r++) {
      for (let e = graph.rowPtr[r]!; e < graph.rowPtr[r + 1]!; e++) {
        for (let c = 0; c < DIM; c++) next[r * DIM + c]! += graph.value[e]! * prev[graph.col[e]! * DIM + c]!;
      }
    }
    layers.push(next);
  }
  const final = (at: number) => layers.reduce((s, l) => s + l[at]!, 0) / (LAYERS + 1);
  const n = batch!.user.length;
  let loss = 0;
  for (let k = 0; k < n; k++) {
    const rows = [batch!.user[k]!, batch!.positive[k]! + USERS, batch!.negative[k]! + USERS];
    let x = 0;
    for (let c = 0; c < DIM; c++) x += final(rows[0]! * DIM + c) * (final(rows[1]! * DIM + c) - final(rows[2]! * DIM + c));
    loss += Math.log1p(Math.exp(-x)) / n;
    for (const row of rows) for (let c = 0; c < DIM; c++) loss += (L2 / 2) * ego[row * DIM + c]! ** 2 / n;
  }
  return loss;
}

describe('LightGCN forward and backward in JavaScript', () => {
  it('spmmInto multiplies by Â', () => {
    const x = Float32Array.from({ length: size }, (_, k) => (k % 5) - 2);
    const y = new Float32Array(size);
    spmmInto(graph, x, y, DIM);
    for (let r = 0; r < graph.nodes; r++) {
      for (let c = 0; c < DIM; c++) {
        let expected = 0;
        for (let e = graph.rowPtr[r]!; e < graph.rowPtr[r + 1]!; e++) expected += graph.value[e]! * x[graph.col[e]! * DIM + c]!;
        expect(y[r * DIM + c]).toBeCloseTo(expected, 5);
      }
    }
  });

  it('gives the gradient of the objective (checked against central differences)', () => {
    const rng = new Random(3);
    const ego = Float32Array.from({ length: size }, () => rng.normal() * 0.5);
    const buffers = new PropagationBuffers(size);
    const final = new Float32Array(size);
    propagateMean(graph, ego, final, DIM, LAYERS, buffers);
    const gradFinal = new Float32Array(size);
    const loss = bprFinalGradientsInto(final, gradFinal, DIM, batch!);
    const grad = new Float32Array(size);
    propagateMean(graph, gradFinal, grad, DIM, LAYERS, buffers);
    addEgoL2(ego, grad, DIM, batch!, L2);

    const at = Float64Array.from(ego);
    const dataLoss = objective(at) - (() => {
      let reg = 0;
      const n = batch!.user.length;
      for (let k = 0; k < n; k++) {
        for (const row of [batch!.user[k]!, batch!.positive[k]! + USERS, batch!.negative[k]! + USERS]) {
          for (let c = 0; c < DIM; c++) reg += (L2 / 2) * at[row * DIM + c]! ** 2 / n;
        }
      }
      return reg;
    })();
    expect(loss / batch!.user.length).toBeCloseTo(dataLoss, 5);
    const h = 1e-5;
    let worst = 0;
    for (let k = 0; k < size; k++) {
      const plus = Float64Array.from(at);
      const minus = Float64Array.from(at);
      plus[k]! += h;
      minus[k]! -= h;
      const numeric = (objective(plus) - objective(minus)) / (2 * h);
      worst = Math.max(worst, Math.abs(numeric - grad[k]!));
    }
    expect(worst).toBeLessThan(1e-5);
  });
});
