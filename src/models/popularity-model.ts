import type { InteractionTable } from '../data/types.ts';
import { RecError } from '../errors.ts';
import type { ScoringModel } from './scoring-model.ts';

/**
 * The non-personalised baseline reported beside every model.
 * - task 'ranking': an item's score is its number of training interactions (the same for every
 *   user); evaluation's pessimistic tie rule keeps items with equal counts from flattering it.
 * - task 'rating': an item's score is its mean training rating, or the global mean rating for an
 *   item with no rated training interaction.
 * Both methods of one instance agree (`scorePairs(u, i)` equals `scoreUsers([u])[i]`), so a caller
 * never gets counts from one and ratings from the other.
 * Pure JavaScript: nothing to train, no tensors, so `dispose` has nothing to free.
 */
export type PopularityTask = 'ranking' | 'rating';

export interface PopularityOptions {
  numUsers: number;
  numItems: number;
  /** Default 'ranking'. */
  task?: PopularityTask;
}

export class PopularityModel implements ScoringModel {
  readonly kind = 'popularity' as const;
  readonly numUsers: number;
  readonly numItems: number;
  readonly task: PopularityTask;
  /** One score per item (see the class comment). */
  readonly itemScores: Float32Array;

  private constructor(numUsers: number, numItems: number, task: PopularityTask, itemScores: Float32Array) {
    this.numUsers = numUsers;
    this.numItems = numItems;
    this.task = task;
    this.itemScores = itemScores;
  }

  /** Fits the baseline on the given rows of the table (the training split). */
  static fit(table: InteractionTable, trainRows: Int32Array, options: PopularityOptions): PopularityModel {
    const { numUsers, numItems } = options;
    const task = options.task ?? 'ranking';
    const counts = new Float32Array(numItems);
    const ratedCounts = new Float64Array(numItems);
    const ratingSums = new Float64Array(numItems);
    let ratedTotal = 0;
    let ratingTotal = 0;
    for (let k = 0; k < trainRows.length; k++) {
      const row = trainRows[k]!;
      const item = table.item[row]!;
      const user = table.user[row]!;
      if (item < 0 || item >= numItems) {
        throw new RecError('UNKNOWN_ITEM', `Training row ${row} has item ${item}, but numItems is ${numItems}; pass the dataset's item count.`);
      }
      if (user < 0 || user >= numUsers) {
        throw new RecError('UNKNOWN_USER', `Training row ${row} has user ${user}, but numUsers is ${numUsers}; pass the dataset's user count.`);
      }
      counts[item]!++;
      const rating = table.rating[row]!;
      if (!Number.isNaN(rating)) {
        ratedCounts[item]!++;
        ratingSums[item]! += rating;
        ratedTotal++;
        ratingTotal += rating;
      }
    }
    if (task === 'ranking') return new PopularityModel(numUsers, numItems, task, counts);
    if (ratedTotal === 0) {
      throw new RecError(
        'NOT_TRAINED',
        'The training rows carry no ratings (implicit feedback), so a rating baseline cannot be fitted; use task "ranking".',
      );
    }
    const globalMean = ratingTotal / ratedTotal;
    const means = Float32Array.from(ratedCounts, (n, i) => (n > 0 ? ratingSums[i]! / n : globalMean));
    return new PopularityModel(numUsers, numItems, task, means);
  }

  async scoreUsers(users: Int32Array): Promise<Float32Array> {
    const out = new Float32Array(users.length * this.numItems);
    for (let b = 0; b < users.length; b++) {
      this.checkUser(users[b]!);
      out.set(this.itemScores, b * this.numItems);
    }
    return out;
  }

  async scorePairs(users: Int32Array, items: Int32Array): Promise<Float32Array> {
    if (users.length !== items.length) {
      throw new RangeError(`scorePairs needs as many users (${users.length}) as items (${items.length})`);
    }
    const out = new Float32Array(items.length);
    for (let k = 0; k < items.length; k++) {
      this.checkUser(users[k]!);
      const item = items[k]!;
      if (!(item >= 0 && item < this.numItems)) {
        throw new RecError('UNKNOWN_ITEM', `Item ${item} is not in this dataset (it has ${this.numItems} items).`);
      }
      out[k] = this.itemScores[item]!;
    }
    return out;
  }

  async userEmbeddings(): Promise<null> {
    return null;
  }

  dispose(): void {}

  private checkUser(user: number): void {
    if (!(user >= 0 && user < this.numUsers)) {
      throw new RecError('UNKNOWN_USER', `User ${user} is not in this dataset (it has ${this.numUsers} users).`);
    }
  }
}
