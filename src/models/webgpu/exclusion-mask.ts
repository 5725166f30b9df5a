/**
 * The items each user of a query batch must not get back (top-k: the items already seen; ranking
 * evaluation: the training items and, for the test target, the validation item), as one bit per
 * item: row b is `words` 32-bit words, item i is bit i % 32 of word i / 32. What the GPU query
 * kernels read (wgsl/queries.wgsl.ts); built on the host in one pass over each user's list.
 */
export interface ExclusionMask {
  users: number;
  items: number;
  words: number;
  bits: Uint32Array;
}

/** What a caller may say is excluded for one user: a list of items, a set, or a predicate. */
export type Excluded = ArrayLike<number> | ReadonlySet<number> | ((item: number) => boolean) | undefined;

export function exclusionMask(items: number, perUser: readonly Excluded[]): ExclusionMask {
  const words = Math.max(1, Math.ceil(items / 32));
  const bits = new Uint32Array(perUser.length * words);
  perUser.forEach((excluded, b) => {
    const row = b * words;
    const set = (item: number) => {
      // Items outside the catalogue cannot be returned anyway; skipping them keeps other rows intact.
      if (Number.isInteger(item) && item >= 0 && item < items) bits[row + (item >>> 5)]! |= 1 << (item & 31);
    };
    if (excluded === undefined) return;
    if (typeof excluded === 'function') {
      for (let i = 0; i < items; i++) if (excluded(i)) set(i);
    } else if (excluded instanceof Set) {
      for (const item of excluded) set(item);
    } else {
      const list = excluded as ArrayLike<number>;
      for (let k = 0; k < list.length; k++) set(list[k]!);
    }
  });
  return { users: perUser.length, items, words, bits };
}
