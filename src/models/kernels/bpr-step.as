// AssemblyScript source of the BPR-MF training step kernel (WebAssembly SIMD, f32x4).
// Compiled by `npm run build:kernels` into bpr-step-wasm.ts (base64); bpr-step-kernel.ts loads it.
// The extension is .as, not .ts, so tsc and Vite leave this file alone: it is AssemblyScript.
//
// The module imports the TF.js WASM backend's own memory and works on tensors where they lie:
// every pointer below is a byte offset into that memory. It must never write anywhere it was not
// told to, so it has no data segments, no allocator use and no strings (checked by a unit test).
//
// One call = one training step on a batch of triples (u, i+, i−), the same math as the JS path
// (mf-losses.ts `bprGradientsInto`, then lazy-adam.ts `lazyAdamInPlace`):
//   x = p·(q⁺ − q⁻), loss += softplus(−x), g = −σ(−x)/B, reg = λ/B
//   ∂p += g(q⁺ − q⁻) + reg·p, ∂q⁺ += g·p + reg·q⁺, ∂q⁻ += −g·p + reg·q⁻   (summed per touched row)
//   then lazy Adam on the touched rows only: m = β1·m + (1−β1)·∂, v = β2·v + (1−β2)·∂², w −= s·m/(√v + ε̂)
// Rows are deduplicated on the fly: slotOf[row] is −1 for an untouched row (the caller fills it
// with −1 once) and the step puts every touched row back to −1 before it returns.

// Rows touched so far in this step (a global, not memory: nothing outside the step reads it).
let touched: i32 = 0;

/** The gradient row of table row `row`, claimed (and zeroed) on first touch in this step. */
// @ts-ignore: decorator
@inline function gradRow(row: i32, slotOf: usize, unique: usize, grad: usize, rowBytes: i32): usize {
  const at = slotOf + (<usize>row << 2);
  let slot = load<i32>(at);
  if (slot < 0) {
    slot = touched++;
    store<i32>(at, slot);
    store<i32>(unique + (<usize>slot << 2), row);
    const start = grad + <usize>slot * <usize>rowBytes;
    const zero = f32x4.splat(0);
    for (let c: usize = 0; c < <usize>rowBytes; c += 16) v128.store(start + c, zero);
  }
  return grad + <usize>slot * <usize>rowBytes;
}

/**
 * One BPR step with lazy Adam. `weights`, `m`, `v`: [rows, dim] f32 tables (users first, then
 * items at row `itemOffset + item`). `users`, `positives`, `negatives`: `batch` i32 each.
 * `slotOf`: i32 per table row, all −1. `unique`: room for 3·batch i32. `grad`: room for
 * 3·batch·dim f32. `dim` must be a multiple of 4. Returns the batch's summed Σ softplus(−x).
 */
export function bprStep(
  weights: usize, m: usize, v: usize, dim: i32,
  users: usize, positives: usize, negatives: usize, batch: i32, itemOffset: i32,
  slotOf: usize, unique: usize, grad: usize,
  l2: f64, beta1: f64, beta2: f64, stepSize: f64, epsilonHat: f64,
): f64 {
  const rowBytes = dim << 2;
  const reg = f32x4.splat(<f32>(l2 / batch));
  const minusInvBatch = -1.0 / <f64>batch;
  touched = 0;
  let loss: f64 = 0;

  // Pass 1: gradients, summed per touched row. Reads weights only; nothing is updated yet.
  for (let k = 0; k < batch; k++) {
    const u = load<i32>(users + (<usize>k << 2));
    const i = load<i32>(positives + (<usize>k << 2)) + itemOffset;
    const j = load<i32>(negatives + (<usize>k << 2)) + itemOffset;
    const pu = weights + <usize>u * <usize>rowBytes;
    const pi = weights + <usize>i * <usize>rowBytes;
    const pj = weights + <usize>j * <usize>rowBytes;

    let acc = f32x4.splat(0);
    for (let c: usize = 0; c < <usize>rowBytes; c += 16) {
      acc = f32x4.add(acc, f32x4.mul(v128.load(pu + c), f32x4.sub(v128.load(pi + c), v128.load(pj + c))));
    }
    const x = <f64>(f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
    // softplus(−x) = −ln σ(x) and σ(−x) from one exp, stable on both sides.
    const e = Math.exp(-Math.abs(x));
    loss += (x > 0 ? 0 : -x) + Math.log1p(e);
    const sigmaMinusX = x > 0 ? e / (1 + e) : 1 / (1 + e);
    const g = f32x4.splat(<f32>(minusInvBatch * sigmaMinusX));

    const gu = gradRow(u, slotOf, unique, grad, rowBytes);
    const gi = gradRow(i, slotOf, unique, grad, rowBytes);
    const gj = gradRow(j, slotOf, unique, grad, rowBytes);
    for (let c: usize = 0; c < <usize>rowBytes; c += 16) {
      const p = v128.load(pu + c);
      const qi = v128.load(pi + c);
      const qj = v128.load(pj + c);
      const gp = f32x4.mul(g, p);
      // One store before the next load of the same address: correct even when i == j.
      v128.store(gu + c, f32x4.add(v128.load(gu + c), f32x4.add(f32x4.mul(g, f32x4.sub(qi, qj)), f32x4.mul(reg, p))));
      v128.store(gi + c, f32x4.add(v128.load(gi + c), f32x4.add(gp, f32x4.mul(reg, qi))));
      v128.store(gj + c, f32x4.add(v128.load(gj + c), f32x4.sub(f32x4.mul(reg, qj), gp)));
    }
  }

  // Pass 2: lazy Adam on the touched rows; then mark them untouched for the next step.
  const b1 = f32x4.splat(<f32>beta1);
  const b2 = f32x4.splat(<f32>beta2);
  const ob1 = f32x4.splat(<f32>(1 - beta1));
  const ob2 = f32x4.splat(<f32>(1 - beta2));
  const step = f32x4.splat(<f32>stepSize);
  const eps = f32x4.splat(<f32>epsilonHat);
  for (let s = 0; s < touched; s++) {
    const row = load<i32>(unique + (<usize>s << 2));
    const offset = <usize>row * <usize>rowBytes;
    const gs = grad + <usize>s * <usize>rowBytes;
    for (let c: usize = 0; c < <usize>rowBytes; c += 16) {
      const gr = v128.load(gs + c);
      const mt = f32x4.add(f32x4.mul(b1, v128.load(m + offset + c)), f32x4.mul(ob1, gr));
      const vt = f32x4.add(f32x4.mul(b2, v128.load(v + offset + c)), f32x4.mul(f32x4.mul(ob2, gr), gr));
      v128.store(m + offset + c, mt);
      v128.store(v + offset + c, vt);
      const w = v128.load(weights + offset + c);
      v128.store(weights + offset + c, f32x4.sub(w, f32x4.div(f32x4.mul(step, mt), f32x4.add(f32x4.sqrt(vt), eps))));
    }
    store<i32>(slotOf + (<usize>row << 2), -1);
  }
  return loss;
}
