import { EvalError } from './eval-error.ts';

/** Where the held-out item landed in one user's full ranking. */
export interface TargetRank {
  /** 0-based position of the target among the candidates (pessimistic on ties, see below). */
  rank: number;
  /** How many items were ranked, the target included. */
  candidates: number;
}

/**
 * Ranks a held-out item among all items except the user's excluded ones (training items, and the
 * validation item when scoring the test item), without building the candidate list.
 *
 * Tie rule, pessimistic: rank = number of other candidates scoring at least as high as the target.
 * A model earns a position only by scoring the target strictly above an item, so a constant scorer
 * (or one that has collapsed) lands last instead of first, and the result does not depend on the
 * order of item indices. The target is always a candidate, even if it also appears in `excluded`
 * (a re-rated item in a generic dataset).
 *
 * NaN scores are rejected: NaN compares false with everything, so it would silently let the target
 * climb. ±Infinity is allowed (models may mask items with -Infinity).
 *
 * One instance is reused across users: `seen` is stamped per call, so deduplicating `excluded`
 * costs no allocation per user.
 */
export class TargetRanker {
  readonly numItems: number;
  private readonly seen: Uint32Array;
  private stamp = 0;

  constructor(numItems: number) {
    this.numItems = numItems;
    this.seen = new Uint32Array(numItems);
  }

  /**
   * `scores` holds one score per item (length `numItems`); `target` and every entry of `excluded`
   * must be valid item indices (the evaluator checks the table against the model beforehand).
   * `user` only labels the error message.
   */
  rank(scores: ArrayLike<number>, target: number, excluded: ArrayLike<number>, user = -1): TargetRank {
    const n = this.numItems;
    const t = scores[target]!;
    if (Number.isNaN(t)) throw badScore(user, target);
    // Everything scoring >= t, the target itself included (t >= t), then drop the target.
    let atLeast = 0;
    for (let j = 0; j < n; j++) {
      const s = scores[j]!;
      if (s >= t) atLeast++;
      else if (s !== s) throw badScore(user, j);
    }
    atLeast -= 1;

    this.nextStamp();
    const stamp = this.stamp;
    this.seen[target] = stamp; // the target is never excluded
    let removed = 0;
    for (let e = 0; e < excluded.length; e++) {
      const item = excluded[e]!;
      if (this.seen[item] === stamp) continue; // duplicate, or the target
      this.seen[item] = stamp;
      removed++;
      if (scores[item]! >= t) atLeast--;
    }
    return { rank: atLeast, candidates: n - removed };
  }

  private nextStamp(): void {
    if (this.stamp === 0xffffffff) {
      this.seen.fill(0);
      this.stamp = 0;
    }
    this.stamp++;
  }
}

/** The error for a NaN score (also raised by the GPU ranking, models/webgpu/device-queries.ts). */
export function badScore(user: number, item: number): EvalError {
  const who = user >= 0 ? `user ${user}, ` : '';
  return new EvalError(
    'EVAL_BAD_SCORE',
    `The model scored ${who}item ${item} as NaN, so no ranking can be computed. ` +
      'Training probably diverged: retrain with a lower learning rate or more regularisation.',
  );
}
