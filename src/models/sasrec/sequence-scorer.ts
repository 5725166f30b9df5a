/**
 * SASRec behind the ScoringModel contract: a user's score for item i is h_u·E_i, where h_u is the
 * model's output at the last position of the user's sequence (the representation from which it
 * predicts the next item) and E_i the item's embedding. A scorer reads ONE set of sequences: the
 * model's own (the training sequences it keeps), or others given to `SasRec.withSequences` (the
 * test protocol reads training + validation items, as the original SASRec evaluation does).
 *
 * Representations are computed per user on demand and cached until the weights change; the item
 * matrix is cached likewise, transposed ([dim, items]) so scoring is a plain product.
 */
import * as tf from '@tensorflow/tfjs-core';
import { RecError } from '../../errors.ts';
import { gatherRows } from '../gather-rows.ts';
import type { ScoringModel } from '../scoring-model.ts';
import type { UserSequences } from './user-sequences.ts';

/** What a scorer needs from the model. */
export interface RepresentationSource {
  readonly numUsers: number;
  readonly numItems: number;
  readonly dim: number;
  /** Changes whenever the weights do. */
  readonly version: number;
  /** h_u for each of `users` from `sequences`, [users × dim]. */
  represent(users: Int32Array, sequences: UserSequences): Promise<Float32Array>;
  /** E without the padding row, transposed: [dim, numItems]. Owned by the source. */
  itemsTransposed(): tf.Tensor2D;
}

export class SequenceScorer implements Omit<ScoringModel, 'kind' | 'dispose'> {
  private version = -1;
  private reps: Float32Array;
  private known: Uint8Array;

  constructor(
    private readonly source: RepresentationSource,
    readonly sequences: UserSequences,
  ) {
    this.reps = new Float32Array(source.numUsers * source.dim);
    this.known = new Uint8Array(source.numUsers);
  }

  get numUsers(): number {
    return this.source.numUsers;
  }

  get numItems(): number {
    return this.source.numItems;
  }

  /** h_u of `users`, [users × dim], computing those not cached for the current weights. */
  async representations(users: Int32Array): Promise<Float32Array> {
    checkIndices(users, this.numUsers, 'user');
    if (this.version !== this.source.version) {
      this.known.fill(0);
      this.version = this.source.version;
    }
    const missing = Int32Array.from(new Set(Array.from(users).filter((u) => !this.known[u])));
    if (missing.length > 0) {
      const version = this.version;
      const computed = await this.source.represent(missing, this.sequences);
      if (version === this.source.version) {
        const d = this.source.dim;
        missing.forEach((u, k) => {
          this.reps.set(computed.subarray(k * d, (k + 1) * d), u * d);
          this.known[u] = 1;
        });
      } else {
        return this.representations(users);
      }
    }
    const d = this.source.dim;
    const out = new Float32Array(users.length * d);
    users.forEach((u, k) => out.set(this.reps.subarray(u * d, (u + 1) * d), k * d));
    return out;
  }

  async scoreUsers(users: Int32Array): Promise<Float32Array> {
    const reps = await this.representations(users);
    const scores = tf.tidy(() => tf.matMul(tf.tensor2d(reps, [users.length, this.source.dim]), this.source.itemsTransposed()));
    try {
      return (await scores.data()) as Float32Array;
    } finally {
      scores.dispose();
    }
  }

  async scorePairs(users: Int32Array, items: Int32Array): Promise<Float32Array> {
    if (users.length !== items.length) {
      throw new RecError('CONFIG_INVALID', `scorePairs needs as many users as items, got ${users.length} and ${items.length}.`);
    }
    checkIndices(items, this.numItems, 'item');
    const reps = await this.representations(users);
    const scores = tf.tidy(() => {
      // Columns of the cached item matrix, so pairs score exactly as the full ranking does.
      const columns = gatherRows(tf.transpose(this.source.itemsTransposed()), tf.tensor2d(items, [items.length, 1], 'int32'));
      return tf.sum(tf.mul(tf.tensor2d(reps, [users.length, this.source.dim]), columns), 1);
    });
    try {
      return (await scores.data()) as Float32Array;
    } finally {
      scores.dispose();
    }
  }

  /** Every user's h_u: the sequence representation SASRec predicts from (similar-user queries). */
  async userEmbeddings(): Promise<{ dim: number; data: Float32Array }> {
    const all = Int32Array.from({ length: this.numUsers }, (_, u) => u);
    return { dim: this.source.dim, data: await this.representations(all) };
  }
}

export function checkIndices(indices: Int32Array, count: number, what: 'user' | 'item'): void {
  for (let k = 0; k < indices.length; k++) {
    const v = indices[k]!;
    if (!(v >= 0 && v < count)) {
      throw new RecError(
        what === 'user' ? 'UNKNOWN_USER' : 'UNKNOWN_ITEM',
        `No ${what} with index ${v}: the model knows ${what}s 0..${count - 1}. Retrain after importing new data.`,
      );
    }
  }
}
