// AssemblyScript source of SASRec's step operations in WebAssembly SIMD (f32x4): the same math as
// ops-js.ts (sasrec-ops.ts documents each operation), compiled by build-sasrec-kernel.ts into
// sasrec-kernel-wasm.ts (base64). The extension is .as so tsc and Vite leave it alone.
//
// The module imports the TF.js WASM backend's memory and works where the tensors lie: every
// pointer is a BYTE offset into that memory. It must never write anywhere it was not told to, so
// it has no data segments, no allocator and no strings (a unit test checks the binary).
// Widths (d, the head width, n of element-wise ops) are multiples of 4: the loader refuses others.

/**
 * a·b + c in f32 lanes: one fused multiply-add where the engine has relaxed SIMD (Chrome since 114,
 * Node 22; the module is compiled with and without it and the loader picks), else a multiply and an add.
 */
// @ts-ignore: decorator
@inline function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}

// @ts-ignore: decorator
@inline function hsum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}

// ---- dropout: a counter-based hash per element (sasrec-ops.ts `dropoutHash`) ----

// @ts-ignore: decorator
@inline function mixSeed(seed: i32, stream: i32): v128 {
  return i32x4.splat(seed ^ (stream * 0x27d4eb2d));
}

/** Lanes index..index+3 kept (all-ones) or dropped (zero): hash ≥ threshold, unsigned. */
// @ts-ignore: decorator
@inline function keepMask(seedMix: v128, index: i32, threshold: v128): v128 {
  let h = v128.xor(seedMix, i32x4.mul(i32x4.add(i32x4.splat(index), i32x4(0, 1, 2, 3)), i32x4.splat(<i32>0x9e3779b1)));
  h = v128.xor(h, i32x4.shr_u(h, 16));
  h = i32x4.mul(h, i32x4.splat(0x7feb352d));
  h = v128.xor(h, i32x4.shr_u(h, 15));
  h = i32x4.mul(h, i32x4.splat(<i32>0x846ca68b));
  h = v128.xor(h, i32x4.shr_u(h, 16));
  return i32x4.ge_u(h, threshold);
}

/** The scalar keep decision of one element. */
// @ts-ignore: decorator
@inline function keeps(seedMix: i32, index: i32, threshold: u32): bool {
  let h: u32 = <u32>(seedMix ^ (index * <i32>0x9e3779b1));
  h ^= h >>> 16;
  h = h * 0x7feb352d;
  h ^= h >>> 15;
  h = h * <u32>0x846ca68b;
  h ^= h >>> 16;
  return h >= threshold;
}

/** dropout(x) for lanes index..index+3: x·keepScale where kept, 0 where dropped (threshold 0: x). */
// @ts-ignore: decorator
@inline function dropout4(x: v128, seedMix: v128, index: i32, threshold: u32, keepScale: v128): v128 {
  if (threshold == 0) return x;
  return v128.and(f32x4.mul(x, keepScale), keepMask(seedMix, index, i32x4.splat(threshold)));
}

/** e^x in f32 lanes (Cephes expf: Cody–Waite reduction, degree-5 polynomial, 2ⁿ from the exponent bits). */
// @ts-ignore: decorator
@inline function exp4(x: v128): v128 {
  x = f32x4.min(f32x4.max(x, f32x4.splat(-87.3)), f32x4.splat(88.3));
  const fx = f32x4.nearest(f32x4.mul(x, f32x4.splat(1.44269504)));
  let r = f32x4.sub(x, f32x4.mul(fx, f32x4.splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(fx, f32x4.splat(-2.12194440e-4)));
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  const y = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(p, r), r), r), f32x4.splat(1));
  const pow2 = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(fx), i32x4.splat(127)), 23);
  return f32x4.mul(y, pow2);
}

// ---- dense layers ----

/** y[rows×n] (+)= x[rows×k]·w[k×n] (+ bias). Register block: 4 rows × 8 columns. */
export function matmul(x: usize, w: usize, bias: usize, hasBias: i32, y: usize, rows: i32, k: i32, n: i32, accumulate: i32): void {
  const xRow = <usize>k << 2;
  const yRow = <usize>n << 2;
  const wRow = <usize>n << 2;
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const x0 = x + <usize>r * xRow;
    const y0 = y + <usize>r * yRow;
    for (let c = 0; c < n; c += 8) {
      const cb = <usize>c << 2;
      const wide = c + 8 <= n;
      let a00 = f32x4.splat(0), a01 = f32x4.splat(0), a10 = f32x4.splat(0), a11 = f32x4.splat(0);
      let a20 = f32x4.splat(0), a21 = f32x4.splat(0), a30 = f32x4.splat(0), a31 = f32x4.splat(0);
      if (accumulate) {
        a00 = v128.load(y0 + cb); a10 = v128.load(y0 + yRow + cb); a20 = v128.load(y0 + 2 * yRow + cb); a30 = v128.load(y0 + 3 * yRow + cb);
        if (wide) {
          a01 = v128.load(y0 + cb + 16); a11 = v128.load(y0 + yRow + cb + 16); a21 = v128.load(y0 + 2 * yRow + cb + 16); a31 = v128.load(y0 + 3 * yRow + cb + 16);
        }
      }
      if (hasBias) {
        const b0 = v128.load(bias + cb);
        a00 = f32x4.add(a00, b0); a10 = f32x4.add(a10, b0); a20 = f32x4.add(a20, b0); a30 = f32x4.add(a30, b0);
        if (wide) {
          const b1 = v128.load(bias + cb + 16);
          a01 = f32x4.add(a01, b1); a11 = f32x4.add(a11, b1); a21 = f32x4.add(a21, b1); a31 = f32x4.add(a31, b1);
        }
      }
      if (wide) {
        for (let i = 0; i < k; i++) {
          const wi = w + <usize>i * wRow + cb;
          const w0 = v128.load(wi);
          const w1 = v128.load(wi, 16);
          const xi = x0 + (<usize>i << 2);
          const s0 = v128.load32_splat(xi);
          const s1 = v128.load32_splat(xi + xRow);
          const s2 = v128.load32_splat(xi + 2 * xRow);
          const s3 = v128.load32_splat(xi + 3 * xRow);
          a00 = madd(s0, w0, a00); a01 = madd(s0, w1, a01);
          a10 = madd(s1, w0, a10); a11 = madd(s1, w1, a11);
          a20 = madd(s2, w0, a20); a21 = madd(s2, w1, a21);
          a30 = madd(s3, w0, a30); a31 = madd(s3, w1, a31);
        }
      } else {
        for (let i = 0; i < k; i++) {
          const w0 = v128.load(w + <usize>i * wRow + cb);
          const xi = x0 + (<usize>i << 2);
          a00 = madd(v128.load32_splat(xi), w0, a00);
          a10 = madd(v128.load32_splat(xi + xRow), w0, a10);
          a20 = madd(v128.load32_splat(xi + 2 * xRow), w0, a20);
          a30 = madd(v128.load32_splat(xi + 3 * xRow), w0, a30);
        }
      }
      v128.store(y0 + cb, a00); v128.store(y0 + yRow + cb, a10); v128.store(y0 + 2 * yRow + cb, a20); v128.store(y0 + 3 * yRow + cb, a30);
      if (wide) {
        v128.store(y0 + cb + 16, a01); v128.store(y0 + yRow + cb + 16, a11); v128.store(y0 + 2 * yRow + cb + 16, a21); v128.store(y0 + 3 * yRow + cb + 16, a31);
      }
    }
  }
  for (; r < rows; r++) {
    const x0 = x + <usize>r * xRow;
    const y0 = y + <usize>r * yRow;
    for (let c = 0; c < n; c += 4) {
      const cb = <usize>c << 2;
      let a = accumulate ? v128.load(y0 + cb) : f32x4.splat(0);
      if (hasBias) a = f32x4.add(a, v128.load(bias + cb));
      for (let i = 0; i < k; i++) a = f32x4.add(a, f32x4.mul(v128.load32_splat(x0 + (<usize>i << 2)), v128.load(w + <usize>i * wRow + cb)));
      v128.store(y0 + cb, a);
    }
  }
}

/** out[n×k] = wᵀ for w [k×n]. */
export function transpose(w: usize, out: usize, k: i32, n: i32): void {
  for (let i = 0; i < k; i++) {
    for (let c = 0; c < n; c++) store<f32>(out + ((<usize>c * <usize>k + <usize>i) << 2), load<f32>(w + ((<usize>i * <usize>n + <usize>c) << 2)));
  }
}

/** Rows per chunk of weightGradients: a chunk of x and dy (2 × 64 × d floats) stays in cache while every block of dw passes over it. */
const GRAD_CHUNK: i32 = 64;

/** dw[k×n] += xᵀ·dy; db[n] += Σ_rows dy. Register block: 4 rows of dw × 8 columns, over a chunk of rows. */
export function weightGradients(x: usize, dy: usize, dw: usize, db: usize, hasBias: i32, rows: i32, k: i32, n: i32): void {
  const xRow = <usize>k << 2;
  const gRow = <usize>n << 2;
  for (let r0 = 0; r0 < rows; r0 += GRAD_CHUNK) {
    const r1 = min(rows, r0 + GRAD_CHUNK);
    for (let i = 0; i < k; i += 4) {
      const d0 = dw + <usize>i * gRow;
      for (let c = 0; c < n; c += 8) {
        const cb = <usize>c << 2;
        if (c + 8 <= n) {
          let a00 = v128.load(d0 + cb), a01 = v128.load(d0 + cb + 16);
          let a10 = v128.load(d0 + gRow + cb), a11 = v128.load(d0 + gRow + cb + 16);
          let a20 = v128.load(d0 + 2 * gRow + cb), a21 = v128.load(d0 + 2 * gRow + cb + 16);
          let a30 = v128.load(d0 + 3 * gRow + cb), a31 = v128.load(d0 + 3 * gRow + cb + 16);
          for (let r = r0; r < r1; r++) {
            const g = dy + <usize>r * gRow + cb;
            const g0 = v128.load(g);
            const g1 = v128.load(g, 16);
            const xi = x + <usize>r * xRow + (<usize>i << 2);
            const s0 = v128.load32_splat(xi);
            const s1 = v128.load32_splat(xi, 4);
            const s2 = v128.load32_splat(xi, 8);
            const s3 = v128.load32_splat(xi, 12);
            a00 = madd(s0, g0, a00); a01 = madd(s0, g1, a01);
            a10 = madd(s1, g0, a10); a11 = madd(s1, g1, a11);
            a20 = madd(s2, g0, a20); a21 = madd(s2, g1, a21);
            a30 = madd(s3, g0, a30); a31 = madd(s3, g1, a31);
          }
          v128.store(d0 + cb, a00); v128.store(d0 + cb + 16, a01);
          v128.store(d0 + gRow + cb, a10); v128.store(d0 + gRow + cb + 16, a11);
          v128.store(d0 + 2 * gRow + cb, a20); v128.store(d0 + 2 * gRow + cb + 16, a21);
          v128.store(d0 + 3 * gRow + cb, a30); v128.store(d0 + 3 * gRow + cb + 16, a31);
        } else {
          let a0 = v128.load(d0 + cb), a1 = v128.load(d0 + gRow + cb), a2 = v128.load(d0 + 2 * gRow + cb), a3 = v128.load(d0 + 3 * gRow + cb);
          for (let r = r0; r < r1; r++) {
            const g0 = v128.load(dy + <usize>r * gRow + cb);
            const xi = x + <usize>r * xRow + (<usize>i << 2);
            a0 = madd(v128.load32_splat(xi), g0, a0);
            a1 = madd(v128.load32_splat(xi, 4), g0, a1);
            a2 = madd(v128.load32_splat(xi, 8), g0, a2);
            a3 = madd(v128.load32_splat(xi, 12), g0, a3);
          }
          v128.store(d0 + cb, a0); v128.store(d0 + gRow + cb, a1); v128.store(d0 + 2 * gRow + cb, a2); v128.store(d0 + 3 * gRow + cb, a3);
        }
      }
    }
    if (hasBias) {
      for (let c = 0; c < n; c += 4) {
        const cb = <usize>c << 2;
        let a = v128.load(db + cb);
        for (let r = r0; r < r1; r++) a = f32x4.add(a, v128.load(dy + <usize>r * gRow + cb));
        v128.store(db + cb, a);
      }
    }
  }
}

// ---- layer norm ----

export function layerNorm(x: usize, gamma: usize, beta: usize, xhat: usize, rstd: usize, y: usize, rows: i32, d: i32, epsilon: f32): void {
  const rowBytes = <usize>d << 2;
  const invD = <f32>1 / <f32>d;
  for (let r = 0; r < rows; r++) {
    const xr = x + <usize>r * rowBytes;
    let s = f32x4.splat(0);
    for (let c: usize = 0; c < rowBytes; c += 16) s = f32x4.add(s, v128.load(xr + c));
    const mean = f32x4.splat(hsum(s) * invD);
    let q = f32x4.splat(0);
    for (let c: usize = 0; c < rowBytes; c += 16) {
      const t = f32x4.sub(v128.load(xr + c), mean);
      q = madd(t, t, q);
    }
    const inv = <f32>1 / Mathf.sqrt(hsum(q) * invD + epsilon);
    store<f32>(rstd + (<usize>r << 2), inv);
    const sv = f32x4.splat(inv);
    const hr = xhat + <usize>r * rowBytes;
    const yr = y + <usize>r * rowBytes;
    for (let c: usize = 0; c < rowBytes; c += 16) {
      const h = f32x4.mul(f32x4.sub(v128.load(xr + c), mean), sv);
      v128.store(hr + c, h);
      v128.store(yr + c, f32x4.add(f32x4.mul(h, v128.load(gamma + c)), v128.load(beta + c)));
    }
  }
}

export function layerNormBackward(dy: usize, xhat: usize, rstd: usize, gamma: usize, dgamma: usize, dbeta: usize, dx: usize, rows: i32, d: i32, accumulate: i32): void {
  const rowBytes = <usize>d << 2;
  const invD = <f32>1 / <f32>d;
  for (let r = 0; r < rows; r++) {
    const o = <usize>r * rowBytes;
    let sg = f32x4.splat(0);
    let sgx = f32x4.splat(0);
    for (let c: usize = 0; c < rowBytes; c += 16) {
      const g = v128.load(dy + o + c);
      const h = v128.load(xhat + o + c);
      v128.store(dgamma + c, f32x4.add(v128.load(dgamma + c), f32x4.mul(g, h)));
      v128.store(dbeta + c, f32x4.add(v128.load(dbeta + c), g));
      const gh = f32x4.mul(g, v128.load(gamma + c));
      sg = f32x4.add(sg, gh);
      sgx = madd(gh, h, sgx);
    }
    const meanG = f32x4.splat(hsum(sg) * invD);
    const meanGx = f32x4.splat(hsum(sgx) * invD);
    const s = v128.load32_splat(rstd + (<usize>r << 2));
    for (let c: usize = 0; c < rowBytes; c += 16) {
      const gh = f32x4.mul(v128.load(dy + o + c), v128.load(gamma + c));
      let value = f32x4.mul(s, f32x4.sub(f32x4.sub(gh, meanG), f32x4.mul(v128.load(xhat + o + c), meanGx)));
      if (accumulate) value = f32x4.add(value, v128.load(dx + o + c));
      v128.store(dx + o + c, value);
    }
  }
}

// ---- embeddings ----

export function embed(table: usize, positions: usize, input: usize, position: usize, x: usize, rows: i32, d: i32, scale: f32,
  threshold: u32, seed: i32, stream: i32, keepScale: f32): void {
  const rowBytes = <usize>d << 2;
  const sc = f32x4.splat(scale);
  const ks = f32x4.splat(keepScale);
  const mix = mixSeed(seed, stream);
  for (let r = 0; r < rows; r++) {
    const e = table + <usize>load<i32>(input + (<usize>r << 2)) * rowBytes;
    const p = positions + <usize>load<i32>(position + (<usize>r << 2)) * rowBytes;
    const xr = x + <usize>r * rowBytes;
    for (let c = 0; c < d; c += 4) {
      const cb = <usize>c << 2;
      const value = f32x4.add(f32x4.mul(v128.load(e + cb), sc), v128.load(p + cb));
      v128.store(xr + cb, dropout4(value, mix, r * d + c, threshold, ks));
    }
  }
}

export function embedBackward(dx: usize, input: usize, position: usize, dtable: usize, dpositions: usize, rows: i32, d: i32, scale: f32,
  threshold: u32, seed: i32, stream: i32, keepScale: f32): void {
  const rowBytes = <usize>d << 2;
  const sc = f32x4.splat(scale);
  const ks = f32x4.splat(keepScale);
  const mix = mixSeed(seed, stream);
  for (let r = 0; r < rows; r++) {
    const e = dtable + <usize>load<i32>(input + (<usize>r << 2)) * rowBytes;
    const p = dpositions + <usize>load<i32>(position + (<usize>r << 2)) * rowBytes;
    const gr = dx + <usize>r * rowBytes;
    for (let c = 0; c < d; c += 4) {
      const cb = <usize>c << 2;
      const g = dropout4(v128.load(gr + cb), mix, r * d + c, threshold, ks);
      v128.store(e + cb, f32x4.add(v128.load(e + cb), f32x4.mul(g, sc)));
      v128.store(p + cb, f32x4.add(v128.load(p + cb), g));
    }
  }
}

// ---- causal self-attention over packed sequences ----
//
// Per sequence and head, as small matrix products in register blocks of 4 rows × 8 columns (the
// dense layers' kernel shape), skipping every block above the diagonal:
//   forward, per block of 4 queries: S = Q·Kᵀ (Kᵀ transposed once into scratch), softmax per row
//   (probabilities stored as a lower triangle for the backward pass), dropout, O = P·V;
//   backward: dP = dO·Vᵀ, dS = P ⊙ (dP − rowsum(P ⊙ dP)), dQ = dS·K, dV = Pᵀ·dO, dK = dSᵀ·Q.
// The scratch holds Kᵀ or Vᵀ (dₕ × ns) and two n × ns matrices, ns = n rounded up to 8.

/**
 * C[r][0..n) = Σ_{t<k} A[r][t]·B[t][0..n) for the first `rows` (≤ 4) rows; row strides in bytes.
 * `n` is a multiple of 4. Rows past `rows` read row 0 and are not stored.
 */
function block4NN(a: usize, lda: usize, rows: i32, b: usize, ldb: usize, k: i32, n: i32, c: usize, ldc: usize): void {
  const a1 = rows > 1 ? a + lda : a;
  const a2 = rows > 2 ? a + 2 * lda : a;
  const a3 = rows > 3 ? a + 3 * lda : a;
  for (let col = 0; col < n; col += 8) {
    const cb = <usize>col << 2;
    if (col + 8 <= n) {
      let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
      let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
      for (let t = 0; t < k; t++) {
        const bt = b + <usize>t * ldb + cb;
        const b0 = v128.load(bt);
        const b1 = v128.load(bt, 16);
        const o = <usize>t << 2;
        const s0 = v128.load32_splat(a + o);
        const s1 = v128.load32_splat(a1 + o);
        const s2 = v128.load32_splat(a2 + o);
        const s3 = v128.load32_splat(a3 + o);
        c00 = madd(s0, b0, c00); c01 = madd(s0, b1, c01);
        c10 = madd(s1, b0, c10); c11 = madd(s1, b1, c11);
        c20 = madd(s2, b0, c20); c21 = madd(s2, b1, c21);
        c30 = madd(s3, b0, c30); c31 = madd(s3, b1, c31);
      }
      v128.store(c + cb, c00); v128.store(c + cb + 16, c01);
      if (rows > 1) { v128.store(c + ldc + cb, c10); v128.store(c + ldc + cb + 16, c11); }
      if (rows > 2) { v128.store(c + 2 * ldc + cb, c20); v128.store(c + 2 * ldc + cb + 16, c21); }
      if (rows > 3) { v128.store(c + 3 * ldc + cb, c30); v128.store(c + 3 * ldc + cb + 16, c31); }
    } else {
      let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
      for (let t = 0; t < k; t++) {
        const b0 = v128.load(b + <usize>t * ldb + cb);
        const o = <usize>t << 2;
        c0 = madd(v128.load32_splat(a + o), b0, c0);
        c1 = madd(v128.load32_splat(a1 + o), b0, c1);
        c2 = madd(v128.load32_splat(a2 + o), b0, c2);
        c3 = madd(v128.load32_splat(a3 + o), b0, c3);
      }
      v128.store(c + cb, c0);
      if (rows > 1) v128.store(c + ldc + cb, c1);
      if (rows > 2) v128.store(c + 2 * ldc + cb, c2);
      if (rows > 3) v128.store(c + 3 * ldc + cb, c3);
    }
  }
}

/**
 * C[r][0..n) = Σ_{t=from}^{to−1} A[t][r]·B[t][0..n) for the first `cols` (≤ 4) columns r of A
 * (A's rows must have room for 4 columns); row strides in bytes; `n` a multiple of 4.
 */
function block4TN(a: usize, lda: usize, cols: i32, b: usize, ldb: usize, from: i32, to: i32, n: i32, c: usize, ldc: usize): void {
  for (let col = 0; col < n; col += 8) {
    const cb = <usize>col << 2;
    if (col + 8 <= n) {
      let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
      let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
      for (let t = from; t < to; t++) {
        const bt = b + <usize>t * ldb + cb;
        const b0 = v128.load(bt);
        const b1 = v128.load(bt, 16);
        const at = a + <usize>t * lda;
        const s0 = v128.load32_splat(at);
        const s1 = v128.load32_splat(at, 4);
        const s2 = v128.load32_splat(at, 8);
        const s3 = v128.load32_splat(at, 12);
        c00 = madd(s0, b0, c00); c01 = madd(s0, b1, c01);
        c10 = madd(s1, b0, c10); c11 = madd(s1, b1, c11);
        c20 = madd(s2, b0, c20); c21 = madd(s2, b1, c21);
        c30 = madd(s3, b0, c30); c31 = madd(s3, b1, c31);
      }
      v128.store(c + cb, c00); v128.store(c + cb + 16, c01);
      if (cols > 1) { v128.store(c + ldc + cb, c10); v128.store(c + ldc + cb + 16, c11); }
      if (cols > 2) { v128.store(c + 2 * ldc + cb, c20); v128.store(c + 2 * ldc + cb + 16, c21); }
      if (cols > 3) { v128.store(c + 3 * ldc + cb, c30); v128.store(c + 3 * ldc + cb + 16, c31); }
    } else {
      let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
      for (let t = from; t < to; t++) {
        const b0 = v128.load(b + <usize>t * ldb + cb);
        const at = a + <usize>t * lda;
        c0 = madd(v128.load32_splat(at), b0, c0);
        c1 = madd(v128.load32_splat(at, 4), b0, c1);
        c2 = madd(v128.load32_splat(at, 8), b0, c2);
        c3 = madd(v128.load32_splat(at, 12), b0, c3);
      }
      v128.store(c + cb, c0);
      if (cols > 1) v128.store(c + ldc + cb, c1);
      if (cols > 2) v128.store(c + 2 * ldc + cb, c2);
      if (cols > 3) v128.store(c + 3 * ldc + cb, c3);
    }
  }
}

/** T[c][j] = X[j][c] for the head's dh columns of n rows (stride rowBytes), T rows ns floats; columns n..ns zeroed. */
function transposeHead(x: usize, rowBytes: usize, n: i32, dh: i32, t: usize, ns: i32): void {
  for (let c = 0; c < dh; c++) {
    const tc = t + ((<usize>c * <usize>ns) << 2);
    for (let j = 0; j < n; j++) store<f32>(tc + (<usize>j << 2), load<f32>(x + <usize>j * rowBytes + (<usize>c << 2)));
    for (let j = n; j < ns; j++) store<f32>(tc + (<usize>j << 2), 0);
  }
}

export function attention(q: usize, k: usize, v: usize, probs: usize, out: usize, seqStart: usize, probStart: usize, seqs: i32, d: i32, heads: i32,
  threshold: u32, seed: i32, stream: i32, keepScale: f32, scratch: usize): void {
  const dh = d / heads;
  const rowBytes = <usize>d << 2;
  const scale = f32x4.splat(<f32>1 / Mathf.sqrt(<f32>dh));
  const mix = seed ^ (stream * 0x27d4eb2d);
  for (let s = 0; s < seqs; s++) {
    const r0 = load<i32>(seqStart + (<usize>s << 2));
    const n = load<i32>(seqStart + (<usize>(s + 1) << 2)) - r0;
    const ns = (n + 7) & ~7;
    const nsBytes = <usize>ns << 2;
    const tri = (n * (n + 1)) >> 1;
    const kT = scratch;
    const block = scratch + <usize>dh * nsBytes;
    for (let h = 0; h < heads; h++) {
      const col = <usize>(h * dh) << 2;
      const head = load<i32>(probStart + (<usize>s << 2)) + h * tri;
      const qs = q + <usize>r0 * rowBytes + col;
      transposeHead(k + <usize>r0 * rowBytes + col, rowBytes, n, dh, kT, ns);
      for (let i0 = 0; i0 < n; i0 += 4) {
        const rows = min(4, n - i0);
        const keys = min(n, i0 + 4);
        const width = (keys + 3) & ~3;
        block4NN(qs + <usize>i0 * rowBytes, rowBytes, rows, kT, nsBytes, dh, width, block, nsBytes);
        for (let r = 0; r < 4; r++) {
          const row = block + <usize>r * nsBytes;
          if (r >= rows) {
            zero(row, width);
            continue;
          }
          const i = i0 + r;
          const count = i + 1;
          const index = head + ((i * (i + 1)) >> 1);
          const p0 = probs + (<usize>index << 2);
          // Scale, max, exp and sum; lanes past `count` are masked out of max and sum.
          let maxv = f32x4.splat(-Infinity);
          for (let j = 0; j < count; j += 4) {
            let sv = f32x4.mul(v128.load(row + (<usize>j << 2)), scale);
            if (j + 4 > count) sv = v128.bitselect(sv, f32x4.splat(-Infinity), i32x4.lt_s(i32x4.add(i32x4.splat(j), i32x4(0, 1, 2, 3)), i32x4.splat(count)));
            v128.store(row + (<usize>j << 2), sv);
            maxv = f32x4.max(maxv, sv);
          }
          const top = f32x4.splat(max(max(f32x4.extract_lane(maxv, 0), f32x4.extract_lane(maxv, 1)), max(f32x4.extract_lane(maxv, 2), f32x4.extract_lane(maxv, 3))));
          let sumv = f32x4.splat(0);
          for (let j = 0; j < count; j += 4) {
            // exp(−∞ − top) = 0 for the masked lanes.
            const e = v128.and(exp4(f32x4.sub(v128.load(row + (<usize>j << 2)), top)), i32x4.lt_s(i32x4.add(i32x4.splat(j), i32x4(0, 1, 2, 3)), i32x4.splat(count)));
            v128.store(row + (<usize>j << 2), e);
            sumv = f32x4.add(sumv, e);
          }
          const inv = <f32>1 / hsum(sumv);
          for (let j = 0; j < count; j++) {
            const p = load<f32>(row + (<usize>j << 2)) * inv;
            store<f32>(p0 + (<usize>j << 2), p);
            store<f32>(row + (<usize>j << 2), threshold == 0 ? p : keeps(mix, index + j, threshold) ? p * keepScale : 0);
          }
          for (let j = count; j < width; j++) store<f32>(row + (<usize>j << 2), 0);
        }
        block4NN(block, nsBytes, rows, v + <usize>r0 * rowBytes + col, rowBytes, keys, dh, out + <usize>(r0 + i0) * rowBytes + col, rowBytes);
      }
    }
  }
}

export function attentionBackward(q: usize, k: usize, v: usize, probs: usize, dout: usize, dq: usize, dk: usize, dv: usize,
  seqStart: usize, probStart: usize, seqs: i32, d: i32, heads: i32,
  threshold: u32, seed: i32, stream: i32, keepScale: f32, scratch: usize): void {
  const dh = d / heads;
  const rowBytes = <usize>d << 2;
  const scale: f32 = <f32>1 / Mathf.sqrt(<f32>dh);
  const mix = seed ^ (stream * 0x27d4eb2d);
  for (let s = 0; s < seqs; s++) {
    const r0 = load<i32>(seqStart + (<usize>s << 2));
    const n = load<i32>(seqStart + (<usize>(s + 1) << 2)) - r0;
    const ns = (n + 7) & ~7;
    const nsBytes = <usize>ns << 2;
    const tri = (n * (n + 1)) >> 1;
    const vT = scratch;
    const pd = scratch + <usize>dh * nsBytes; // dropout(P), n × ns
    const ds = pd + <usize>n * nsBytes; // dP, then dS, n × ns
    for (let h = 0; h < heads; h++) {
      const col = <usize>(h * dh) << 2;
      const head = load<i32>(probStart + (<usize>s << 2)) + h * tri;
      const base = <usize>r0 * rowBytes + col;
      // dropout(P), zero above the diagonal.
      for (let i = 0; i < n; i++) {
        const index = head + ((i * (i + 1)) >> 1);
        const row = pd + <usize>i * nsBytes;
        for (let j = 0; j <= i; j++) {
          const p = load<f32>(probs + (<usize>(index + j) << 2));
          store<f32>(row + (<usize>j << 2), threshold == 0 ? p : keeps(mix, index + j, threshold) ? p * keepScale : 0);
        }
        for (let j = i + 1; j < ns; j++) store<f32>(row + (<usize>j << 2), 0);
      }
      // dP = dO·Vᵀ on and below the diagonal.
      transposeHead(v + base, rowBytes, n, dh, vT, ns);
      for (let i0 = 0; i0 < n; i0 += 4) {
        const width = (min(n, i0 + 4) + 3) & ~3;
        block4NN(dout + base + <usize>i0 * rowBytes, rowBytes, min(4, n - i0), vT, nsBytes, dh, width, ds + <usize>i0 * nsBytes, nsBytes);
      }
      // dS = P ⊙ (g − Σ P⊙g)/√dₕ with g = dropout′(dP); zero above the diagonal.
      for (let i = 0; i < n; i++) {
        const index = head + ((i * (i + 1)) >> 1);
        const row = ds + <usize>i * nsBytes;
        let rowDot: f32 = 0;
        for (let j = 0; j <= i; j++) {
          const keep = threshold == 0 || keeps(mix, index + j, threshold);
          const g: f32 = keep ? load<f32>(row + (<usize>j << 2)) * (threshold == 0 ? <f32>1 : keepScale) : 0;
          store<f32>(row + (<usize>j << 2), g);
          rowDot += load<f32>(probs + (<usize>(index + j) << 2)) * g;
        }
        for (let j = 0; j <= i; j++) {
          const p = load<f32>(probs + (<usize>(index + j) << 2));
          store<f32>(row + (<usize>j << 2), p * (load<f32>(row + (<usize>j << 2)) - rowDot) * scale);
        }
        for (let j = i + 1; j < ns; j++) store<f32>(row + (<usize>j << 2), 0);
      }
      for (let i0 = 0; i0 < n; i0 += 4) {
        const rows = min(4, n - i0);
        // dQ = dS·K (keys up to the block's last query); dV = dropout(P)ᵀ·dO and dK = dSᵀ·Q (queries from the block's first key).
        block4NN(ds + <usize>i0 * nsBytes, nsBytes, rows, k + base, rowBytes, min(n, i0 + 4), dh, dq + base + <usize>i0 * rowBytes, rowBytes);
        block4TN(pd + (<usize>i0 << 2), nsBytes, rows, dout + base, rowBytes, i0, n, dh, dv + base + <usize>i0 * rowBytes, rowBytes);
        block4TN(ds + (<usize>i0 << 2), nsBytes, rows, q + base, rowBytes, i0, n, dh, dk + base + <usize>i0 * rowBytes, rowBytes);
      }
    }
  }
}

// ---- element-wise ----

export function dropoutRelu(h: usize, n: i32, threshold: u32, seed: i32, stream: i32, keepScale: f32): void {
  const ks = f32x4.splat(keepScale);
  const mix = mixSeed(seed, stream);
  const zero4 = f32x4.splat(0);
  for (let e = 0; e < n; e += 4) {
    const at = h + (<usize>e << 2);
    v128.store(at, f32x4.max(dropout4(v128.load(at), mix, e, threshold, ks), zero4));
  }
}

export function dropoutReluBackward(dr: usize, r: usize, n: i32, keepScale: f32): void {
  const ks = f32x4.splat(keepScale);
  const zero4 = f32x4.splat(0);
  for (let e = 0; e < n; e += 4) {
    const o = <usize>e << 2;
    v128.store(dr + o, v128.and(f32x4.mul(v128.load(dr + o), ks), f32x4.gt(v128.load(r + o), zero4)));
  }
}

export function dropoutAdd(h: usize, y: usize, out: usize, n: i32, threshold: u32, seed: i32, stream: i32, keepScale: f32): void {
  const ks = f32x4.splat(keepScale);
  const mix = mixSeed(seed, stream);
  for (let e = 0; e < n; e += 4) {
    const o = <usize>e << 2;
    v128.store(out + o, f32x4.add(v128.load(y + o), dropout4(v128.load(h + o), mix, e, threshold, ks)));
  }
}

export function dropoutBackward(dy: usize, dh: usize, n: i32, threshold: u32, seed: i32, stream: i32, keepScale: f32): void {
  const ks = f32x4.splat(keepScale);
  const mix = mixSeed(seed, stream);
  for (let e = 0; e < n; e += 4) {
    const o = <usize>e << 2;
    v128.store(dh + o, dropout4(v128.load(dy + o), mix, e, threshold, ks));
  }
}

export function add(a: usize, b: usize, out: usize, n: i32): void {
  for (let e = 0; e < n; e += 4) {
    const o = <usize>e << 2;
    v128.store(out + o, f32x4.add(v128.load(a + o), v128.load(b + o)));
  }
}

export function zero(at: usize, n: i32): void {
  const z = f32x4.splat(0);
  let e = 0;
  for (; e + 4 <= n; e += 4) v128.store(at + (<usize>e << 2), z);
  for (; e < n; e++) store<f32>(at + (<usize>e << 2), 0);
}

// ---- loss and optimizer ----

// @ts-ignore: decorator
@inline function dot1(a: usize, b: usize, bytes: usize): f32 {
  let s = f32x4.splat(0);
  for (let c: usize = 0; c < bytes; c += 16) s = madd(v128.load(a + c), v128.load(b + c), s);
  return hsum(s);
}

/**
 * Σ_rows softplus(−h·e⁺) + mean over the row's `negatives` negatives of softplus(h·e⁻); writes dh
 * and adds to dtable, both divided by rows. Stores go in order, so repeated rows add up correctly.
 */
export function bceLoss(h: usize, table: usize, positive: usize, negative: usize, negatives: i32, dh: usize, dtable: usize, rows: i32, d: i32): f64 {
  const rowBytes = <usize>d << 2;
  const inv = 1.0 / <f64>rows;
  const perNegative = 1.0 / <f64>negatives;
  let loss: f64 = 0;
  for (let r = 0; r < rows; r++) {
    const hr = h + <usize>r * rowBytes;
    const dhr = dh + <usize>r * rowBytes;
    const ip = <usize>load<i32>(positive + (<usize>r << 2)) * rowBytes;
    const xp = <f64>dot1(hr, table + ip, rowBytes);
    loss += softplus(-xp);
    const gp = f32x4.splat(<f32>(-sigmoid(-xp) * inv));
    for (let c: usize = 0; c < rowBytes; c += 16) {
      v128.store(dhr + c, f32x4.mul(gp, v128.load(table + ip + c)));
      v128.store(dtable + ip + c, f32x4.add(v128.load(dtable + ip + c), f32x4.mul(gp, v128.load(hr + c))));
    }
    for (let k = 0; k < negatives; k++) {
      const ineg = <usize>load<i32>(negative + (<usize>(r * negatives + k) << 2)) * rowBytes;
      const xn = <f64>dot1(hr, table + ineg, rowBytes);
      loss += softplus(xn) * perNegative;
      const gn = f32x4.splat(<f32>(sigmoid(xn) * inv * perNegative));
      for (let c: usize = 0; c < rowBytes; c += 16) {
        v128.store(dhr + c, f32x4.add(v128.load(dhr + c), f32x4.mul(gn, v128.load(table + ineg + c))));
        v128.store(dtable + ineg + c, f32x4.add(v128.load(dtable + ineg + c), f32x4.mul(gn, v128.load(hr + c))));
      }
    }
  }
  return loss;
}

// @ts-ignore: decorator
@inline function softplus(x: f64): f64 {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

// @ts-ignore: decorator
@inline function sigmoid(x: f64): f64 {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

export function adam(w: usize, m: usize, v: usize, g: usize, n: i32, beta1: f32, beta2: f32, stepSize: f32, epsilonHat: f32): void {
  const b1 = f32x4.splat(beta1);
  const b2 = f32x4.splat(beta2);
  const ob1 = f32x4.splat(<f32>1 - beta1);
  const ob2 = f32x4.splat(<f32>1 - beta2);
  const step = f32x4.splat(stepSize);
  const eps = f32x4.splat(epsilonHat);
  for (let e = 0; e < n; e += 4) {
    const o = <usize>e << 2;
    const gr = v128.load(g + o);
    const mt = f32x4.add(f32x4.mul(b1, v128.load(m + o)), f32x4.mul(ob1, gr));
    const vt = f32x4.add(f32x4.mul(b2, v128.load(v + o)), f32x4.mul(f32x4.mul(ob2, gr), gr));
    v128.store(m + o, mt);
    v128.store(v + o, vt);
    v128.store(w + o, f32x4.sub(v128.load(w + o), f32x4.div(f32x4.mul(step, mt), f32x4.add(f32x4.sqrt(vt), eps))));
  }
}
