/**
 * Item attributes as features of the feature-aware rating model (SVDFeature style, see
 * mf-rating.ts): a vocabulary of attribute values ("genre:comedy", "director:joel coen",
 * "stars:frances mcdormand") and, per item, the list of its values. Part of the model's state
 * (checkpointed), so a reloaded model composes every item exactly as the trained one did.
 *
 * Which values count is the ablation switch: 'none' (plain biased MF), 'dataset' (genres and
 * attributes the dataset provides), 'dataset+llm' (also the values the LLM filled in,
 * src/augment/augment-attributes.ts).
 */
import { RecError } from '../errors.ts';
import type { ItemRecord } from '../data/types.ts';

export type AttributeMode = 'none' | 'dataset' | 'dataset+llm';
export const ATTRIBUTE_MODES: readonly AttributeMode[] = ['none', 'dataset', 'dataset+llm'];
/** What the rating model uses unless told otherwise (chosen on ml-latest-small: docs/matrix-factorization.md, feature-aware biased MF). */
export const DEFAULT_ATTRIBUTE_MODE: AttributeMode = 'dataset';

export interface ItemFeatures {
  mode: AttributeMode;
  /** Feature names, "kind:value" in lower case; feature f is the model's attribute row f. */
  vocabulary: string[];
  /** Item i's features are `values[offsets[i] .. offsets[i + 1])` (numItems + 1 entries). */
  offsets: Int32Array;
  values: Int32Array;
}

/** The features of `numItems` items with no attributes: the model is plain biased MF. */
export function noFeatures(numItems: number): ItemFeatures {
  return { mode: 'none', vocabulary: [], offsets: new Int32Array(numItems + 1), values: new Int32Array(0) };
}

export function attributeMode(text: string): AttributeMode {
  if ((ATTRIBUTE_MODES as readonly string[]).includes(text)) return text as AttributeMode;
  throw new RecError('CONFIG_INVALID', `"${text}" is not an attribute mode; use ${ATTRIBUTE_MODES.join(', ')}.`);
}

/**
 * The vocabulary and per-item lists of `items` (item k must have index k). Multi-valued text
 * ("stars": "A, B, C") counts as one value per comma-separated part; names are trimmed, lower-cased
 * and their spaces collapsed so an LLM's "Steven  Spielberg" and "steven spielberg" meet.
 */
export function itemFeatures(items: readonly Pick<ItemRecord, 'index' | 'genres' | 'attributes'>[], mode: AttributeMode): ItemFeatures {
  if (mode === 'none') return noFeatures(items.length);
  const ids = new Map<string, number>();
  const vocabulary: string[] = [];
  const offsets = new Int32Array(items.length + 1);
  const values: number[] = [];
  items.forEach((item, k) => {
    if (item.index !== k) {
      throw new RecError('CONFIG_INVALID', `Item ${k} has index ${item.index}; pass the dataset's items in index order (store.loadDataset() gives them so).`);
    }
    const own = new Set<number>();
    const add = (kind: string, text: string) => {
      for (const part of text.split(',')) {
        const value = part.trim().replace(/\s+/g, ' ').toLowerCase();
        if (value === '') continue;
        const name = `${kind.toLowerCase()}:${value}`;
        let id = ids.get(name);
        if (id === undefined) {
          id = vocabulary.length;
          ids.set(name, id);
          vocabulary.push(name);
        }
        if (!own.has(id)) {
          own.add(id);
          values.push(id);
        }
      }
    };
    for (const genre of item.genres) add('genre', genre);
    for (const [kind, attribute] of Object.entries(item.attributes ?? {})) {
      if (attribute.source === 'dataset' || (attribute.source === 'llm' && mode === 'dataset+llm')) add(kind, attribute.value);
    }
    offsets[k + 1] = values.length;
  });
  return { mode, vocabulary, offsets, values: Int32Array.from(values) };
}

/** Checks stored or passed features against the model's item count; the error names what is wrong. */
export function checkItemFeatures(value: unknown, numItems: number, code: 'CONFIG_INVALID' | 'CHECKPOINT_INVALID'): ItemFeatures {
  const f = value as Partial<ItemFeatures> | null;
  const fail = (what: string): never => {
    throw new RecError(
      code,
      `The item features ${what}; ` + (code === 'CHECKPOINT_INVALID' ? 'train the rating model again.' : 'build them with itemFeatures(dataset.items, mode).'),
    );
  };
  if (!f || !ATTRIBUTE_MODES.includes(f.mode as AttributeMode) || !Array.isArray(f.vocabulary)) fail('are not an ItemFeatures object');
  const { offsets, values, vocabulary } = f as ItemFeatures;
  if (!(offsets instanceof Int32Array) || offsets.length !== numItems + 1) fail(`list ${offsets?.length ?? 0} offsets, not ${numItems + 1} (one per item + 1)`);
  if (!(values instanceof Int32Array) || offsets[0] !== 0 || offsets[numItems] !== values.length) fail('have offsets that do not span their values');
  for (let i = 0; i < numItems; i++) if (offsets[i + 1]! < offsets[i]!) fail(`have decreasing offsets at item ${i}`);
  for (let k = 0; k < values.length; k++) {
    if (!(values[k]! >= 0 && values[k]! < vocabulary.length)) fail(`name attribute ${values[k]}, outside the vocabulary of ${vocabulary.length}`);
  }
  return f as ItemFeatures;
}

/** Same vocabulary and the same lists: a model trained with `a` composes items as one built with `b`. */
export function sameItemFeatures(a: ItemFeatures, b: ItemFeatures): boolean {
  const equal = (x: ArrayLike<unknown>, y: ArrayLike<unknown>) => x.length === y.length && Array.prototype.every.call(x, (v, k) => v === y[k]);
  return a.mode === b.mode && equal(a.vocabulary, b.vocabulary) && equal(a.offsets, b.offsets) && equal(a.values, b.values);
}

/** The attribute entries of a list of items (a batch's, or every item's for scoring), host side. */
export interface HostEntries {
  /** Position in `items` each entry belongs to. */
  sample: Int32Array;
  /** The attribute (feature id). */
  feature: Int32Array;
  /** 1/|A_i|: the item's attributes are averaged. */
  weight: Float32Array;
  /** The entry's L2 weight: `weight` / the number of items having the attribute (feature-gradients.ts says why). */
  regWeight: Float32Array;
}

/** How many items have each attribute. */
export function itemsPerFeature(features: ItemFeatures): Int32Array {
  const counts = new Int32Array(features.vocabulary.length);
  for (let k = 0; k < features.values.length; k++) counts[features.values[k]!]!++;
  return counts;
}

/** `perFeature`: `itemsPerFeature(features)`, computed once by the caller. */
export function attributeEntries(features: ItemFeatures, items: Int32Array, perFeature: Int32Array): HostEntries {
  const { offsets, values } = features;
  let total = 0;
  for (let k = 0; k < items.length; k++) total += offsets[items[k]! + 1]! - offsets[items[k]!]!;
  const out: HostEntries = { sample: new Int32Array(total), feature: new Int32Array(total), weight: new Float32Array(total), regWeight: new Float32Array(total) };
  let e = 0;
  for (let k = 0; k < items.length; k++) {
    const from = offsets[items[k]!]!;
    const to = offsets[items[k]! + 1]!;
    for (let j = from; j < to; j++, e++) {
      out.sample[e] = k;
      out.feature[e] = values[j]!;
      out.weight[e] = 1 / (to - from);
      out.regWeight[e] = out.weight[e]! / perFeature[values[j]!]!;
    }
  }
  return out;
}

export interface FeatureSummary {
  mode: AttributeMode;
  /** Distinct attribute values (the model's attribute rows). */
  values: number;
  /** Values per kind ("genre", "director", …). */
  byKind: Record<string, number>;
  /** Items with at least one attribute. */
  items: number;
  /** Item attributes filled by an LLM that the model uses (0 unless mode 'dataset+llm'). */
  llmValues: number;
}

export function describeItemFeatures(features: ItemFeatures, items: readonly Pick<ItemRecord, 'attributes'>[]): FeatureSummary {
  const byKind: Record<string, number> = {};
  for (const name of features.vocabulary) {
    const kind = name.slice(0, name.indexOf(':'));
    byKind[kind] = (byKind[kind] ?? 0) + 1;
  }
  let withAny = 0;
  for (let i = 0; i + 1 < features.offsets.length; i++) if (features.offsets[i + 1]! > features.offsets[i]!) withAny++;
  const llmValues =
    features.mode === 'dataset+llm' ? items.reduce((n, item) => n + Object.values(item.attributes ?? {}).filter((a) => a.source === 'llm').length, 0) : 0;
  return { mode: features.mode, values: features.vocabulary.length, byKind, items: withAny, llmValues };
}

/** "20 genre, 3 director" */
export function formatKinds(byKind: Record<string, number>): string {
  const parts = Object.entries(byKind).map(([kind, n]) => `${n} ${kind}`);
  return parts.length === 0 ? 'none' : parts.join(', ');
}
