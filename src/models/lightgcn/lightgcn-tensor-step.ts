/**
 * LightGCN with TF.js tensor ops: the path on backends whose memory JavaScript cannot address
 * (WebGPU, WebGL). Same math as lightgcn-step-js.ts. TF.js has no sparse matrix product, so
 * Â·X is a gather of every edge's source row, scaled by the edge weight, summed per target row
 * with `scatterND` (which adds duplicate indices). The graph's index tensors stay on the device.
 */
import * as tf from '@tensorflow/tfjs-core';
import { gatherRows } from '../gather-rows.ts';
import type { BprStepBatch } from '../bpr-step.ts';
import type { FactorTable } from '../factor-table.ts';
import { bprGradients } from '../mf-losses.ts';
import type { NormalizedGraph } from './graph.ts';
import type { LightGcnStepConfig } from './lightgcn-step-js.ts';

/** Â as device tensors: each edge's target row ([E, 1] for scatterND), source row ([E, 1]) and weight ([E, 1]). */
export class GraphTensors {
  readonly target: tf.Tensor2D;
  readonly source: tf.Tensor2D;
  readonly weight: tf.Tensor2D;
  readonly allRows: tf.Tensor2D;

  constructor(readonly graph: NormalizedGraph) {
    const edges = graph.col.length;
    const target = new Int32Array(edges);
    for (let r = 0; r < graph.nodes; r++) target.fill(r, graph.rowPtr[r]!, graph.rowPtr[r + 1]!);
    this.target = tf.tensor2d(target, [edges, 1], 'int32');
    this.source = tf.tensor2d(graph.col, [edges, 1], 'int32');
    this.weight = tf.tensor2d(graph.value, [edges, 1], 'float32');
    this.allRows = tf.tensor2d(Int32Array.from({ length: graph.nodes }, (_, r) => r), [graph.nodes, 1], 'int32');
  }

  /** Â·x for x of shape [nodes, dim]. Call inside `tf.tidy`. */
  multiply(x: tf.Tensor2D): tf.Tensor2D {
    return tf.scatterND(this.target, tf.mul(gatherRows(x, this.source), this.weight), x.shape) as tf.Tensor2D;
  }

  /** (x + Âx + … + Â^K x) / (K + 1). Call inside `tf.tidy`. */
  propagateMean(x: tf.Tensor2D, layers: number): tf.Tensor2D {
    let layer = x;
    let sum = x;
    for (let k = 0; k < layers; k++) {
      layer = this.multiply(layer);
      sum = tf.add(sum, layer);
    }
    return tf.mul(sum, 1 / (layers + 1));
  }

  dispose(): void {
    for (const t of [this.target, this.source, this.weight, this.allRows]) t.dispose();
  }
}

/**
 * One step with tensor ops: the table takes one Adam step on every row (FactorTable.next over all
 * rows, then replace). Returns the batch's summed data loss, on the device.
 */
export function lightGcnTensorStep(table: FactorTable, graph: GraphTensors, batch: BprStepBatch, config: LightGcnStepConfig, t: number): tf.Scalar {
  const column = (values: Int32Array) => tf.tensor2d(values, [values.length, 1], 'int32');
  const n = batch.user.length;
  const rows = new Int32Array(3 * n);
  rows.set(batch.user, 0);
  for (let k = 0; k < n; k++) {
    rows[n + k] = batch.positive[k]! + batch.itemOffset;
    rows[2 * n + k] = batch.negative[k]! + batch.itemOffset;
  }
  const { loss, next } = tf.tidy(() => {
    const ego = table.weights();
    const final = graph.propagateMean(ego, config.layers);
    const index = column(rows);
    const sampled = gatherRows(final, index);
    const [p, qi, qj] = tf.split(sampled, 3, 0) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
    // L2 0 here: LightGCN regularises the ego rows, not the final ones (added below).
    const g = bprGradients(p, qi, qj, 0);
    const perSample = tf.concat([g.dP, g.dPositive, g.dNegative], 0);
    const gradFinal = tf.scatterND(index, perSample, ego.shape) as tf.Tensor2D;
    const l2 = tf.scatterND(index, tf.mul(gatherRows(ego, index), config.l2 / n), ego.shape) as tf.Tensor2D;
    const gradEgo = tf.add(graph.propagateMean(gradFinal, config.layers), l2) as tf.Tensor2D;
    return { loss: g.loss, next: table.next(graph.allRows, gradEgo, config, t) };
  });
  table.replace(next);
  return loss;
}
