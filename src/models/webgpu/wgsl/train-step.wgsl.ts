/**
 * WGSL of the fused training step (BPR-MF and biased/feature-aware MF), three dispatches in one
 * compute pass, one submission per step (gpu-train-step.ts records them):
 *
 *   1. samples (one invocation per sample): the sample's score, loss and the two per-sample
 *      gradient vectors every touched row needs, from the weights as they were before the step;
 *   2. rows (one workgroup per DISTINCT touched row, one invocation per column): the row's summed
 *      gradient over its contributions — the host lists them per row (row-contributions.ts), so no
 *      float atomics — plus L2 on the row's own weights, then lazy Adam on that row in place. A row
 *      is written only by its own workgroup, and it reads only the per-sample vectors of pass 1 and
 *      its own weights, so no workgroup reads what another writes;
 *   3. loss (one workgroup): adds the batch's summed loss to a running total on the device, read
 *      back once per epoch (or every `reportEvery` batches), never per step.
 *
 * The same math as the JavaScript reference (bpr-step.ts / mf-losses.ts `bprGradientsInto`,
 * rating-step.ts / feature-gradients.ts `ratingGradientsInto`, lazy-adam.ts `lazyAdamInPlace`);
 * a row's contributions are summed in the reference's order, in float32.
 */

import { laneHelpers, type Lanes } from './lanes.ts';

export { lanesFor, type Lanes } from './lanes.ts';

/**
 * The fields of `Params` (shared by all three passes), in order, each four bytes: the WGSL struct
 * below is written from this list, and gpu-train-step.ts `writeParams` packs by it, so the two
 * cannot disagree. 1 − β1 and 1 − β2 are computed in doubles on the host: in float32,
 * 1 − 0.999 is off by 1.3e-5.
 */
export const PARAM_FIELDS = [
  ['batch', 'u32'],
  ['uniqueRows', 'u32'],
  ['width', 'u32'],
  ['entries', 'u32'],
  ['reg', 'f32'],
  ['beta1', 'f32'],
  ['beta2', 'f32'],
  ['stepSize', 'f32'],
  ['epsilonHat', 'f32'],
  ['globalMean', 'f32'],
  ['userMaskColumn', 'u32'],
  ['itemMaskColumn', 'u32'],
  ['oneMinusBeta1', 'f32'],
  ['oneMinusBeta2', 'f32'],
] as const;

export type StepParams = Record<(typeof PARAM_FIELDS)[number][0], number>;

/** Bytes of `Params`: the fields, padded to a multiple of 16 (a uniform buffer's alignment). */
export const PARAMS_BYTES = Math.ceil((PARAM_FIELDS.length * 4) / 16) * 16;

const PARAMS = /* wgsl */ `
struct Params {
${PARAM_FIELDS.map(([name, type]) => `  ${name}: ${type},`).join('\n')}
${Array.from({ length: PARAMS_BYTES / 4 - PARAM_FIELDS.length }, (_, k) => `  unused${k}: u32,`).join('\n')}
}
`;

/** "No column masked" for userMaskColumn / itemMaskColumn. */
export const NO_MASK = 0xffffffff;

/** An attribute entry of the rating model: it adds weight × row to sample `sample`'s item vector. */
const ENTRY = /* wgsl */ `
struct Entry {
  sample: u32,
  row: u32,
  weight: f32,
  regWeight: f32,
}
`;

/** Bytes of one `Entry`. */
export const ENTRY_BYTES = 16;

/**
 * BPR pass 1. samples: 3 table rows per sample (user, positive item, negative item).
 * vectors[k] = g(q⁺ − q⁻) (the user's gradient), vectors[B + k] = g·p (± the items'), g = −σ(−x)/B.
 */
export function bprSamplesWgsl(lanes: Lanes): string {
  return /* wgsl */ `
${PARAMS}
${laneHelpers(lanes)}
@group(0) @binding(0) var<storage, read> weights: array<Chunk>;
@group(0) @binding(1) var<storage, read> samples: array<u32>;
@group(0) @binding(2) var<storage, read_write> vectors: array<Chunk>;
@group(0) @binding(3) var<storage, read_write> losses: array<f32>;
@group(0) @binding(4) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  let k = id.x;
  if (k >= params.batch) { return; }
  let chunks = params.width / ${lanes}u;
  let pu = samples[3u * k] * chunks;
  let pi = samples[3u * k + 1u] * chunks;
  let pj = samples[3u * k + 2u] * chunks;
  var x = 0.0;
  for (var c = 0u; c < chunks; c++) {
    x += total(weights[pu + c] * (weights[pi + c] - weights[pj + c]));
  }
  // softplus(-x) = -ln sigma(x) and sigma(-x) from one exp, stable on both sides.
  let e = exp(-abs(x));
  losses[k] = max(-x, 0.0) + log(1.0 + e);
  let sigmaMinusX = select(1.0 / (1.0 + e), e / (1.0 + e), x > 0.0);
  let g = -sigmaMinusX / f32(params.batch);
  let userVector = k * chunks;
  let itemVector = (params.batch + k) * chunks;
  for (var c = 0u; c < chunks; c++) {
    vectors[userVector + c] = g * (weights[pi + c] - weights[pj + c]);
    vectors[itemVector + c] = g * weights[pu + c];
  }
}
`;
}

/**
 * Rating pass 1. Sample k's item vector is Q = q + Σ weight·a over its attribute entries
 * [firstEntry, endEntry); e = μ + p·Q − r. vectors[k] = (2e/B)·Q (the user's gradient),
 * vectors[B + k] = (2e/B)·p (the item's; an attribute entry's is weight × it).
 */
export function ratingSamplesWgsl(lanes: Lanes): string {
  return /* wgsl */ `
${PARAMS}
${ENTRY}
${laneHelpers(lanes)}
struct Sample {
  user: u32,
  item: u32,
  firstEntry: u32,
  endEntry: u32,
  rating: f32,
}
@group(0) @binding(0) var<storage, read> weights: array<Chunk>;
@group(0) @binding(1) var<storage, read> samples: array<Sample>;
@group(0) @binding(2) var<storage, read> entries: array<Entry>;
@group(0) @binding(3) var<storage, read_write> vectors: array<Chunk>;
@group(0) @binding(4) var<storage, read_write> losses: array<f32>;
@group(0) @binding(5) var<uniform> params: Params;

fn composed(s: Sample, c: u32, chunks: u32) -> Chunk {
  var q = weights[s.item * chunks + c];
  for (var e = s.firstEntry; e < s.endEntry; e++) {
    q += entries[e].weight * weights[entries[e].row * chunks + c];
  }
  return q;
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  let k = id.x;
  if (k >= params.batch) { return; }
  let chunks = params.width / ${lanes}u;
  let s = samples[k];
  let pu = s.user * chunks;
  var dot = 0.0;
  for (var c = 0u; c < chunks; c++) {
    dot += total(weights[pu + c] * composed(s, c, chunks));
  }
  let err = params.globalMean + dot - s.rating;
  losses[k] = err * err;
  let de = 2.0 * err / f32(params.batch);
  let userVector = k * chunks;
  let itemVector = (params.batch + k) * chunks;
  for (var c = 0u; c < chunks; c++) {
    vectors[userVector + c] = de * composed(s, c, chunks);
    vectors[itemVector + c] = de * weights[pu + c];
  }
}
`;
}

/** Contribution roles, in the low two bits of a contribution code (row-contributions.ts). */
export const ROLE = { user: 0, item: 1, negativeItem: 2, attribute: 3 } as const;

/**
 * Pass 2, shared by both models: `threadsPerRow` invocations per distinct row (a power of two
 * ≤ 64), each on every threadsPerRow-th chunk of it. rowIndex: uniqueRows + 1 start offsets into
 * `contributions`, then the uniqueRows table rows. A contribution code is (index << 2) | role:
 * user → +vectors[index], item → +vectors[B + index], negativeItem → −vectors[B + index],
 * attribute → entry `index`: weight·vectors[B + sample]; each with L2 on the row's own weight
 * (regWeight·reg for an entry), and times the mask (0 on the rating model's constant "1" columns).
 */
export function rowAdamWgsl(lanes: Lanes, threadsPerRow: number, model: 'bpr' | 'rating'): string {
  return /* wgsl */ `
${PARAMS}
${ENTRY}
${laneHelpers(lanes)}
@group(0) @binding(0) var<storage, read_write> weights: array<Chunk>;
@group(0) @binding(1) var<storage, read_write> m: array<Chunk>;
@group(0) @binding(2) var<storage, read_write> v: array<Chunk>;
@group(0) @binding(3) var<storage, read> vectors: array<Chunk>;
@group(0) @binding(4) var<storage, read> contributions: array<u32>;
@group(0) @binding(5) var<storage, read> rowIndex: array<u32>;
@group(0) @binding(6) var<storage, read> entries: array<Entry>;
@group(0) @binding(7) var<uniform> params: Params;

const THREADS_PER_ROW = ${threadsPerRow}u;
const ROWS_PER_GROUP = ${64 / threadsPerRow}u;

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
        @builtin(local_invocation_id) local: vec3<u32>) {
  let s = (group.x + group.y * groups.x) * ROWS_PER_GROUP + local.x / THREADS_PER_ROW;
  if (s >= params.uniqueRows) { return; }
  let chunks = params.width / ${lanes}u;
  let base = rowIndex[params.uniqueRows + 1u + s] * chunks;
  let first = rowIndex[s];
  let last = rowIndex[s + 1u];
  let items = params.batch * chunks;
  for (var c = local.x % THREADS_PER_ROW; c < chunks; c += THREADS_PER_ROW) {
    let own = weights[base + c];
    var g = Chunk(0.0);
    ${model === 'bpr' ? BPR_ROW_SUM : RATING_ROW_SUM}
    let mt = params.beta1 * m[base + c] + params.oneMinusBeta1 * g;
    let vt = params.beta2 * v[base + c] + params.oneMinusBeta2 * g * g;
    m[base + c] = mt;
    v[base + c] = vt;
    weights[base + c] = own - params.stepSize * mt / (sqrt(vt) + params.epsilonHat);
  }
}
`;
}

/**
 * BPR's row sum: no masked columns and no attribute entries, so no branch on the role but the
 * sign (the same terms in the same order as the general form below, masks of 1 left out).
 */
const BPR_ROW_SUM = /* wgsl */ `for (var n = first; n < last; n++) {
      let code = contributions[n];
      let role = code & 3u;
      let term = vectors[select(items, 0u, role == ${ROLE.user}u) + (code >> 2u) * chunks + c];
      g += select(term, -term, role == ${ROLE.negativeItem}u) + params.reg * own;
    }`;

const RATING_ROW_SUM = /* wgsl */ `let userMask = laneMask(c, params.userMaskColumn);
    let itemMask = laneMask(c, params.itemMaskColumn);
    for (var n = first; n < last; n++) {
      let code = contributions[n];
      let role = code & 3u;
      let index = code >> 2u;
      if (role == ${ROLE.user}u) {
        g += (vectors[index * chunks + c] + params.reg * own) * userMask;
      } else if (role == ${ROLE.item}u) {
        g += (vectors[items + index * chunks + c] + params.reg * own) * itemMask;
      } else if (role == ${ROLE.negativeItem}u) {
        g += (params.reg * own - vectors[items + index * chunks + c]) * itemMask;
      } else {
        let e = entries[index];
        g += (e.weight * vectors[items + e.sample * chunks + c] + e.regWeight * params.reg * own) * itemMask;
      }
    }`;

/** Pass 3: total[0] += Σ losses[0 .. batch). */
export const LOSS_SUM_WGSL = /* wgsl */ `
${PARAMS}
@group(0) @binding(0) var<storage, read> losses: array<f32>;
@group(0) @binding(1) var<storage, read_write> total: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

var<workgroup> partial: array<f32, 256>;

@compute @workgroup_size(256)
fn main(@builtin(local_invocation_id) local: vec3<u32>) {
  var sum = 0.0;
  for (var k = local.x; k < params.batch; k += 256u) { sum += losses[k]; }
  partial[local.x] = sum;
  workgroupBarrier();
  for (var stride = 128u; stride > 0u; stride = stride >> 1u) {
    if (local.x < stride) { partial[local.x] += partial[local.x + stride]; }
    workgroupBarrier();
  }
  if (local.x == 0u) { total[0] += partial[0]; }
}
`;

/** Invocations per row in pass 2: one per chunk up to 64 (a power of two). */
export function threadsPerRow(width: number, lanes: Lanes): number {
  const chunks = width / lanes;
  let threads = 1;
  while (threads < chunks && threads < 64) threads *= 2;
  return threads;
}
