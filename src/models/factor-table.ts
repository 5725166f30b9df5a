/**
 * One embedding table with its lazy-Adam moments: three [rows, width] tensors. The MF models keep
 * users and items in ONE table (items after users), so a training step gathers, sums gradients
 * and updates once instead of twice: fewer kernels per step, which is what a step costs.
 * Tensors are immutable in TF.js, so the tensor-op update (GPU backends) builds the next tensors
 * with `tf.tensorScatterUpdate` (only touched rows are recomputed; the rest is a plain copy) and
 * disposes the old ones; on WASM and CPU `updateInPlace` writes the touched rows where they lie.
 * Kept as three tensors rather than one [rows, 3·width] block because slicing a block apart is a
 * slow generic kernel on the CPU backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import { RecError } from '../errors.ts';
import { gatherRows } from './gather-rows.ts';
import { inPlaceArrays } from './in-place-arrays.ts';
import type { AdamConfig } from './adam-config.ts';
import { lazyAdamRows, type AdamArrays, type AdamRows } from './lazy-adam.ts';
import type { Random } from '../random.ts';

/** A table as plain data (checkpoints, worker transfer); each array is rows × width, row-major. */
export interface FactorTableData {
  rows: number;
  width: number;
  weights: Float32Array;
  m: Float32Array;
  v: Float32Array;
}

export class FactorTable {
  private current: AdamRows;

  private constructor(
    readonly rows: number,
    readonly width: number,
    state: AdamRows,
  ) {
    this.current = state;
  }

  /**
   * Weights ~ N(0, std²) from the seeded generator; `constants(row)` pins columns of a row to
   * fixed values (biased MF's bias and "1" columns), which stay put when their gradient is masked.
   */
  static random(rows: number, width: number, rng: Random, std: number, constants: (row: number) => Record<number, number> = () => ({})): FactorTable {
    const weights = new Float32Array(rows * width);
    for (let r = 0; r < rows; r++) {
      const fixed = constants(r);
      for (let c = 0; c < width; c++) weights[r * width + c] = fixed[c] ?? rng.normal() * std;
    }
    return FactorTable.fromData({ rows, width, weights, m: new Float32Array(rows * width), v: new Float32Array(rows * width) });
  }

  static fromData(data: FactorTableData): FactorTable {
    const size = data.rows * data.width;
    for (const part of ['weights', 'm', 'v'] as const) {
      if (!(data[part] instanceof Float32Array) || data[part].length !== size) {
        throw new RecError(
          'CHECKPOINT_INVALID',
          `A ${data.rows} × ${data.width} factor table needs ${size} values in "${part}", got ${data[part]?.length}; ` +
            'the checkpoint is damaged or from another dataset: train the model again.',
        );
      }
    }
    const shape: [number, number] = [data.rows, data.width];
    // Copies: the CPU backend keeps the very array it is given, and see `ownCopy`.
    const own = (values: Float32Array) => tf.tensor2d(values.slice(), shape, 'float32');
    return new FactorTable(data.rows, data.width, { weights: own(data.weights), m: own(data.m), v: own(data.v) });
  }

  /** The weights, [rows, width]. Owned by the table: do not dispose; do not keep across updates. */
  weights(): tf.Tensor2D {
    return this.current.weights;
  }

  /**
   * The next weights and moments after one lazy-Adam step on the touched rows `unique` ([U, 1]
   * int32, distinct), given their summed gradient [U, width]. Call inside `tf.tidy`, then `replace`.
   */
  next(unique: tf.Tensor2D, grad: tf.Tensor2D, adam: AdamConfig, t: number): AdamRows {
    const { weights, m, v } = this.current;
    const rows = lazyAdamRows(
      { weights: gatherRows(weights, unique), m: gatherRows(m, unique), v: gatherRows(v, unique) },
      grad,
      adam,
      t,
    );
    return {
      weights: tf.tensorScatterUpdate(weights, unique, rows.weights),
      m: tf.tensorScatterUpdate(m, unique, rows.m),
      v: tf.tensorScatterUpdate(v, unique, rows.v),
    };
  }

  /**
   * One lazy-Adam step with tensor ops, from per-sample gradient rows `sampleGrads`
   * ([slots.length, width]; row k belongs to table row `unique[slots[k]]`, `unique` distinct):
   * `scatterND` sums them per row (it adds duplicates), then `next` and `replace`. The path for
   * backends without `updateInPlace` (WebGPU, WebGL). May run inside `tf.tidy`.
   */
  update(unique: Int32Array, slots: Int32Array, sampleGrads: tf.Tensor2D, adam: AdamConfig, t: number): void {
    const next = tf.tidy(() => {
      const column = (values: Int32Array) => tf.tensor2d(values, [values.length, 1], 'int32');
      const grad = tf.scatterND(column(slots), sampleGrads, [unique.length, this.width]) as tf.Tensor2D;
      return this.next(column(unique), grad, adam, t);
    });
    // Kept: an enclosing tidy must not dispose the table's new state.
    this.replace({ weights: tf.keep(next.weights), m: tf.keep(next.m), v: tf.keep(next.v) });
  }

  /**
   * Runs `apply` on live views of the weights and moments, which it may change in place (WASM and
   * CPU backends; see in-place-arrays.ts). Returns false, without calling `apply`, where
   * the backend cannot: use `update` there. `apply` must not create or dispose tensors.
   */
  updateInPlace(apply: (state: AdamArrays) => void): boolean {
    const { weights, m, v } = this.current;
    return inPlaceArrays([weights, m, v], ([w, mm, vv]) => apply({ weights: w!, m: mm!, v: vv! }));
  }

  /**
   * The weights and moments as they are now, for kernels that write them in place on the GPU
   * (webgpu/gpu-train-step.ts). Owned by the table: do not dispose; do not keep across updates.
   */
  state(): AdamRows {
    return this.current;
  }

  /** Takes ownership of `next` and disposes the previous tensors. */
  replace(next: AdamRows): void {
    const old = this.current;
    this.current = next;
    for (const part of ['weights', 'm', 'v'] as const) if (old[part] !== next[part]) old[part].dispose();
  }

  /** Copies of the tensors (kept as the best model during early stopping). */
  clone(): AdamRows {
    return { weights: ownCopy(this.current.weights), m: ownCopy(this.current.m), v: ownCopy(this.current.v) };
  }

  async toData(): Promise<FactorTableData> {
    const [weights, m, v] = await Promise.all([this.current.weights.data(), this.current.m.data(), this.current.v.data()]);
    // slice(): on the CPU backend data() can hand out the tensor's own buffer.
    return {
      rows: this.rows,
      width: this.width,
      weights: (weights as Float32Array).slice(),
      m: (m as Float32Array).slice(),
      v: (v as Float32Array).slice(),
    };
  }

  dispose(): void {
    this.current.weights.dispose();
    this.current.m.dispose();
    this.current.v.dispose();
  }
}

/**
 * A copy with its own buffer. `tensor.clone()` shares the buffer, and the CPU backend's
 * TensorScatterUpdate (TF.js 4.22) writes the update into its input tensor's buffer in place, so
 * a shared buffer would change under a snapshot (or a checkpoint's arrays) at the next step.
 */
function ownCopy(t: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.add(t, tf.scalar(0)));
}
