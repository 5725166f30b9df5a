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
import * as tf from '@tensorflow/tfjs-core';
import { RecError } from '../errors.ts';
import { chosenWasmLocation, markWasmLocationUsed } from '../runtime/wasm-paths.ts';
import { loadBackendModule } from './backend-modules.ts';
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
/** Where the WASM backend was told to fetch its binaries, for the reason given when it cannot start. */
let wasmLocation = '';

/** The WASM backend loads its .wasm binary itself; tell it where the binary lives. Must run before init. */
async function prepareWasm(): Promise<void> {
  if (wasmPathsSet) return;
  const { setWasmPaths } = await import('@tensorflow/tfjs-backend-wasm');
  const chosen = chosenWasmLocation();
  if (chosen !== undefined) {
    setWasmPaths(chosen);
    markWasmLocationUsed(chosen);
    wasmLocation = typeof chosen === 'string' ? chosen : Object.values(chosen).join(', ');
  } else if (isNode()) {
    // Node's own accessor, not an import: no bundler sees node:module in a browser build.
    const { createRequire } = process.getBuiltinModule('node:module');
    const require = createRequire(import.meta.url);
    const pkg = require.resolve('@tensorflow/tfjs-backend-wasm/package.json');
    // Emscripten in Node reads a plain file path (not a file:// URL) with fs.
    setWasmPaths(pkg.slice(0, pkg.length - 'package.json'.length) + 'dist/');
  } else {
    const { browserWasmPaths } = await import('./wasm-paths-browser.ts');
    setWasmPaths(browserWasmPaths);
    markWasmLocationUsed(browserWasmPaths);
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

/** Checks the backend can exist here and loads its package (backend-modules.ts); returns why not when it cannot. */
async function register(name: BackendName): Promise<string | null> {
  if (name === 'webgpu') {
    const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
    if (!gpu && isNode()) return 'WebGPU in Node needs Dawn as navigator.gpu first (node --import tsx --import ./bench/node-webgpu-preload.ts, in a checkout of the repository)';
    if (!gpu) return 'navigator.gpu is missing (this browser has no WebGPU, or it is disabled)';
    if (!(await requestAdapter())) return 'navigator.gpu.requestAdapter() returned no adapter';
  }
  if (name === 'webgl' && isNode()) return 'WebGL does not exist in Node';
  try {
    await loadBackendModule(name);
  } catch (error) {
    return `its code could not be loaded: ${String(error)}`;
  }
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
    const where = name === 'wasm' && wasmLocation ? `; its .wasm binaries were fetched from ${wasmLocation}: check the wasmPaths option` : '';
    return `initialising the ${name} backend failed (TF.js logged the cause to the console)${where}`;
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
