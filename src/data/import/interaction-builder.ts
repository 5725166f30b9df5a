/**
 * Collects interactions into growing typed arrays (no object per row), numbering users in
 * first-seen order. The source line of every row is kept until `finish` so a duplicate
 * rating found at the end can still be reported at its line.
 */
import type { InteractionTable, UserRecord } from '../types.ts';
import { findDuplicate } from './duplicates.ts';
import { excerpt } from './excerpt.ts';
import { ImportError } from './import-error.ts';

export class InteractionBuilder {
  readonly users: UserRecord[] = [];
  private readonly userById = new Map<string, number>();
  private capacity = 1024;
  private count = 0;
  private user = new Int32Array(this.capacity);
  private item = new Int32Array(this.capacity);
  private rating = new Float32Array(this.capacity);
  private timestamp = new Float64Array(this.capacity);
  private line = new Int32Array(this.capacity);

  constructor(readonly file: string) {}

  get length(): number {
    return this.count;
  }

  userIndex(id: string): number {
    let index = this.userById.get(id);
    if (index === undefined) {
      index = this.users.length;
      this.userById.set(id, index);
      this.users.push({ index, id });
    }
    return index;
  }

  /** `rating` NaN = no rating (implicit feedback). */
  add(user: number, item: number, rating: number, timestamp: number, line: number): void {
    if (this.count === this.capacity) this.grow();
    const i = this.count++;
    this.user[i] = user;
    this.item[i] = item;
    this.rating[i] = rating;
    this.timestamp[i] = timestamp;
    this.line[i] = line;
  }

  /**
   * The finished table, trimmed to size (call once; the builder is spent afterwards). A (user, item) pair rated twice is
   * IMPORT_DUPLICATE_RATING at the later of the two rows.
   */
  finish(itemCount: number, itemIds: (index: number) => string): InteractionTable {
    const n = this.count;
    // Trim one column at a time, dropping each grown buffer as soon as it is copied, so the
    // peak is the table plus one column rather than twice the table (it matters at 25M rows).
    const user = this.user.slice(0, n);
    this.user = new Int32Array(0);
    const item = this.item.slice(0, n);
    this.item = new Int32Array(0);
    const rating = this.rating.slice(0, n);
    this.rating = new Float32Array(0);
    const timestamp = this.timestamp.slice(0, n);
    this.timestamp = new Float64Array(0);
    const line = this.line;
    this.line = new Int32Array(0);
    this.capacity = 0;
    this.count = 0;
    const duplicate = findDuplicate(user, item, this.users.length, itemCount);
    if (duplicate) {
      const [first, second] = duplicate;
      throw new ImportError('IMPORT_DUPLICATE_RATING', {
        file: this.file,
        line: line[second]!,
        problem: `user ${excerpt(this.users[user[second]!]!.id)} rates item ${excerpt(itemIds(item[second]!))} again (first on line ${line[first]!})`,
        fix: 'Keep one row per user and item (delete one of the two rows)',
      });
    }
    return { length: n, user, item, rating, timestamp };
  }

  private grow(): void {
    this.capacity *= 2;
    this.user = resize(this.user, new Int32Array(this.capacity));
    this.item = resize(this.item, new Int32Array(this.capacity));
    this.rating = resize(this.rating, new Float32Array(this.capacity));
    this.timestamp = resize(this.timestamp, new Float64Array(this.capacity));
    this.line = resize(this.line, new Int32Array(this.capacity));
  }
}

function resize<T extends Int32Array | Float32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
