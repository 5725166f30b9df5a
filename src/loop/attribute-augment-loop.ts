/**
 * Rating-task augmentation (LLM → item attributes) for a LoopContext: the items the long-tail
 * users rated in training, most such users first (src/augment/attribute-items.ts), asked one
 * call each within `maxCalls` (src/augment/augment-attributes.ts). The augmentation worker and
 * the recommender's main-thread fallback both call this, so the item order, and therefore
 * what a rerun skips, is the same in both.
 */
import { DEFAULT_CONFIG } from '../config.ts';
import { augmentAttributes, type AttributeAugmentReport, type AttributeStore } from '../augment/augment-attributes.ts';
import { itemsRatedByTailUsers } from '../augment/attribute-items.ts';
import type { PauseGate } from '../augment/pause-gate.ts';
import type { LlmEngine } from '../llm/engine.ts';
import type { LongWorkOptions } from '../progress.ts';
import type { LoopContext } from './loop-context.ts';

export interface AttributeAugmentBudget {
  /** At most this many LLM calls (one per item). */
  maxCalls: number;
  /** Items of this many users with the fewest training interactions are asked about (default 50). */
  tailUsers?: number;
}

/** Tail users whose items are asked about by default: the 50 sparsest users are where α_u is largest. */
export const DEFAULT_ATTRIBUTE_TAIL_USERS: number = DEFAULT_CONFIG.augmentation.attributeTailUsers;

export interface AttributeAugmentLoopOptions extends LongWorkOptions, AttributeAugmentBudget {
  engine: LlmEngine;
  store: AttributeStore;
  pause?: PauseGate;
}

export function attributeAugmentLoop(ctx: LoopContext, options: AttributeAugmentLoopOptions): Promise<AttributeAugmentReport> {
  // Training rows only, like the pair plan: evaluation's held-out items do not steer what is asked.
  const { user, item } = ctx.dataset.interactions;
  const rows = ctx.split.train;
  const train = { length: rows.length, user: Int32Array.from(rows, (r) => user[r]!), item: Int32Array.from(rows, (r) => item[r]!) };
  const items = itemsRatedByTailUsers(train, ctx.counts, options.tailUsers ?? DEFAULT_ATTRIBUTE_TAIL_USERS);
  const { engine, store, maxCalls, pause, signal, onProgress } = options;
  return augmentAttributes({ engine, store, items, maxCalls, pause, signal, onProgress });
}
