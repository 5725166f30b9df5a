/**
 * THE seeded PRNG of the project (mulberry32): splits, negative sampling, initialisation, sampled
 * prompts and test doubles all draw from it, so a seed repeats exactly on every backend, in Node
 * and in the browser. Math.random cannot be seeded. One implementation, so every user of a seed
 * sees the same sequence.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.next(); // (0, 1]: log(0) is -Infinity
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** Shuffles in place (Fisher–Yates). */
  shuffle<T extends { length: number; [k: number]: number }>(values: T): T {
    for (let i = values.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = values[i]!;
      values[i] = values[j]!;
      values[j] = tmp;
    }
    return values;
  }

  /** The state, to resume the same sequence after a checkpoint (`new Random(seedState)`). */
  get seedState(): number {
    return this.state;
  }
}

/** Mulberry32 as a plain function returning floats in [0, 1): the same sequence as `new Random(seed).next()`. */
export function mulberry32(seed: number): () => number {
  const random = new Random(seed);
  return () => random.next();
}
