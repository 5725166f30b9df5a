// AssemblyScript source of the LightGCN training step kernel (WebAssembly SIMD, f32x4).
// Compiled by `npm run build:lightgcn-kernel` into lightgcn-step-wasm.ts (base64); lightgcn-kernel.ts
// loads it. The extension is .as, not .ts, so tsc and Vite leave this file alone.
//
// Like the MF kernels (src/models/kernels/), the module imports the TF.js WASM backend's own memory
// and works on tensors where they lie: every pointer is a byte offset into that memory, and it
// writes only where it is told to (no data segments, no allocator, no strings).
//
// One training step = propagate(E → F); bprFinal(F → G); propagate(G → ∂E); regAdam(∂E → E, m, v):
// the same math as lightgcn-step-js.ts. Â is given as CSR (rowPtr, col, value); `dim` is a
// multiple of 4.

/** y_r = Σ_e value[e] · x[col[e]] for row r; out_r += y_r. Sixteen floats of a row at a time in registers. */
// @ts-ignore: decorator
@inline function spmmAdd(rowPtr: usize, col: usize, value: usize, nodes: i32, rowBytes: usize, x: usize, y: usize, out: usize): void {
  for (let r = 0; r < nodes; r++) {
    const start = load<i32>(rowPtr + (<usize>r << 2));
    const end = load<i32>(rowPtr + (<usize>(r + 1) << 2));
    const yr = y + <usize>r * rowBytes;
    const or = out + <usize>r * rowBytes;
    let c: usize = 0;
    for (; c + 64 <= rowBytes; c += 64) {
      let a0 = f32x4.splat(0);
      let a1 = f32x4.splat(0);
      let a2 = f32x4.splat(0);
      let a3 = f32x4.splat(0);
      for (let e = start; e < end; e++) {
        const w = f32x4.splat(load<f32>(value + (<usize>e << 2)));
        const src = x + <usize>load<i32>(col + (<usize>e << 2)) * rowBytes + c;
        a0 = f32x4.add(a0, f32x4.mul(w, v128.load(src)));
        a1 = f32x4.add(a1, f32x4.mul(w, v128.load(src, 16)));
        a2 = f32x4.add(a2, f32x4.mul(w, v128.load(src, 32)));
        a3 = f32x4.add(a3, f32x4.mul(w, v128.load(src, 48)));
      }
      v128.store(yr + c, a0);
      v128.store(yr + c, a1, 16);
      v128.store(yr + c, a2, 32);
      v128.store(yr + c, a3, 48);
      v128.store(or + c, f32x4.add(v128.load(or + c), a0));
      v128.store(or + c, f32x4.add(v128.load(or + c, 16), a1), 16);
      v128.store(or + c, f32x4.add(v128.load(or + c, 32), a2), 32);
      v128.store(or + c, f32x4.add(v128.load(or + c, 48), a3), 48);
    }
    for (; c < rowBytes; c += 16) {
      let a = f32x4.splat(0);
      for (let e = start; e < end; e++) {
        const w = f32x4.splat(load<f32>(value + (<usize>e << 2)));
        a = f32x4.add(a, f32x4.mul(w, v128.load(x + <usize>load<i32>(col + (<usize>e << 2)) * rowBytes + c)));
      }
      v128.store(yr + c, a);
      v128.store(or + c, f32x4.add(v128.load(or + c), a));
    }
  }
}

/**
 * out = (x + Âx + … + Â^layers x) / (layers + 1), for [nodes, dim] f32 tables. `a`, `b`: layer
 * buffers of the same size. `out` must not alias `x`, `a` or `b`.
 */
export function propagate(rowPtr: usize, col: usize, value: usize, nodes: i32, dim: i32, x: usize, out: usize, a: usize, b: usize, layers: i32): void {
  const rowBytes = <usize>dim << 2;
  const bytes = <usize>nodes * rowBytes;
  memory.copy(out, x, bytes);
  let current = x;
  for (let k = 0; k < layers; k++) {
    const next = (k & 1) == 0 ? a : b;
    spmmAdd(rowPtr, col, value, nodes, rowBytes, current, next, out);
    current = next;
  }
  const scale = f32x4.splat(<f32>(1.0 / <f64>(layers + 1)));
  for (let at: usize = 0; at < bytes; at += 16) v128.store(out + at, f32x4.mul(v128.load(out + at), scale));
}

/**
 * grad = ∂(Σ softplus(−x))/B w.r.t. the final embeddings `final` ([nodes, dim]) for the batch's
 * triples (users, positives, negatives: `batch` i32 each; item row = itemOffset + item); every
 * other row of `grad` is zero. Returns the batch's summed Σ softplus(−x).
 */
export function bprFinal(final: usize, grad: usize, nodes: i32, dim: i32, users: usize, positives: usize, negatives: usize, batch: i32, itemOffset: i32): f64 {
  const rowBytes = <usize>dim << 2;
  memory.fill(grad, 0, <usize>nodes * rowBytes);
  const minusInvBatch = -1.0 / <f64>batch;
  let loss: f64 = 0;
  for (let k = 0; k < batch; k++) {
    const u = <usize>load<i32>(users + (<usize>k << 2)) * rowBytes;
    const i = <usize>(load<i32>(positives + (<usize>k << 2)) + itemOffset) * rowBytes;
    const j = <usize>(load<i32>(negatives + (<usize>k << 2)) + itemOffset) * rowBytes;
    let acc = f32x4.splat(0);
    for (let c: usize = 0; c < rowBytes; c += 16) {
      acc = f32x4.add(acc, f32x4.mul(v128.load(final + u + c), f32x4.sub(v128.load(final + i + c), v128.load(final + j + c))));
    }
    const x = <f64>(f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
    const e = Math.exp(-Math.abs(x));
    loss += (x > 0 ? 0 : -x) + Math.log1p(e);
    const g = f32x4.splat(<f32>(minusInvBatch * (x > 0 ? e / (1 + e) : 1 / (1 + e))));
    for (let c: usize = 0; c < rowBytes; c += 16) {
      const p = v128.load(final + u + c);
      const gp = f32x4.mul(g, p);
      const diff = f32x4.sub(v128.load(final + i + c), v128.load(final + j + c));
      // One store before the next load of the same address: correct even when i == j.
      v128.store(grad + u + c, f32x4.add(v128.load(grad + u + c), f32x4.mul(g, diff)));
      v128.store(grad + i + c, f32x4.add(v128.load(grad + i + c), gp));
      v128.store(grad + j + c, f32x4.sub(v128.load(grad + j + c), gp));
    }
  }
  return loss;
}

/**
 * Adds (l2/B)·E_row to `grad` for every row each triple uses, then one Adam step on every value
 * of the [nodes, dim] tables `weights`, `m`, `v` with that gradient (bias correction folded into
 * stepSize and epsilonHat, as adam-config.ts `adamScalars`).
 */
export function regAdam(
  weights: usize, m: usize, v: usize, grad: usize, nodes: i32, dim: i32,
  users: usize, positives: usize, negatives: usize, batch: i32, itemOffset: i32,
  l2: f64, beta1: f64, beta2: f64, stepSize: f64, epsilonHat: f64,
): void {
  const rowBytes = <usize>dim << 2;
  const reg = f32x4.splat(<f32>(l2 / <f64>batch));
  for (let k = 0; k < batch; k++) {
    for (let part = 0; part < 3; part++) {
      const list = part == 0 ? users : part == 1 ? positives : negatives;
      const row = load<i32>(list + (<usize>k << 2)) + (part == 0 ? 0 : itemOffset);
      const at = <usize>row * rowBytes;
      for (let c: usize = 0; c < rowBytes; c += 16) {
        v128.store(grad + at + c, f32x4.add(v128.load(grad + at + c), f32x4.mul(reg, v128.load(weights + at + c))));
      }
    }
  }
  const b1 = f32x4.splat(<f32>beta1);
  const b2 = f32x4.splat(<f32>beta2);
  const ob1 = f32x4.splat(<f32>(1 - beta1));
  const ob2 = f32x4.splat(<f32>(1 - beta2));
  const step = f32x4.splat(<f32>stepSize);
  const eps = f32x4.splat(<f32>epsilonHat);
  const bytes = <usize>nodes * rowBytes;
  for (let at: usize = 0; at < bytes; at += 16) {
    const g = v128.load(grad + at);
    const mt = f32x4.add(f32x4.mul(b1, v128.load(m + at)), f32x4.mul(ob1, g));
    const vt = f32x4.add(f32x4.mul(b2, v128.load(v + at)), f32x4.mul(f32x4.mul(ob2, g), g));
    v128.store(m + at, mt);
    v128.store(v + at, vt);
    v128.store(weights + at, f32x4.sub(v128.load(weights + at), f32x4.div(f32x4.mul(step, mt), f32x4.add(f32x4.sqrt(vt), eps))));
  }
}
