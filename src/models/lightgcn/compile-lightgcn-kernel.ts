/**
 * Compiles lightgcn-step.as with the MF kernels' options (src/models/kernels/compile-kernels.ts:
 * no data segment, imported memory, a plain and a shared variant). Node only; used by
 * `npm run build:kernels` and by a unit test that fails when the committed bytes are stale.
 */
import { readFile } from 'node:fs/promises';
import { compile, type CompiledKernel } from '../kernels/compile-kernels.ts';

export const LIGHTGCN_STEP_SOURCE = new URL('./lightgcn-step.as', import.meta.url);
export const LIGHTGCN_STEP_GENERATED = new URL('./lightgcn-step-wasm.ts', import.meta.url);
export const LIGHTGCN_STEP_NAMES = { name: 'lightgcn-step', constant: 'LIGHTGCN_STEP' };

export async function compileLightGcnStep(): Promise<CompiledKernel> {
  const source = await readFile(LIGHTGCN_STEP_SOURCE, 'utf8');
  return { plain: await compile(source, false, 'lightgcn-step'), shared: await compile(source, true, 'lightgcn-step') };
}
