/**
 * The rating task's data augmentation inside a loop run (issue 5 §1, "rating"): with attributes
 * 'dataset+llm' and an engine, the LLM fills directors and stars (augment-attributes.ts) into an
 * in-memory copy of the items, asking first about the items the least active users rated in
 * training, within a budget of calls; then the item features the rating model uses are built.
 * With a test double the filled values are made up (the double says so in its model id), so a
 * figure from it measures the plumbing, not what attributes are worth.
 */
import { augmentAttributes, type AttributeAugmentReport, type AttributeStore } from '../augment/augment-attributes.ts';
import { itemsRatedByTailUsers } from '../augment/attribute-items.ts';
import { mergeItemAttributes } from '../data/item-attributes.ts';
import type { ItemRecord } from '../data/types.ts';
import type { LlmEngine } from '../llm/engine.ts';
import { describeItemFeatures, itemFeatures, type AttributeMode, type FeatureSummary, type ItemFeatures } from '../models/item-features.ts';
import type { LongWorkOptions } from '../progress.ts';
import type { LoopContext } from './loop-context.ts';

export interface AttributeBudget {
  /** LLM calls (one per item) at most; default 200. */
  maxCalls?: number;
  /** Ask about the items of this many least active users; default a fifth of the users. */
  tailUsers?: number;
}

export interface LoopAttributes {
  features: ItemFeatures;
  summary: FeatureSummary;
  /** The LLM's attribute filling, or null when the mode does not use LLM values or there is no engine. */
  augmentation: AttributeAugmentReport | null;
}

/** The items' store for one run: a copy, merged by the same rule as IndexedDB's (dataset values are kept). */
function memoryItems(items: readonly ItemRecord[]): AttributeStore & { items: ItemRecord[] } {
  const copy = structuredClone([...items]);
  return {
    items: copy,
    item: async (index) => copy[index],
    putItemAttributes: async (updates) => {
      let written = 0;
      for (const update of updates) {
        const merged = mergeItemAttributes(copy[update.index]!, update.attributes);
        copy[update.index] = merged.item;
        written += merged.written;
      }
      return written;
    },
  };
}

export async function loopAttributes(
  ctx: LoopContext,
  mode: AttributeMode,
  engine: LlmEngine | null,
  budget: AttributeBudget = {},
  options: LongWorkOptions = {},
): Promise<LoopAttributes> {
  const store = memoryItems(ctx.dataset.items);
  let augmentation: AttributeAugmentReport | null = null;
  if (mode === 'dataset+llm' && engine !== null) {
    // Training rows only: which items get asked about must not depend on the held-out ones.
    const table = ctx.dataset.interactions;
    const train = { length: ctx.split.train.length, user: Int32Array.from(ctx.split.train, (r) => table.user[r]!), item: Int32Array.from(ctx.split.train, (r) => table.item[r]!) };
    const order = itemsRatedByTailUsers(train, ctx.counts, budget.tailUsers ?? Math.ceil(ctx.numUsers / 5));
    augmentation = await augmentAttributes({ engine, store, items: order, maxCalls: budget.maxCalls ?? 200, ...options });
  }
  const features = itemFeatures(store.items, mode);
  return { features, summary: describeItemFeatures(features, store.items), augmentation };
}
