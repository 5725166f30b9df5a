import { describe, expect, it } from 'vitest';
import { mergeItemAttributes } from './item-attributes.ts';
import type { ItemRecord } from './types.ts';

describe('mergeItemAttributes', () => {
  const item: ItemRecord = {
    index: 4,
    id: 'x',
    title: 'X',
    genres: ['Drama'],
    attributes: { director: { value: 'From Data', source: 'dataset' }, stars: { value: 'Old Guess', source: 'llm', modelId: 'm1' } },
  };

  it('never replaces a dataset value, replaces an earlier LLM value, adds new names', () => {
    const merged = mergeItemAttributes(item, {
      director: { value: 'Guess', source: 'llm' },
      stars: { value: 'New Guess', source: 'llm', modelId: 'm2' },
      writer: { value: 'Someone', source: 'llm' },
    });
    expect(merged.written).toBe(2);
    expect(merged.item).toEqual({
      ...item,
      attributes: {
        director: { value: 'From Data', source: 'dataset' },
        stars: { value: 'New Guess', source: 'llm', modelId: 'm2' },
        writer: { value: 'Someone', source: 'llm' },
      },
    });
    // The input record is not mutated.
    expect(item.attributes?.['stars']?.value).toBe('Old Guess');
  });

  it('adds attributes to an item that had none', () => {
    const bare: ItemRecord = { index: 0, id: 'a', title: 'A', genres: [] };
    expect(mergeItemAttributes(bare, { director: { value: 'D', source: 'llm' } })).toEqual({ item: { ...bare, attributes: { director: { value: 'D', source: 'llm' } } }, written: 1 });
  });
});
