/**
 * Merging LLM-provided attributes into an item record (rating-task data augmentation). Shared
 * by the IndexedDB store and the in-memory test fake so both follow one rule: a value the
 * dataset itself provides is never replaced by an LLM's guess.
 */
import type { ItemAttribute, ItemRecord } from './types.ts';

/** LLM-provided attributes for one item, by attribute name ("director", "stars"). */
export interface ItemAttributeUpdate {
  index: number;
  attributes: Record<string, ItemAttribute & { source: 'llm' }>;
}

/** The item with `incoming` merged in, and how many attributes were written (dataset ones are kept). */
export function mergeItemAttributes(item: ItemRecord, incoming: ItemAttributeUpdate['attributes']): { item: ItemRecord; written: number } {
  const attributes: Record<string, ItemAttribute> = { ...item.attributes };
  let written = 0;
  for (const [name, attribute] of Object.entries(incoming)) {
    if (attributes[name]?.source === 'dataset') continue;
    attributes[name] = { ...attribute };
    written++;
  }
  return { item: { ...item, attributes }, written };
}
