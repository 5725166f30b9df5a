/**
 * An in-memory FAKE of the store's augmented-pair methods (src/data/store.ts), for tests of
 * the augmentation job: same contract (one call = all or nothing, ids in insertion order),
 * plus a switch that makes a chosen `addAugmentedPairs` call fail, as a closed tab would.
 */
import type { AugmentedPairRecord } from '../../../src/data/db.ts';
import type { NewAugmentedPair } from '../../../src/data/serving-store.ts';
import type { PairStore } from '../../../src/augment/augment-job.ts';

export class MemoryPairStore implements PairStore {
  readonly records: AugmentedPairRecord[] = [];
  /** Sizes of the successful `addAugmentedPairs` calls, in order. */
  readonly addCalls: number[] = [];
  /** When set, the add call with this 0-based index (counting failed ones) throws and writes nothing. */
  failOnAdd: number | null = null;
  private adds = 0;
  private nextId = 1;

  /** What a bound store would stamp the pairs with (the fake holds no dataset of its own). */
  readonly datasetFingerprint = 'memory-pair-store';

  async addAugmentedPairs(pairs: readonly NewAugmentedPair[]): Promise<number[]> {
    if (this.adds++ === this.failOnAdd) throw new Error('simulated reload: the page went away before the transaction committed');
    const ids = pairs.map(({ id: _ignored, ...pair }) => {
      const id = this.nextId++;
      this.records.push({ ...pair, id, datasetFingerprint: this.datasetFingerprint });
      return id;
    });
    this.addCalls.push(pairs.length);
    return ids;
  }

  async listAugmentedPairs(filter: { user?: number } = {}): Promise<AugmentedPairRecord[]> {
    return this.records.filter((r) => filter.user === undefined || r.user === filter.user).map((r) => ({ ...r }));
  }
}
