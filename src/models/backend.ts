/**
 * The ONE place that picks the TF.js backend. Nothing else in the codebase asks which backend
 * is active: callers get a `BackendChoice` and pass it on (to progress reports, the demo, benchmarks).
 *
 * Where a WebGPU adapter exists (browsers; Node with Dawn preloaded), the automatic choice is BY
 * MEASUREMENT: a short calibration of the fused WebGPU kernels, the WASM SIMD kernel and the CPU
 * for the model's shape, remembered per adapter (webgpu/backend-calibration.ts); the figures
 * travel as `BackendChoice.measured`. WebGL is not measured then: on a software renderer it is the
 * CPU emulating a GPU (minutes per epoch), and beside WebGPU it runs the same math as ~40 tensor
 * ops per step. Without an adapter the order is as before: browser webgl → wasm → cpu (a software
 * WebGL renderer passed over), Node wasm → cpu. An explicit request (`useBackend`, `backend:`
 * options) gets exactly what it names.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
// Imported statically (it registers itself only where navigator.gpu exists): a dynamic import is
// discovered late by Vite's dependency optimizer, which then reloads the page mid-run.
import '@tensorflow/tfjs-backend-webgpu';
import { RecError } from '../errors.ts';
import { BACKEND_REQUESTS, isBackendRequest, type BackendName, type BackendRequest } from './backend-request.ts';
import { softwareAdapterName, softwareGpuSkips } from './software-adapter.ts';
import type { Calibration, ModelShape } from './webgpu/backend-calibration.ts';
import type { CalibrationMemory } from './webgpu/calibration-memory.ts';

export type { BackendName, BackendRequest } from './backend-request.ts';
export type { Calibration, ModelShape } from './webgpu/backend-calibration.ts';

export interface BackendChoice {
  backend: BackendName;
  /** Backends tried before the chosen one, with why each was passed over. */
  skipped: { name: BackendName; reason: string }[];
  /** The calibration that decided an automatic choice (ms per training step per backend), where one ran or was remembered. */
  measured?: Calibration;
}

/** What the automatic choice measures for, and where it remembers what it measured. */
export interface ChooseOptions {
  /** The model to train (default: ml-latest-small's shape with the default config). */
  shape?: ModelShape;
  memory?: CalibrationMemory;
  /** Measure again even if figures for this adapter and shape are remembered. */
  recalibrate?: boolean;
}

export const BROWSER_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];
export const NODE_ORDER: readonly BackendName[] = ['wasm', 'cpu'];

export function isNode(): boolean {
  return typeof process !== 'undefined' && typeof process.versions?.node === 'string';
}

/** Backends worth trying in this environment, fastest first. */
export function backendOrder(): readonly BackendName[] {
  return isNode() ? NODE_ORDER : BROWSER_ORDER;
}

let wasmPathsSet = false;

/** The WASM backend loads its .wasm binary itself; tell it where the binary lives. Must run before init. */
async function prepareWasm(): Promise<void> {
  if (wasmPathsSet) return;
  if (isNode()) {
    // A variable specifier keeps Vite from bundling node:module into the browser build.
    const nodeModule = 'node:module';
    const { createRequire } = (await import(/* @vite-ignore */ nodeModule)) as typeof import('node:module');
    const require = createRequire(import.meta.url);
    const pkg = require.resolve('@tensorflow/tfjs-backend-wasm/package.json');
    // Emscripten in Node reads a plain file path (not a file:// URL) with fs.
    setWasmPaths(pkg.slice(0, pkg.length - 'package.json'.length) + 'dist/');
  } else {
    const { browserWasmPaths } = await import('./wasm-paths-browser.ts');
    setWasmPaths(browserWasmPaths);
  }
  wasmPathsSet = true;
}

/** Same request as TF.js's WebGPU backend makes, so the facts describe the adapter it would train on. */
async function requestAdapter(): Promise<GPUAdapter | null> {
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  if (!gpu) return null;
  return gpu.requestAdapter({ powerPreference: 'high-performance' }).catch(() => null);
}

/**
 * The WebGL renderer's unmasked name (e.g. "ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device …))"),
 * or null when there is no WebGL here or the browser hides it. Asked on an OffscreenCanvas, which
 * workers have too; the context is released at once.
 */
function webglRenderer(): string | null {
  if (typeof OffscreenCanvas === 'undefined') return null;
  try {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2') ?? new OffscreenCanvas(1, 1).getContext('webgl');
    if (!gl) return null;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : null;
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return typeof renderer === 'string' ? renderer : null;
  } catch {
    return null;
  }
}

/** Registers the backend's factory if it lives in a separate package; returns why not when it cannot. */
async function register(name: BackendName): Promise<string | null> {
  if (name === 'webgpu') {
    const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
    if (!gpu && isNode()) return 'WebGPU in Node needs Dawn as navigator.gpu first (node --import tsx --import ./src/models/webgpu/node/preload.ts)';
    if (!gpu) return 'navigator.gpu is missing (this browser has no WebGPU, or it is disabled)';
    if (!(await requestAdapter())) return 'navigator.gpu.requestAdapter() returned no adapter';
    return null;
  }
  if (name === 'webgl' && isNode()) return 'WebGL does not exist in Node';
  if (name === 'wasm') {
    try {
      await prepareWasm();
    } catch (error) {
      return `the .wasm binary could not be located: ${String(error)}`;
    }
  }
  return null;
}

/** Tries to make `name` the active backend; returns null on success or the reason it failed. */
async function tryBackend(name: BackendName): Promise<string | null> {
  const notRegistered = await register(name);
  if (notRegistered) return notRegistered;
  if (!tf.findBackendFactory(name)) return `the ${name} backend is not registered in this build`;
  try {
    if (await tf.setBackend(name)) {
      await tf.ready();
      return null;
    }
    return `initialising the ${name} backend failed (TF.js logged the cause to the console)`;
  } catch (error) {
    return `initialising the ${name} backend threw: ${String(error)}`;
  }
}

/**
 * Activates the fastest backend here for the model of `options.shape` (measured where a WebGPU
 * adapter exists, see above), or, given `order`, the first of it that works, as given (benchmarks
 * and tests that want SwiftShader's WebGPU). Throws BACKEND_UNAVAILABLE if none does.
 */
export async function chooseBackend(order?: readonly BackendName[], options: ChooseOptions = {}): Promise<BackendChoice> {
  if (order) return firstWorking(order, []);
  const adapter = await requestAdapter();
  if (isNode() && !adapter) return firstWorking(NODE_ORDER, []);
  if (!adapter) {
    const software = softwareGpuSkips(null, webglRenderer());
    const passedOver = new Set(software.map((s) => s.name));
    // WebGPU is still tried first: it fails with its own reason (no navigator.gpu, no adapter).
    return firstWorking(
      BROWSER_ORDER.filter((name) => !passedOver.has(name)),
      software,
    );
  }
  // A hardware WebGPU adapter: no WebGL context is ever made (nothing to ask it).
  const webgl: BackendChoice['skipped'] = isNode()
    ? []
    : softwareAdapterName(adapter)
      ? softwareGpuSkips(adapter, webglRenderer()).filter((s) => s.name === 'webgl')
      : [{ name: 'webgl', reason: 'not measured: WebGPU is here, and its fused kernels run what WebGL would as ~40 tensor ops per step' }];
  const { chooseByMeasurement } = await import('./webgpu/backend-calibration.ts');
  return chooseByMeasurement(['webgpu', 'wasm', 'cpu'], tryBackend, { ...options, passedOver: webgl });
}

async function firstWorking(order: readonly BackendName[], passedOver: BackendChoice['skipped']): Promise<BackendChoice> {
  const skipped = [...passedOver];
  for (const name of order) {
    const reason = await tryBackend(name);
    if (reason === null) return { backend: name, skipped };
    skipped.push({ name, reason });
  }
  throw new RecError(
    'BACKEND_UNAVAILABLE',
    `No TF.js backend could start (${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}). ` +
      'Use a browser with WebGPU or WebGL, or one that allows WebAssembly.',
  );
}

/** Activates exactly one backend (benchmarks compare them); throws BACKEND_UNAVAILABLE with the reason. */
export async function useBackend(name: BackendName): Promise<BackendChoice> {
  const reason = await tryBackend(name);
  if (reason === null) return { backend: name, skipped: [] };
  throw new RecError(
    'BACKEND_UNAVAILABLE',
    `The TF.js backend "${name}" was asked for but cannot start here: ${reason}. ` +
      `Ask for backend 'auto' to take the fastest one that works.`,
  );
}

/** 'auto' → chooseBackend(), a name → useBackend(name): what a `backend` option asks for. */
export async function activateBackend(request: BackendRequest = 'auto', options: ChooseOptions = {}): Promise<BackendChoice> {
  if (!isBackendRequest(request)) {
    throw new RecError('CONFIG_INVALID', `Unknown TF.js backend ${JSON.stringify(request)}; use one of ${BACKEND_REQUESTS.join(', ')}.`);
  }
  return request === 'auto' ? chooseBackend(undefined, options) : useBackend(request);
}

/**
 * Rows `indices` ([n, 1] int32) of a [rows, width] table. The one kernel choice that depends on
 * the backend, so it lives here: on WASM `gatherND` copies whole rows and is ~40× faster than
 * `gather` (a per-element generic loop there); on the CPU backend it is the other way round
 * (measured: 5,000 rows × 64 from 9,742 rows, WASM gather 45 ms vs gatherND 1.1 ms; CPU gather
 * 22 ms vs gatherND 65 ms, on a loaded 2-core machine).
 */
export function gatherRows(table: tf.Tensor2D, indices: tf.Tensor2D): tf.Tensor2D {
  if (tf.getBackend() === 'wasm') return tf.gatherND(table, indices) as tf.Tensor2D;
  return tf.tidy(() => tf.gather(table, indices.reshape([-1])));
}

/**
 * The active TF.js WASM backend's memory and allocator, for kernels of our own that work on
 * tensors where they lie (kernels/bpr-step-kernel.ts): a float32 tensor's storage is the slice of
 * `memory.buffer` that `inPlaceArrays` hands out, so its `byteOffset` is the kernel's pointer.
 * TF.js 4.22 keeps the Emscripten module at `backend.wasm`; its exports (`asm`) include the memory
 * in the single-threaded variants (Node, and pages that are not cross-origin isolated). The
 * multi-threaded variant imports a shared memory and exposes it nowhere we found, so there this
 * returns why not (and training takes the JS step). A candidate is checked against the heap views' buffer.
 */
export interface WasmHeap {
  memory: WebAssembly.Memory;
  /** Bytes from the backend's own allocator (Emscripten `_malloc`); may grow the memory. */
  malloc(bytes: number): number;
  free(pointer: number): void;
}

interface EmscriptenModule {
  HEAPU8?: Uint8Array;
  asm?: Record<string, unknown>;
  wasmMemory?: unknown;
  _malloc?: (bytes: number) => number;
  _free?: (pointer: number) => void;
}

export function wasmHeap(): WasmHeap | { unavailable: string } {
  if (tf.getBackend() !== 'wasm') return { unavailable: `the active TF.js backend is ${tf.getBackend()}, not wasm` };
  const module = (tf.backend() as unknown as { wasm?: EmscriptenModule }).wasm;
  const { _malloc: malloc, _free: free } = module ?? {};
  const heap = module?.HEAPU8?.buffer;
  if (!module || !heap || !malloc || !free) return { unavailable: 'the TF.js WASM backend does not expose its heap and allocator (TF.js changed?)' };
  const candidates = [module.wasmMemory, ...Object.values(module.asm ?? {})];
  const memory = candidates.find((c): c is WebAssembly.Memory => c instanceof WebAssembly.Memory && c.buffer === heap);
  if (!memory) {
    // The multi-threaded variant (cross-origin isolated pages) imports a shared memory it keeps to itself.
    const shared = typeof SharedArrayBuffer !== 'undefined' && heap instanceof SharedArrayBuffer;
    return { unavailable: `the TF.js WASM backend's ${shared ? 'shared (multi-threaded) ' : ''}WebAssembly.Memory is not reachable` };
  }
  return { memory, malloc: (bytes) => malloc(bytes), free: (pointer) => free(pointer) };
}

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
