/**
 * BPR training triples (u, i+, i−) for one epoch: every training interaction once, in a seeded
 * random order, each with one negative drawn uniformly among the items the user has NOT
 * interacted with in training; plus any extra triples (LLM data augmentation, D' = D ∪ D_aug).
 */
import type { InteractionTable } from '../data/types.ts';
import { RecError } from '../errors.ts';
import { itemsByUser, type UserItems } from '../data/user-items.ts';
import type { Random } from '../random.ts';

export interface Triples {
  user: Int32Array;
  positive: Int32Array;
  negative: Int32Array;
}

/**
 * Largest users × items for which "has u seen j?" is a bitset (2^28 bits = 32 MB; MovieLens 1M
 * needs 2.8 MB). Beyond it, a binary search in the user's sorted items (no extra memory).
 */
export const SEEN_BITSET_MAX_BITS = 2 ** 28;

export class BprSampler {
  private readonly seen: UserItems;
  /** One bit per (user, item), rows of `wordsPerUser` words; null past SEEN_BITSET_MAX_BITS. */
  private readonly seenBits: Uint32Array | null;
  private readonly wordsPerUser: number;
  private readonly users: Int32Array;
  private readonly items: Int32Array;

  constructor(
    table: InteractionTable,
    trainRows: Int32Array,
    readonly numUsers: number,
    readonly numItems: number,
    options: { seenBitsetMaxBits?: number } = {},
  ) {
    // Each user's training items sorted, so "has u seen j?" is a binary search.
    this.seen = itemsByUser(table, trainRows, numUsers);
    for (let u = 0; u < numUsers; u++) {
      this.seen.items.subarray(this.seen.offsets[u]!, this.seen.offsets[u + 1]!).sort();
    }
    // The bitset answers in one load where the binary search takes ~8 unpredictable branches:
    // lookups were ~60% of an epoch's sampling on ml-latest-small.
    this.wordsPerUser = Math.ceil(numItems / 32);
    this.seenBits = numUsers * this.wordsPerUser * 32 <= (options.seenBitsetMaxBits ?? SEEN_BITSET_MAX_BITS) ? new Uint32Array(numUsers * this.wordsPerUser) : null;
    if (this.seenBits) {
      for (let u = 0; u < numUsers; u++) {
        for (let k = this.seen.offsets[u]!; k < this.seen.offsets[u + 1]!; k++) {
          const item = this.seen.items[k]!;
          this.seenBits[u * this.wordsPerUser + (item >>> 5)]! |= 1 << (item & 31);
        }
      }
    }
    this.users = new Int32Array(trainRows.length);
    this.items = new Int32Array(trainRows.length);
    for (let k = 0; k < trainRows.length; k++) {
      this.users[k] = table.user[trainRows[k]!]!;
      this.items[k] = table.item[trainRows[k]!]!;
    }
  }

  /** Number of training interactions (triples per epoch before extras). */
  get size(): number {
    return this.users.length;
  }

  hasSeen(user: number, item: number): boolean {
    if (this.seenBits) return (this.seenBits[user * this.wordsPerUser + (item >>> 5)]! & (1 << (item & 31))) !== 0;
    let lo = this.seen.offsets[user]!;
    let hi = this.seen.offsets[user + 1]! - 1;
    const items = this.seen.items;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = items[mid]!;
      if (v === item) return true;
      if (v < item) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  /** A uniformly drawn item the user has not interacted with, or -1 if there is none. */
  sampleNegative(user: number, rng: Random): number {
    const seenCount = this.seen.offsets[user + 1]! - this.seen.offsets[user]!;
    if (seenCount >= this.numItems) return -1;
    // Rejection sampling: expected tries numItems / (numItems − seen), ~1 for sparse data.
    for (let attempt = 0; attempt < 64; attempt++) {
      const j = rng.int(this.numItems);
      if (!this.hasSeen(user, j)) return j;
    }
    // A user who has seen almost everything: pick uniformly among the unseen ones directly.
    const unseen: number[] = [];
    for (let j = 0; j < this.numItems; j++) if (!this.hasSeen(user, j)) unseen.push(j);
    return unseen[rng.int(unseen.length)]!;
  }

  /** One epoch's triples, shuffled; `extra` triples are appended before shuffling. */
  epoch(rng: Random, extra?: Triples): Triples {
    const extraCount = extra ? checkTriples(extra, this.numUsers, this.numItems) : 0;
    const n = this.users.length;
    const order = new Int32Array(n + extraCount);
    for (let k = 0; k < order.length; k++) order[k] = k;
    rng.shuffle(order);
    const user = new Int32Array(order.length);
    const positive = new Int32Array(order.length);
    const negative = new Int32Array(order.length);
    let out = 0;
    for (let k = 0; k < order.length; k++) {
      const src = order[k]!;
      if (src < n) {
        const u = this.users[src]!;
        const j = this.sampleNegative(u, rng);
        if (j < 0) continue; // the user has seen every item: no negative exists
        user[out] = u;
        positive[out] = this.items[src]!;
        negative[out++] = j;
      } else {
        const e = src - n;
        user[out] = extra!.user[e]!;
        positive[out] = extra!.positive[e]!;
        negative[out++] = extra!.negative[e]!;
      }
    }
    return { user: user.subarray(0, out), positive: positive.subarray(0, out), negative: negative.subarray(0, out) };
  }
}

/** Validates augmentation triples; returns their count. */
export function checkTriples(triples: Triples, numUsers: number, numItems: number): number {
  const n = triples.user.length;
  if (triples.positive.length !== n || triples.negative.length !== n) {
    throw new RecError(
      'CONFIG_INVALID',
      `Extra BPR triples need equal-length user, positive and negative arrays, got ${n}, ${triples.positive.length}, ${triples.negative.length}.`,
    );
  }
  for (let k = 0; k < n; k++) {
    const u = triples.user[k]!;
    if (!(u >= 0 && u < numUsers)) {
      throw new RecError('UNKNOWN_USER', `Extra triple ${k} names user index ${u}; the dataset has users 0..${numUsers - 1}.`);
    }
    for (const item of [triples.positive[k]!, triples.negative[k]!]) {
      if (!(item >= 0 && item < numItems)) {
        throw new RecError('UNKNOWN_ITEM', `Extra triple ${k} names item index ${item}; the dataset has items 0..${numItems - 1}.`);
      }
    }
  }
  return n;
}
