// The browser half of the calibration benchmark (bench/calibration-browser.ts): what the automatic
// backend choice costs where a WebGPU adapter exists, in one page, one after another:
//   1. `useBackend('wasm')` from cold: what the choice cost before it measured (on a software
//      adapter it went straight to WASM), the WASM backend's start-up included;
//   2. `chooseBackend()` with nothing remembered: the calibration (fused WebGPU, WASM, CPU);
//   3. `chooseBackend()` again: the figures remembered, only the winner activated.
import { chooseBackend, useBackend } from '../src/models/backend.ts';
import type { Calibration } from '../src/models/webgpu/backend-calibration.ts';
import { freshCalibrationMemory } from '../src/models/webgpu/calibration-memory.ts';

export interface CalibrationBenchResult {
  wasmOnlyMs: number;
  firstChoiceMs: number;
  rememberedChoiceMs: number;
  chosen: string;
  measured?: Calibration;
}

declare global {
  interface Window {
    runCalibrationBench?: () => Promise<CalibrationBenchResult>;
  }
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await work();
  return [value, performance.now() - start];
}

window.runCalibrationBench = async () => {
  const [, wasmOnlyMs] = await timed(() => useBackend('wasm'));
  // A memory of its own: figures an earlier run left in this profile's IndexedDB do not count.
  const memory = freshCalibrationMemory();
  const [first, firstChoiceMs] = await timed(() => chooseBackend(undefined, { memory }));
  const [, rememberedChoiceMs] = await timed(() => chooseBackend(undefined, { memory }));
  return { wasmOnlyMs, firstChoiceMs, rememberedChoiceMs, chosen: first.backend, ...(first.measured ? { measured: first.measured } : {}) };
};
