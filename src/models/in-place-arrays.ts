/**
 * In-place updates of tensors on the backends whose storage JavaScript can address (WASM, CPU).
 */
import * as tf from '@tensorflow/tfjs-core';
import { RecError } from '../errors.ts';

/**
 * Hands live views of float32 tensors' storage to `apply`, which may change them IN PLACE, on the
 * backends whose tensors live in memory JavaScript can address: WASM (the module's heap:
 * `backend.typedArrayFromHeap(info)`) and CPU (`backend.data.get(dataId).values`). It runs as a
 * kernel of our own, registered through TF.js's public `registerKernel`, so it executes in the
 * engine's order like any op. Why: tensors are immutable as far as ops go, so a training step made
 * of ops copies the whole table and both moment tables (`tensorScatterUpdate`) and runs ~40 small
 * kernels; one fused pass over the touched rows in place made a BPR-MF epoch on ml-latest-small
 * ~1.7× faster on WASM and ~35× faster on CPU (l4r bench train, loaded 2-core machine). On WASM
 * the views are slices of the backend's memory, so a WebAssembly kernel can take their
 * `byteOffset`s as pointers (see `wasmHeap`); that SIMD kernel made the step another ~3× faster.
 * Returns false (and calls nothing) on GPU backends, whose buffers are not addressable, and when a
 * tensor shares its storage with another tensor (a `reshape`, or a `clone()` on CPU), which a
 * write would change too.
 * `apply` must not create or dispose tensors. It may allocate from the WASM heap (`wasmHeap`),
 * but a growth of the memory detaches the views: take their offsets first.
 */
const IN_PLACE_KERNEL = 'L4rInPlaceArrays';
const IN_PLACE_BACKENDS = ['wasm', 'cpu'] as const;
type InPlaceApply = (arrays: Float32Array[]) => void;
let inPlaceRegistered = false;

function liveFloats(backendName: string, backend: unknown, info: tf.TensorInfo): Float32Array {
  const values =
    backendName === 'wasm'
      ? (backend as { typedArrayFromHeap(info: tf.TensorInfo): unknown }).typedArrayFromHeap(info)
      : (backend as { data: { get(id: unknown): { values?: unknown } } }).data.get(info.dataId).values;
  if (!(values instanceof Float32Array)) {
    throw new RecError('CONFIG_INVALID', `In-place updates need float32 tensors on ${backendName}; got ${info.dtype}.`);
  }
  return values;
}

function registerInPlaceKernel(): void {
  if (inPlaceRegistered) return;
  inPlaceRegistered = true;
  for (const backendName of IN_PLACE_BACKENDS) {
    tf.registerKernel({
      kernelName: IN_PLACE_KERNEL,
      backendName,
      kernelFunc: ({ inputs, attrs, backend }) => {
        const count = Object.keys(inputs).length;
        const arrays = Array.from({ length: count }, (_, k) => liveFloats(backendName, backend, inputs[`t${k}`] as tf.TensorInfo));
        (attrs as unknown as { apply: InPlaceApply }).apply(arrays);
        // No outputs: the inputs were changed where they lie.
        return [];
      },
    });
  }
}

/** Calls `apply` with live views of `tensors` (in order) and returns true, or returns false: see above. */
export function inPlaceArrays(tensors: tf.Tensor[], apply: InPlaceApply): boolean {
  const name = tf.getBackend();
  if (name !== 'wasm' && name !== 'cpu') return false;
  const backend = tf.backend();
  for (const t of tensors) if (t.dtype !== 'float32' || backend.refCount(t.dataId) !== 1) return false;
  registerInPlaceKernel();
  const inputs: Record<string, tf.Tensor> = {};
  tensors.forEach((t, k) => (inputs[`t${k}`] = t));
  tf.engine().runKernel(IN_PLACE_KERNEL, inputs, { apply } as unknown as tf.NamedAttrMap);
  return true;
}
