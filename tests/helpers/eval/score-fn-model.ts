import type { ScoringModel } from '../../../src/models/scoring-model.ts';

/** A test double: a ScoringModel whose score for (user, item) is a plain function. */
export class ScoreFnModel implements ScoringModel {
  /** Users passed to each scoreUsers call, to check batching. */
  readonly batches: number[][] = [];

  constructor(
    readonly numUsers: number,
    readonly numItems: number,
    private readonly score: (user: number, item: number) => number,
    readonly kind: ScoringModel['kind'] = 'mf-rating',
  ) {}

  async scoreUsers(users: Int32Array): Promise<Float32Array> {
    this.batches.push(Array.from(users));
    const out = new Float32Array(users.length * this.numItems);
    users.forEach((u, b) => {
      for (let i = 0; i < this.numItems; i++) out[b * this.numItems + i] = this.score(u, i);
    });
    return out;
  }

  async scorePairs(users: Int32Array, items: Int32Array): Promise<Float32Array> {
    return Float32Array.from(users, (u, k) => this.score(u, items[k]!));
  }

  async userEmbeddings(): Promise<null> {
    return null;
  }

  dispose(): void {}
}
