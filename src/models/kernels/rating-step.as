// AssemblyScript source of the rating model's training step kernel (WebAssembly SIMD, f32x4).
// Compiled by `npm run build:kernels` into rating-step-wasm.ts (base64); rating-step-kernel.ts loads it.
// The extension is .as, not .ts, so tsc and Vite leave this file alone: it is AssemblyScript.
//
// Like bpr-step.as it imports the TF.js WASM backend's own memory and works on tensors where they
// lie (every pointer is a byte offset into that memory); it never writes anywhere it was not told
// to: no data segments, no allocator, no strings (a unit test checks the module).
//
// One call = one step on a batch of ratings, the same math as the JS path (feature-gradients.ts
// `ratingGradientsInto` — its header holds the formulas — then lazy-adam.ts `lazyAdamInPlace`):
//   Q = q + Σ_e w_e·a_e,  err = μ + p·Q − r,  loss += err²,  de = 2·err/B,  reg = λ/B
//   ∂p += (de·Q + reg·p) ⊙ mP,  ∂q += (de·p + reg·q) ⊙ mQ,  ∂a_e += (w_e·de·p + ρ_e·reg·a_e) ⊙ mQ
//   then lazy Adam on the touched rows only.
// The host deduplicates the rows (rating-step.ts `ratingBatch`) and checks every index and slot
// first: the kernel has no bounds checks. Rows are `width` floats (dim + 2, not a multiple of 4):
// the lanes cover the first width & ~3 columns and a scalar tail the rest.

/**
 * `weights`, `m`, `v`: [rows, width] f32 tables. Per sample (`batch`): `users`, `items` (table rows),
 * `userSlots`, `itemSlots` (i32), `ratings` (f32). Per attribute entry (`entries`, grouped by sample
 * in sample order): `entrySample`, `attributes` (table rows), `attributeSlots` (i32), `entryWeights`,
 * `entryRegWeights` (f32). `unique`: `uniqueCount` distinct rows (i32). `grad`: room for
 * uniqueCount·width f32; `composed`, `maskP`, `maskQ`: width f32 each. Returns Σ err².
 */
export function ratingStep(
  weights: usize, m: usize, v: usize, width: i32, batch: i32,
  users: usize, items: usize, userSlots: usize, itemSlots: usize, ratings: usize,
  entries: i32, entrySample: usize, attributes: usize, attributeSlots: usize, entryWeights: usize, entryRegWeights: usize,
  unique: usize, uniqueCount: i32, grad: usize, composed: usize, maskP: usize, maskQ: usize,
  globalMean: f64, l2: f64, beta1: f64, beta2: f64, stepSize: f64, epsilonHat: f64,
): f64 {
  const rowBytes = <usize>width << 2;
  const laneBytes = <usize>(width & ~3) << 2;
  const zero = f32x4.splat(0);
  const gradBytes = <usize>uniqueCount * rowBytes;
  let c: usize = 0;
  for (; c + 16 <= gradBytes; c += 16) v128.store(grad + c, zero);
  for (; c < gradBytes; c += 4) store<f32>(grad + c, 0);

  const regScalar = <f32>(l2 / <f64>batch);
  const reg = f32x4.splat(regScalar);
  let loss: f64 = 0;
  let e: i32 = 0;

  // Pass 1: gradients, summed per touched row. Reads weights only; nothing is updated yet.
  for (let k = 0; k < batch; k++) {
    const kk = <usize>k << 2;
    const pu = weights + <usize>load<i32>(users + kk) * rowBytes;
    const qi = weights + <usize>load<i32>(items + kk) * rowBytes;
    // Q = q + Σ w·a, kept in `composed`.
    for (c = 0; c < laneBytes; c += 16) v128.store(composed + c, v128.load(qi + c));
    for (; c < rowBytes; c += 4) store<f32>(composed + c, load<f32>(qi + c));
    const first = e;
    for (; e < entries && load<i32>(entrySample + (<usize>e << 2)) == k; e++) {
      const ee = <usize>e << 2;
      const a = weights + <usize>load<i32>(attributes + ee) * rowBytes;
      const ws = load<f32>(entryWeights + ee);
      const w = f32x4.splat(ws);
      for (c = 0; c < laneBytes; c += 16) v128.store(composed + c, f32x4.add(v128.load(composed + c), f32x4.mul(w, v128.load(a + c))));
      for (; c < rowBytes; c += 4) store<f32>(composed + c, load<f32>(composed + c) + ws * load<f32>(a + c));
    }
    let acc = f32x4.splat(0);
    for (c = 0; c < laneBytes; c += 16) acc = f32x4.add(acc, f32x4.mul(v128.load(pu + c), v128.load(composed + c)));
    let dot = <f64>(f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
    for (; c < rowBytes; c += 4) dot += <f64>(load<f32>(pu + c) * load<f32>(composed + c));
    const err = globalMean + dot - <f64>load<f32>(ratings + kk);
    loss += err * err;
    const deScalar = <f32>((2 * err) / <f64>batch);
    const de = f32x4.splat(deScalar);

    const gu = grad + <usize>load<i32>(userSlots + kk) * rowBytes;
    const gi = grad + <usize>load<i32>(itemSlots + kk) * rowBytes;
    // User, item and attribute rows are distinct table rows, so these accumulations never alias.
    for (c = 0; c < laneBytes; c += 16) {
      const p = v128.load(pu + c);
      const q = v128.load(qi + c);
      v128.store(gu + c, f32x4.add(v128.load(gu + c), f32x4.mul(f32x4.add(f32x4.mul(de, v128.load(composed + c)), f32x4.mul(reg, p)), v128.load(maskP + c))));
      v128.store(gi + c, f32x4.add(v128.load(gi + c), f32x4.mul(f32x4.add(f32x4.mul(de, p), f32x4.mul(reg, q)), v128.load(maskQ + c))));
    }
    for (; c < rowBytes; c += 4) {
      const p = load<f32>(pu + c);
      store<f32>(gu + c, load<f32>(gu + c) + (deScalar * load<f32>(composed + c) + regScalar * p) * load<f32>(maskP + c));
      store<f32>(gi + c, load<f32>(gi + c) + (deScalar * p + regScalar * load<f32>(qi + c)) * load<f32>(maskQ + c));
    }
    for (let j = first; j < e; j++) {
      const jj = <usize>j << 2;
      const a = weights + <usize>load<i32>(attributes + jj) * rowBytes;
      const ga = grad + <usize>load<i32>(attributeSlots + jj) * rowBytes;
      const wdeScalar = load<f32>(entryWeights + jj) * deScalar;
      const rhoScalar = load<f32>(entryRegWeights + jj) * regScalar;
      const wde = f32x4.splat(wdeScalar);
      const rho = f32x4.splat(rhoScalar);
      for (c = 0; c < laneBytes; c += 16) {
        const term = f32x4.add(f32x4.mul(wde, v128.load(pu + c)), f32x4.mul(rho, v128.load(a + c)));
        v128.store(ga + c, f32x4.add(v128.load(ga + c), f32x4.mul(term, v128.load(maskQ + c))));
      }
      for (; c < rowBytes; c += 4) {
        store<f32>(ga + c, load<f32>(ga + c) + (wdeScalar * load<f32>(pu + c) + rhoScalar * load<f32>(a + c)) * load<f32>(maskQ + c));
      }
    }
  }

  // Pass 2: lazy Adam on the touched rows.
  const b1s = <f32>beta1;
  const b2s = <f32>beta2;
  const ob1s = <f32>(1 - beta1);
  const ob2s = <f32>(1 - beta2);
  const steps = <f32>stepSize;
  const epss = <f32>epsilonHat;
  const b1 = f32x4.splat(b1s);
  const b2 = f32x4.splat(b2s);
  const ob1 = f32x4.splat(ob1s);
  const ob2 = f32x4.splat(ob2s);
  const step = f32x4.splat(steps);
  const eps = f32x4.splat(epss);
  for (let s = 0; s < uniqueCount; s++) {
    const offset = <usize>load<i32>(unique + (<usize>s << 2)) * rowBytes;
    const gs = grad + <usize>s * rowBytes;
    for (c = 0; c < laneBytes; c += 16) {
      const gr = v128.load(gs + c);
      const mt = f32x4.add(f32x4.mul(b1, v128.load(m + offset + c)), f32x4.mul(ob1, gr));
      const vt = f32x4.add(f32x4.mul(b2, v128.load(v + offset + c)), f32x4.mul(f32x4.mul(ob2, gr), gr));
      v128.store(m + offset + c, mt);
      v128.store(v + offset + c, vt);
      const w = v128.load(weights + offset + c);
      v128.store(weights + offset + c, f32x4.sub(w, f32x4.div(f32x4.mul(step, mt), f32x4.add(f32x4.sqrt(vt), eps))));
    }
    for (; c < rowBytes; c += 4) {
      const gr = load<f32>(gs + c);
      const mt = b1s * load<f32>(m + offset + c) + ob1s * gr;
      const vt = b2s * load<f32>(v + offset + c) + ob2s * gr * gr;
      store<f32>(m + offset + c, mt);
      store<f32>(v + offset + c, vt);
      store<f32>(weights + offset + c, load<f32>(weights + offset + c) - (steps * mt) / (Mathf.sqrt(vt) + epss));
    }
  }
  return loss;
}
