/**
 * The automatic backend choice BY MEASUREMENT, wherever a WebGPU adapter exists: a short
 * calibration trains a BPR-MF model of the caller's shape class for a few steps on each candidate
 * (the fused WebGPU kernels, the WASM SIMD kernel, the CPU) and the fastest per step wins. The
 * figures are remembered per adapter and shape class (calibration-memory.ts), so a device measures
 * once; they travel with the choice (`BackendChoice.measured`) to the demo's device panel.
 *
 * Why measure: which is faster depends on the device, not on the backend's name. On SwiftShader
 * (the CPU emulating a GPU) WASM wins by far; on an H200 the per-step overhead of WASM's single
 * core loses to one GPU submission per step. A rule ("software adapter: skip") guesses; this asks.
 */
import { RecError } from '../../errors.ts';
import type { BackendName } from '../backend-request.ts';
import { BprMf } from '../mf-bpr.ts';
import { Random } from '../../random.ts';
import { describeAdapter } from './adapter-description.ts';
import { calibrationMemory, type CalibrationMemory } from './calibration-memory.ts';

/** The model a choice is for: table rows (users + items), latent dimension, batch size. */
export interface ModelShape {
  rows: number;
  dim: number;
  batch: number;
}

/** ml-latest-small with the default config: what a choice is for when the caller does not say. */
export const DEFAULT_SHAPE: ModelShape = { rows: 610 + 9742, dim: 64, batch: 4096 };

const STEPS_PER_TRIAL = 4;
const TRIAL_BUDGET_MS = 300;

/** Bump when the kernels change enough that remembered figures no longer describe them. */
export const CALIBRATION_VERSION = 1;

export interface Calibration {
  /** adapter | shape class | version. */
  key: string;
  /** The adapter, as it describes itself (adapter-description.ts). */
  adapter: string;
  softwareAdapter: boolean;
  shapeClass: string;
  /** Milliseconds per training step, per backend that ran (the fastest is chosen). */
  msPerStep: Partial<Record<BackendName, number>>;
  /** Backends that could not start while measuring, with why. */
  failed: { name: BackendName; reason: string }[];
  /** ISO time of the measurement. */
  measuredAt: string;
  /** True when this choice used figures remembered from an earlier measurement. */
  remembered: boolean;
}

/** Tries to make a backend active: null on success, else why not (backend.ts `tryBackend`). */
export type Activate = (name: BackendName) => Promise<string | null>;

export interface MeasuredChoice {
  backend: BackendName;
  skipped: { name: BackendName; reason: string }[];
  measured: Calibration;
}

/** Rows rounded up to a power of two: models of about the same size share one calibration. */
export function shapeClass(shape: ModelShape): string {
  return `${2 ** Math.ceil(Math.log2(Math.max(2, shape.rows)))} rows · dim ${shape.dim} · batch ${shape.batch}`;
}

/**
 * Measures `candidates` (or recalls their figures), activates the fastest that starts and says
 * why each other one was passed over. `passedOver` are backends already ruled out, with reasons.
 */
export async function chooseByMeasurement(
  candidates: readonly BackendName[],
  activate: Activate,
  options: { shape?: ModelShape; memory?: CalibrationMemory; recalibrate?: boolean; passedOver?: { name: BackendName; reason: string }[] } = {},
): Promise<MeasuredChoice> {
  const shape = options.shape ?? DEFAULT_SHAPE;
  const memory = options.memory ?? calibrationMemory();
  const adapter = (await describeAdapter()) ?? { label: 'no WebGPU adapter', software: false };
  const key = `${adapter.label} | ${shapeClass(shape)} | v${CALIBRATION_VERSION}`;
  const known = options.recalibrate ? undefined : await memory.get(key).catch(() => undefined);
  const fits = known && candidates.every((name) => name in known.msPerStep || known.failed.some((f) => f.name === name));
  let calibration: Calibration;
  if (known && fits) {
    calibration = { ...known, remembered: true };
  } else {
    calibration = { key, adapter: adapter.label, softwareAdapter: adapter.software, shapeClass: shapeClass(shape), msPerStep: {}, failed: [], measuredAt: new Date().toISOString(), remembered: false };
    for (const name of candidates) {
      const reason = await activate(name);
      if (reason !== null) calibration.failed.push({ name, reason });
      else calibration.msPerStep[name] = await msPerStep(shape);
    }
    // A failure to remember only costs a measurement next time.
    await memory.set(calibration).catch(() => undefined);
  }
  const ranked = candidates.filter((name) => calibration.msPerStep[name] !== undefined).sort((a, b) => calibration.msPerStep[a]! - calibration.msPerStep[b]!);
  const skipped = [...(options.passedOver ?? []), ...calibration.failed];
  for (const name of ranked) {
    const reason = await activate(name);
    if (reason === null) {
      const best = calibration.msPerStep[name]!;
      const slower = ranked.filter((other) => other !== name && !skipped.some((s) => s.name === other));
      for (const other of slower) skipped.push({ name: other, reason: slowerReason(other, calibration, name, best) });
      return { backend: name, skipped: inBackendOrder(skipped), measured: calibration };
    }
    skipped.push({ name, reason });
  }
  throw new RecError(
    'BACKEND_UNAVAILABLE',
    `No TF.js backend could start (${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}). Use a browser with WebGPU or WebGL, or one that allows WebAssembly.`,
  );
}

function slowerReason(name: BackendName, c: Calibration, best: BackendName, bestMs: number): string {
  const ms = c.msPerStep[name]!;
  const on = name === 'webgpu' ? ` on ${c.adapter}${c.softwareAdapter ? ' (software: CPU emulation)' : ''}` : '';
  return `measured ${format(ms)} ms per training step${on}, ${best} ${format(bestMs)} ms (${(ms / bestMs).toFixed(1)}× slower; ${c.shapeClass})`;
}

function format(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);
}

/** Skipped backends in the usual order (webgpu, webgl, wasm, cpu), as the list reads elsewhere. */
function inBackendOrder(skipped: { name: BackendName; reason: string }[]) {
  const rank: Record<BackendName, number> = { webgpu: 0, webgl: 1, wasm: 2, cpu: 3 };
  return [...skipped].sort((a, b) => rank[a.name] - rank[b.name]);
}

/**
 * Milliseconds per BPR step of a fresh model of `shape` on the active backend: one untimed step
 * (kernel compilation, uploads), then trials of STEPS_PER_TRIAL steps, each ended by the loss
 * readback every epoch makes, for about TRIAL_BUDGET_MS (2 trials at least, 8 at most); the
 * fastest trial counts, since a busy machine only ever makes a trial slower. A backend whose
 * first step took over a second gets one trial.
 */
async function msPerStep(shape: ModelShape): Promise<number> {
  const users = Math.max(1, Math.floor(shape.rows / 16));
  const items = Math.max(2, shape.rows - users);
  const model = BprMf.create(users, items, { dim: shape.dim, batchSize: shape.batch, seed: 7 });
  const rng = new Random(11);
  const triples = (steps: number) => {
    const n = steps * shape.batch;
    return {
      user: Int32Array.from({ length: n }, () => rng.int(users)),
      positive: Int32Array.from({ length: n }, () => rng.int(items)),
      negative: Int32Array.from({ length: n }, () => rng.int(items)),
    };
  };
  try {
    const warmUp = triples(1);
    const first = performance.now();
    await model.trainEpoch(warmUp);
    const slow = performance.now() - first > 1000;
    const timed = triples(STEPS_PER_TRIAL);
    let best = Infinity;
    const started = performance.now();
    for (let trial = 1; trial <= 8; trial++) {
      const at = performance.now();
      await model.trainEpoch(timed);
      best = Math.min(best, (performance.now() - at) / STEPS_PER_TRIAL);
      if (slow || (trial >= 2 && performance.now() - started > TRIAL_BUDGET_MS)) break;
    }
    return best;
  } finally {
    model.dispose();
  }
}
