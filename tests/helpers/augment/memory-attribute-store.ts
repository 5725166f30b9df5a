/**
 * An in-memory FAKE of the store's item methods used by attribute augmentation
 * (src/data/store.ts): the same merge rule (mergeItemAttributes), all or nothing per call.
 */
import { RecError } from '../../../src/errors.ts';
import { mergeItemAttributes, type ItemAttributeUpdate } from '../../../src/data/item-attributes.ts';
import type { ItemRecord } from '../../../src/data/types.ts';
import type { AttributeStore } from '../../../src/augment/augment-attributes.ts';

export class MemoryAttributeStore implements AttributeStore {
  readonly items: ItemRecord[];
  /** Sizes of the successful `putItemAttributes` calls, in order. */
  readonly putCalls: number[] = [];

  constructor(items: readonly ItemRecord[]) {
    this.items = structuredClone([...items]);
  }

  async item(index: number): Promise<ItemRecord | undefined> {
    const item = this.items[index];
    return item === undefined ? undefined : structuredClone(item);
  }

  async putItemAttributes(updates: readonly ItemAttributeUpdate[]): Promise<number> {
    if (updates.some((u) => this.items[u.index] === undefined)) throw new RecError('UNKNOWN_ITEM', 'unknown item index');
    let written = 0;
    for (const update of updates) {
      const merged = mergeItemAttributes(this.items[update.index]!, update.attributes);
      this.items[update.index] = merged.item;
      written += merged.written;
    }
    this.putCalls.push(updates.length);
    return written;
  }
}
