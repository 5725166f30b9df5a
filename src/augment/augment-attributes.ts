/**
 * Rating-task data augmentation (PAPER.md §2, "rating"): the LLM fills in missing item
 * attributes (director, main stars) in the item store, marked source 'llm' with the model id
 * and prompt version, for feature-aware rating models.
 *
 * The unit here is an item, not a user, so the user-by-user pair machinery (augment-job.ts)
 * does not fit; this loop keeps its guarantees: one LLM call per item, each item's answer
 * committed in its own store call (one transaction), pause between calls, cancel via
 * AbortSignal (the item in flight is dropped, nothing half-written), a budget of calls, and
 * resumability: an item that already has every wanted attribute, or any LLM-provided one, is
 * not asked again, so a rerun never repeats a question whose answer was stored.
 */
import { RecError, throwIfAborted } from '../errors.ts';
import type { ItemAttributeUpdate } from '../data/item-attributes.ts';
import type { ItemRecord } from '../data/types.ts';
import type { ChatRequest, LlmEngine } from '../llm/engine.ts';
import { parseAttributes } from '../llm/parse/parse-attributes.ts';
import { buildAttributePrompt } from '../llm/prompts/attribute-prompt.ts';
import type { LongWorkOptions } from '../progress.ts';
import { AugmentError } from './augment-error.ts';
import type { PauseGate } from './pause-gate.ts';

/** The attributes this job asks for; "stars" is stored as one comma-separated value. */
export const LLM_ATTRIBUTES = ['director', 'stars'] as const;

/** Tokens an answer may take: the JSON object for a director and three stars fits easily. */
const ANSWER_TOKENS = 96;

/** The part of the store this job uses: a store bound to the dataset (src/data/bound-store.ts) has it. */
export interface AttributeStore {
  item(index: number): Promise<ItemRecord | undefined>;
  putItemAttributes(updates: readonly ItemAttributeUpdate[]): Promise<number>;
}

export interface AugmentAttributesOptions extends LongWorkOptions {
  engine: LlmEngine;
  store: AttributeStore;
  /** Item indices to fill, most important first (e.g. the items tail users rated most). */
  items: readonly number[];
  /** At most this many LLM calls (one per item); default: one per listed item. */
  maxCalls?: number;
  pause?: PauseGate;
  /** What the catalogue holds, singular; default "movie". */
  itemNoun?: string;
}

export interface AttributeAugmentReport {
  /** Distinct items in the list. */
  items: number;
  /** Items skipped because they already had the attributes (dataset or an earlier run). */
  alreadyFilled: number;
  /** LLM calls made by this run. */
  calls: number;
  /** Attributes written by this run. */
  written: number;
  /** Answers with no usable name (nothing stored; such an item is asked again by a later run). */
  unanswered: number;
  /** 'done': every item was handled; 'budget': stopped at `maxCalls`. */
  stopped: 'done' | 'budget';
}

const WHAT = 'Attribute augmentation';

/** True when asking the LLM about this item would add nothing or repeat an earlier answer. */
function isFilled(item: ItemRecord): boolean {
  const attributes = item.attributes ?? {};
  if (Object.values(attributes).some((a) => a.source === 'llm')) return true;
  return LLM_ATTRIBUTES.every((name) => attributes[name] !== undefined);
}

export async function augmentAttributes(options: AugmentAttributesOptions): Promise<AttributeAugmentReport> {
  const { engine, store, signal, onProgress } = options;
  const items = [...new Set(options.items)];
  const maxCalls = options.maxCalls ?? items.length;
  if (!Number.isInteger(maxCalls) || maxCalls < 0) {
    throw new AugmentError(`maxCalls must be a whole number ≥ 0 (got ${String(options.maxCalls)}); leave it out for one call per item.`);
  }
  const report: AttributeAugmentReport = { items: items.length, alreadyFilled: 0, calls: 0, written: 0, unanswered: 0, stopped: 'done' };
  let handled = 0;
  const progress = () => onProgress?.({ phase: 'asking the LLM for item attributes', done: handled, total: items.length });
  progress();

  for (const index of items) {
    throwIfAborted(signal, WHAT);
    const item = await store.item(index);
    if (item === undefined) {
      throw new RecError('UNKNOWN_ITEM', `No item with index ${index} in the store; pass indices of the imported dataset's items.`);
    }
    if (isFilled(item)) {
      report.alreadyFilled++;
      handled++;
      progress();
      continue;
    }
    if (report.calls >= maxCalls) {
      report.stopped = 'budget';
      break;
    }
    await options.pause?.wait(signal, WHAT);
    throwIfAborted(signal, WHAT);
    const prompt = buildAttributePrompt(item, options.itemNoun === undefined ? {} : { itemNoun: options.itemNoun });
    const request: ChatRequest = { messages: prompt.messages, temperature: 0, maxTokens: ANSWER_TOKENS };
    if (signal) request.signal = signal;
    const response = await engine.chat(request);
    report.calls++;
    // A cancel that landed during the call: drop the answer rather than half-finish.
    throwIfAborted(signal, WHAT);
    const parsed = parseAttributes(response.text).result;
    const values: Record<string, string | undefined> = { director: parsed?.director, stars: parsed?.stars.join(', ') || undefined };
    const attributes: ItemAttributeUpdate['attributes'] = {};
    for (const name of LLM_ATTRIBUTES) {
      const value = values[name];
      if (value !== undefined && item.attributes?.[name] === undefined) {
        attributes[name] = { value, source: 'llm', modelId: engine.modelId, promptVersion: prompt.version };
      }
    }
    if (Object.keys(attributes).length === 0) report.unanswered++;
    else report.written += await store.putItemAttributes([{ index, attributes }]);
    handled++;
    progress();
  }
  return report;
}
