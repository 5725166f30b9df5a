/**
 * SASRec's trainable state: the flat weight vector and Adam's two moments (param-layout.ts), as
 * three TF.js tensors of `size` floats. On WASM and CPU a step changes them in place (backend.ts
 * `inPlaceArrays`); on GPU backends it replaces them.
 */
import * as tf from '@tensorflow/tfjs-core';
import { RecError } from '../../errors.ts';
import { inPlaceArrays } from '../in-place-arrays.ts';

export interface FlatState {
  w: tf.Tensor1D;
  m: tf.Tensor1D;
  v: tf.Tensor1D;
}

export interface FlatStateData {
  w: Float32Array;
  m: Float32Array;
  v: Float32Array;
}

export class ParamState {
  private constructor(private current: FlatState) {}

  static fromData(data: FlatStateData, size: number): ParamState {
    for (const part of ['w', 'm', 'v'] as const) {
      if (!(data[part] instanceof Float32Array) || data[part].length !== size) {
        throw new RecError(
          'CHECKPOINT_INVALID',
          `SASRec needs ${size} values in "${part}", got ${data[part]?.length}; the checkpoint is damaged or from another configuration: train the model again.`,
        );
      }
    }
    // Copies: the CPU backend keeps the very array it is given.
    const own = (values: Float32Array) => tf.tensor1d(values.slice(), 'float32');
    return new ParamState({ w: own(data.w), m: own(data.m), v: own(data.v) });
  }

  static initial(weights: Float32Array): ParamState {
    return ParamState.fromData({ w: weights, m: new Float32Array(weights.length), v: new Float32Array(weights.length) }, weights.length);
  }

  get tensors(): FlatState {
    return this.current;
  }

  /** Runs `apply` on live views of w, m, v (WASM, CPU); false where the backend cannot (then nothing ran). */
  inPlace(apply: (state: FlatStateData) => void): boolean {
    const { w, m, v } = this.current;
    return inPlaceArrays([w, m, v], ([ww, mm, vv]) => apply({ w: ww!, m: mm!, v: vv! }));
  }

  /** Takes ownership of `next`, disposing what it replaces. */
  replace(next: FlatState): void {
    const old = this.current;
    this.current = next;
    for (const part of ['w', 'm', 'v'] as const) if (old[part] !== next[part]) old[part].dispose();
  }

  /** Copies with their own buffers (a `clone()` would share them, and in-place steps would change the copy). */
  clone(): FlatState {
    const own = (t: tf.Tensor1D) => tf.tidy(() => tf.add(t, tf.scalar(0))) as tf.Tensor1D;
    return { w: own(this.current.w), m: own(this.current.m), v: own(this.current.v) };
  }

  async toData(): Promise<FlatStateData> {
    const [w, m, v] = await Promise.all([this.current.w.data(), this.current.m.data(), this.current.v.data()]);
    // slice(): on the CPU backend data() can hand out the tensor's own buffer.
    return { w: (w as Float32Array).slice(), m: (m as Float32Array).slice(), v: (v as Float32Array).slice() };
  }

  dispose(): void {
    this.current.w.dispose();
    this.current.m.dispose();
    this.current.v.dispose();
  }
}
