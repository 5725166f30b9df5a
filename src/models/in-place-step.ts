/**
 * The path choice both MF models make for a training step on WASM and CPU: the SIMD kernel where
 * it loaded and the tables live in its memory, else the JavaScript reference step, both on the
 * table's own memory; where neither can reach that memory (GPU backends) the caller falls back to
 * tensor ops. Returns the step's loss (null: nothing ran, use tensor ops) and how it ran.
 */
import type { FactorTable } from './factor-table.ts';
import type { AdamArrays } from './lazy-adam.ts';
import type { StepInfo } from './step-info.ts';

/** The kernel's step on `state` (null: `state` is not in its memory, nothing changed), or why there is no kernel. */
export type KernelStep = ((state: AdamArrays) => number | null) | { unavailable: string };

const NOT_IN_KERNEL_MEMORY = "the table's storage cannot be changed in place (not in the WASM heap, or shared with another tensor)";

export function stepInPlace(table: FactorTable, kernel: KernelStep, js: (state: AdamArrays) => number): { loss: number | null; info: StepInfo } {
  let loss: number | null = null;
  let ranKernel = false;
  const done = table.updateInPlace((state) => {
    const fast = typeof kernel === 'function' ? kernel(state) : null;
    ranKernel = fast !== null;
    loss = fast ?? js(state);
  });
  if (ranKernel) return { loss, info: { path: 'wasm-simd' } };
  const kernelUnavailable = typeof kernel === 'function' ? NOT_IN_KERNEL_MEMORY : kernel.unavailable;
  return { loss: done ? loss : null, info: { path: done ? 'js-in-place' : 'tensor-ops', kernelUnavailable } };
}
