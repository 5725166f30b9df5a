import { describe, expect, it } from 'vitest';
import type { ItemRecord } from '../data/types.ts';
import { attributeEntries, attributeMode, describeItemFeatures, itemFeatures, itemsPerFeature, sameItemFeatures } from './item-features.ts';

const llm = { source: 'llm' as const, modelId: 'm', promptVersion: 'v1' };
const ITEMS: ItemRecord[] = [
  { index: 0, id: 'a', title: 'A', genres: ['Comedy', 'Drama'], attributes: { director: { value: 'Joel  Coen', source: 'dataset' } } },
  { index: 1, id: 'b', title: 'B', genres: ['comedy'], attributes: { director: { value: 'joel coen', ...llm }, stars: { value: 'X Y, Z, X Y', ...llm } } },
  { index: 2, id: 'c', title: 'C', genres: [] },
];

describe('item features', () => {
  it('build the vocabulary and per-item lists for each mode', () => {
    const dataset = itemFeatures(ITEMS, 'dataset');
    expect(dataset.vocabulary).toEqual(['genre:comedy', 'genre:drama', 'director:joel coen']);
    expect(Array.from(dataset.offsets)).toEqual([0, 3, 4, 4]);
    expect(Array.from(dataset.values)).toEqual([0, 1, 2, 0]);

    // The LLM's director meets the dataset's (case and spaces normalised); "stars" splits on commas, once per item.
    const withLlm = itemFeatures(ITEMS, 'dataset+llm');
    expect(withLlm.vocabulary).toEqual(['genre:comedy', 'genre:drama', 'director:joel coen', 'stars:x y', 'stars:z']);
    expect(Array.from(withLlm.offsets)).toEqual([0, 3, 7, 7]);
    expect(Array.from(withLlm.values)).toEqual([0, 1, 2, 0, 2, 3, 4]);

    const none = itemFeatures(ITEMS, 'none');
    expect(none.vocabulary).toEqual([]);
    expect(Array.from(none.offsets)).toEqual([0, 0, 0, 0]);

    expect(sameItemFeatures(dataset, itemFeatures(structuredClone(ITEMS), 'dataset'))).toBe(true);
    expect(sameItemFeatures(dataset, withLlm)).toBe(false);
    expect(describeItemFeatures(withLlm, ITEMS)).toEqual({ mode: 'dataset+llm', values: 5, byKind: { genre: 2, director: 1, stars: 2 }, items: 2, llmValues: 2 });
    expect(describeItemFeatures(dataset, ITEMS).llmValues).toBe(0);
  });

  it('average an item attributes and weight their L2 by how many items share each', () => {
    const f = itemFeatures(ITEMS, 'dataset+llm');
    expect(Array.from(itemsPerFeature(f))).toEqual([2, 1, 2, 1, 1]);
    const e = attributeEntries(f, Int32Array.of(2, 1, 1), itemsPerFeature(f));
    expect(Array.from(e.sample)).toEqual([1, 1, 1, 1, 2, 2, 2, 2]);
    expect(Array.from(e.feature)).toEqual([0, 2, 3, 4, 0, 2, 3, 4]);
    expect(Array.from(e.weight)).toEqual(Array(8).fill(0.25));
    expect(Array.from(e.regWeight)).toEqual([0.125, 0.125, 0.25, 0.25, 0.125, 0.125, 0.25, 0.25]);
  });

  it('refuse items out of index order and unknown modes', () => {
    expect(() => itemFeatures([ITEMS[1]!], 'dataset')).toThrow(/index order/);
    expect(() => attributeMode('genres')).toThrow(/none, dataset, dataset\+llm/);
    expect(attributeMode('dataset+llm')).toBe('dataset+llm');
  });
});
