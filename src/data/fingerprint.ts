/**
 * A dataset's fingerprint: a hash of its content (user ids, items, interactions) that does not
 * depend on the order interactions arrive in, nor on the dataset's name or file format.
 * The store compares fingerprints to decide whether derived data (augmented pairs,
 * checkpoints, cached LLM answers) still belongs to the dataset it holds.
 *
 * The hash is a hand-written 2×32-bit mix (cyrb53-style), not SHA-256: `crypto.subtle` is
 * missing on pages served over plain http from a non-localhost host, and we need a change
 * detector, not collision resistance against an attacker.
 */
import { canonicalOrder } from './check-dataset.ts';
import type { Dataset } from './types.ts';

/** Streaming 2×32-bit hash; `digest()` gives 16 hex characters. */
class Hasher {
  private h1 = 0xdeadbeef;
  private h2 = 0x41c6ce57;

  bytes(data: Uint8Array): void {
    let h1 = this.h1;
    let h2 = this.h2;
    for (let k = 0; k < data.length; k++) {
      const c = data[k]!;
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    this.h1 = h1;
    this.h2 = h2;
  }

  digest(): string {
    let h1 = this.h1;
    let h2 = this.h2;
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    const hex = (x: number) => (x >>> 0).toString(16).padStart(8, '0');
    return hex(h2) + hex(h1);
  }
}

/** Missing ratings hash as +Infinity: NaN bit patterns are not guaranteed to be canonical. */
const NO_RATING = Number.POSITIVE_INFINITY;

/** Hashes the dataset's content; equal content gives an equal fingerprint, whatever the row order. */
export function fingerprintDataset(dataset: Dataset, order?: Int32Array): string {
  const rows = order ?? canonicalOrder(dataset.interactions, dataset.users.length, dataset.items.length);
  const hasher = new Hasher();
  const text = new TextEncoder();
  hasher.bytes(text.encode(JSON.stringify(dataset.users.map((u) => u.id))));
  hasher.bytes(
    text.encode(JSON.stringify(dataset.items.map((it) => [it.id, it.title, it.year ?? null, it.genres, it.attributes ?? null]))),
  );
  const t = dataset.interactions;
  const values = new Float64Array(rows.length * 4);
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k]!;
    const rating = t.rating[r]!;
    values[4 * k] = t.user[r]!;
    values[4 * k + 1] = t.item[r]!;
    values[4 * k + 2] = Number.isNaN(rating) ? NO_RATING : rating;
    values[4 * k + 3] = t.timestamp[r]!;
  }
  hasher.bytes(new Uint8Array(values.buffer));
  return hasher.digest();
}
