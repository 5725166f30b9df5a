/**
 * The GPU query kernels (gpu-queries.ts) for a model, where they can run: the model offers
 * `scoringTensors` (MF does), TF.js runs on WebGPU and the fused kernels are on. Otherwise these
 * return null and the caller takes its CPU path (queries.ts, eval/evaluate.ts): same results.
 */
import type { ScoredIndex } from '../queries.ts';
import type { ScoringModel } from '../scoring-model.ts';
import { exclusionMask, type Excluded } from './exclusion-mask.ts';
import { fusedWebGpuEnabled } from './fused-switch.ts';
import { GpuQueries, type DeviceScoring, type TargetRanks } from './gpu-queries.ts';
import { tfjsWebGpu } from './tfjs-device.ts';

/** A model whose scores the kernels can compute from its own tensors. */
export interface DeviceScorable {
  scoringTensors(): DeviceScoring;
}

/** At most this many mask words per pass (64 MiB), so a huge catalogue × many users is split. */
const MAX_MASK_WORDS = 16 * 1024 * 1024;

function onDevice(model: ScoringModel): { queries: GpuQueries; scoring: DeviceScoring } | null {
  if (!fusedWebGpuEnabled() || typeof (model as Partial<DeviceScorable>).scoringTensors !== 'function') return null;
  const backend = tfjsWebGpu();
  if ('unavailable' in backend) return null;
  return { queries: GpuQueries.on(backend), scoring: (model as ScoringModel & DeviceScorable).scoringTensors() };
}

/** Users per pass for a catalogue of `items`. */
function usersPerPass(items: number): number {
  return Math.max(1, Math.floor(MAX_MASK_WORDS / Math.max(1, Math.ceil(items / 32))));
}

/**
 * Each user's k best items, `excluded[b]` left out, selected on the GPU (only ids and scores come
 * back); null where the kernels cannot run here. `users` must be valid user indices.
 */
export async function topKOnDevice(model: ScoringModel, users: Int32Array, k: number, excluded: readonly Excluded[]): Promise<ScoredIndex[][] | null> {
  const gpu = onDevice(model);
  if (!gpu) return null;
  const out: ScoredIndex[][] = [];
  const step = usersPerPass(model.numItems);
  for (let start = 0; start < users.length; start += step) {
    const batch = users.subarray(start, Math.min(users.length, start + step));
    const mask = exclusionMask(model.numItems, excluded.slice(start, start + batch.length));
    const { index, score } = await gpu.queries.topK(gpu.scoring, batch, k, mask);
    for (let b = 0; b < batch.length; b++) {
      const list: ScoredIndex[] = [];
      for (let r = 0; r < k && index[b * k + r]! >= 0; r++) list.push({ index: index[b * k + r]!, score: score[b * k + r]! });
      out.push(list);
    }
  }
  return out;
}

/**
 * Ranks of each user's held-out item among the items `excluded(b)` leaves (eval/rank.ts's rule),
 * all users in as few passes as the mask memory allows (one for ml-latest-small); null where the
 * kernels cannot run here. `users` and `targets` must be valid indices.
 */
export async function rankTargetsOnDevice(
  model: ScoringModel,
  users: Int32Array,
  targets: Int32Array,
  excluded: (b: number) => Excluded,
  onPass?: (done: number) => void,
): Promise<TargetRanks | null> {
  const gpu = onDevice(model);
  if (!gpu) return null;
  const n = users.length;
  const out: TargetRanks = { rank: new Uint32Array(n), candidates: new Uint32Array(n), firstNaN: new Int32Array(n), targetScore: new Float32Array(n) };
  const step = usersPerPass(model.numItems);
  for (let start = 0; start < n; start += step) {
    const end = Math.min(n, start + step);
    const mask = exclusionMask(model.numItems, Array.from({ length: end - start }, (_, b) => excluded(start + b)));
    const part = await gpu.queries.rankTargets(gpu.scoring, users.subarray(start, end), targets.subarray(start, end), mask);
    out.rank.set(part.rank, start);
    out.candidates.set(part.candidates, start);
    out.firstNaN.set(part.firstNaN, start);
    out.targetScore.set(part.targetScore, start);
    if (end < n) onPass?.(end);
  }
  return out;
}
