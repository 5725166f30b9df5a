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

/** Shared by all three passes; 16 four-byte fields (gpu-train-step.ts `writeParams` fills them). */
const PARAMS = /* wgsl */ `
struct Params {
  batch: u32,
  uniqueRows: u32,
  width: u32,
  entries: u32,
  reg: f32,
  beta1: f32,
  beta2: f32,
  stepSize: f32,
  epsilonHat: f32,
  globalMean: f32,
  userMaskColumn: u32,
  itemMaskColumn: u32,
  // 1 − β1 and 1 − β2 computed in doubles on the host: in float32, 1 − 0.999 is off by 1.3e-5.
  oneMinusBeta1: f32,
  oneMinusBeta2: f32,
  unused2: u32,
  unused3: u32,
}
`;

/** Bytes of `Params`. */
export const PARAMS_BYTES = 64;

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
export const BPR_SAMPLES_WGSL = /* wgsl */ `
${PARAMS}
@group(0) @binding(0) var<storage, read> weights: array<f32>;
@group(0) @binding(1) var<storage, read> samples: array<u32>;
@group(0) @binding(2) var<storage, read_write> vectors: array<f32>;
@group(0) @binding(3) var<storage, read_write> losses: array<f32>;
@group(0) @binding(4) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  let k = id.x;
  if (k >= params.batch) { return; }
  let w = params.width;
  let pu = samples[3u * k] * w;
  let pi = samples[3u * k + 1u] * w;
  let pj = samples[3u * k + 2u] * w;
  var x = 0.0;
  for (var c = 0u; c < w; c++) {
    x += weights[pu + c] * (weights[pi + c] - weights[pj + c]);
  }
  // softplus(-x) = -ln sigma(x) and sigma(-x) from one exp, stable on both sides.
  let e = exp(-abs(x));
  losses[k] = max(-x, 0.0) + log(1.0 + e);
  let sigmaMinusX = select(1.0 / (1.0 + e), e / (1.0 + e), x > 0.0);
  let g = -sigmaMinusX / f32(params.batch);
  let userVector = k * w;
  let itemVector = (params.batch + k) * w;
  for (var c = 0u; c < w; c++) {
    vectors[userVector + c] = g * (weights[pi + c] - weights[pj + c]);
    vectors[itemVector + c] = g * weights[pu + c];
  }
}
`;

/**
 * Rating pass 1. Sample k's item vector is Q = q + Σ weight·a over its attribute entries
 * [firstEntry, endEntry); e = μ + p·Q − r. vectors[k] = (2e/B)·Q (the user's gradient),
 * vectors[B + k] = (2e/B)·p (the item's; an attribute entry's is weight × it).
 */
export const RATING_SAMPLES_WGSL = /* wgsl */ `
${PARAMS}
${ENTRY}
struct Sample {
  user: u32,
  item: u32,
  firstEntry: u32,
  endEntry: u32,
  rating: f32,
}
@group(0) @binding(0) var<storage, read> weights: array<f32>;
@group(0) @binding(1) var<storage, read> samples: array<Sample>;
@group(0) @binding(2) var<storage, read> entries: array<Entry>;
@group(0) @binding(3) var<storage, read_write> vectors: array<f32>;
@group(0) @binding(4) var<storage, read_write> losses: array<f32>;
@group(0) @binding(5) var<uniform> params: Params;

fn composed(s: Sample, c: u32) -> f32 {
  let w = params.width;
  var q = weights[s.item * w + c];
  for (var e = s.firstEntry; e < s.endEntry; e++) {
    q += entries[e].weight * weights[entries[e].row * w + c];
  }
  return q;
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  let k = id.x;
  if (k >= params.batch) { return; }
  let w = params.width;
  let s = samples[k];
  let pu = s.user * w;
  var dot = 0.0;
  for (var c = 0u; c < w; c++) {
    dot += weights[pu + c] * composed(s, c);
  }
  let err = params.globalMean + dot - s.rating;
  losses[k] = err * err;
  let de = 2.0 * err / f32(params.batch);
  let userVector = k * w;
  let itemVector = (params.batch + k) * w;
  for (var c = 0u; c < w; c++) {
    vectors[userVector + c] = de * composed(s, c);
    vectors[itemVector + c] = de * weights[pu + c];
  }
}
`;

/** Contribution roles, in the low two bits of a contribution code (row-contributions.ts). */
export const ROLE = { user: 0, item: 1, negativeItem: 2, attribute: 3 } as const;

/**
 * Pass 2, shared by both models. rowIndex: uniqueRows + 1 start offsets into `contributions`,
 * then the uniqueRows table rows. A contribution code is (index << 2) | role: role user → +vectors[index],
 * item → +vectors[B + index], negativeItem → −vectors[B + index], attribute → entry `index`:
 * weight·vectors[B + sample]; each with L2 on the row's own weight (regWeight·reg for an entry),
 * none on the masked column (the rating model's constant "1" columns).
 */
export const ROW_ADAM_WGSL = /* wgsl */ `
${PARAMS}
${ENTRY}
@group(0) @binding(0) var<storage, read_write> weights: array<f32>;
@group(0) @binding(1) var<storage, read_write> m: array<f32>;
@group(0) @binding(2) var<storage, read_write> v: array<f32>;
@group(0) @binding(3) var<storage, read> vectors: array<f32>;
@group(0) @binding(4) var<storage, read> contributions: array<u32>;
@group(0) @binding(5) var<storage, read> rowIndex: array<u32>;
@group(0) @binding(6) var<storage, read> entries: array<Entry>;
@group(0) @binding(7) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
        @builtin(local_invocation_id) local: vec3<u32>) {
  let s = group.x + group.y * groups.x;
  if (s >= params.uniqueRows) { return; }
  let w = params.width;
  let base = rowIndex[params.uniqueRows + 1u + s] * w;
  let first = rowIndex[s];
  let last = rowIndex[s + 1u];
  let items = params.batch * w;
  for (var c = local.x; c < w; c += 64u) {
    let own = weights[base + c];
    var g = 0.0;
    for (var n = first; n < last; n++) {
      let code = contributions[n];
      let role = code & 3u;
      let index = code >> 2u;
      if (role == ${ROLE.user}u) {
        if (c != params.userMaskColumn) { g += vectors[index * w + c] + params.reg * own; }
      } else if (role == ${ROLE.item}u) {
        if (c != params.itemMaskColumn) { g += vectors[items + index * w + c] + params.reg * own; }
      } else if (role == ${ROLE.negativeItem}u) {
        if (c != params.itemMaskColumn) { g += params.reg * own - vectors[items + index * w + c]; }
      } else {
        let e = entries[index];
        if (c != params.itemMaskColumn) { g += e.weight * vectors[items + e.sample * w + c] + e.regWeight * params.reg * own; }
      }
    }
    let mt = params.beta1 * m[base + c] + params.oneMinusBeta1 * g;
    let vt = params.beta2 * v[base + c] + params.oneMinusBeta2 * g * g;
    m[base + c] = mt;
    v[base + c] = vt;
    weights[base + c] = own - params.stepSize * mt / (sqrt(vt) + params.epsilonHat);
  }
}
`;

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
