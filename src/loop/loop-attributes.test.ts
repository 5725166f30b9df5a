import { describe, expect, it } from 'vitest';
import type { Dataset } from '../data/types.ts';
import { attributeDoubleScript } from '../testing/double-scripts.ts';
import { ScriptedLlmDouble } from '../testing/test-double.ts';
import { loopContext } from './loop-context.ts';
import { loopAttributes } from './loop-attributes.ts';

// User 0 is the least active (4 interactions: items 0, 1 in training, 2 validation, 3 test);
// users 1–4 have 8 each, over items 4–11. Items are "Alpha", "Beta", … with one genre.
const NAMES = ['Alpha', 'Beta', 'Gamma', 'Delta', 'Epsilon', 'Zeta', 'Eta', 'Theta', 'Iota', 'Kappa', 'Lambda', 'Mu'];
function dataset(): Dataset {
  const rows: [number, number][] = [[0, 0], [0, 1], [0, 2], [0, 3]];
  for (let u = 1; u < 5; u++) for (let k = 0; k < 8; k++) rows.push([u, 4 + ((u + k) % 8)]);
  return {
    name: 'tiny',
    format: 'generic-csv',
    items: NAMES.map((title, index) => ({ index, id: String(index), title, genres: [index % 2 ? 'Comedy' : 'Drama'] })),
    users: Array.from({ length: 5 }, (_, index) => ({ index, id: String(index) })),
    interactions: {
      length: rows.length,
      user: Int32Array.from(rows, (r) => r[0]),
      item: Int32Array.from(rows, (r) => r[1]),
      rating: Float32Array.from(rows, () => 4),
      timestamp: Float64Array.from(rows, (_, k) => k),
    },
  };
}

describe('attributes in a loop run', () => {
  it("has the LLM fill the tail users' training items first, within the budget, on a copy of the items", async () => {
    const data = dataset();
    const engine = new ScriptedLlmDouble(attributeDoubleScript, { name: 'attrs' });
    const result = await loopAttributes(loopContext(data), 'dataset+llm', engine, { maxCalls: 1 });
    // One call, about item 0 (user 0's first training item; the held-out items 2 and 3 are never asked about).
    expect(engine.requests).toHaveLength(1);
    expect(engine.requests[0]!.messages.at(-1)!.content).toContain('"Alpha"');
    expect(result.augmentation).toMatchObject({ calls: 1, written: 2, stopped: 'budget' });
    expect(result.features.vocabulary).toEqual(['genre:drama', 'director:alpha director', 'stars:alpha one', 'stars:alpha two', 'genre:comedy']);
    expect(result.summary).toMatchObject({ mode: 'dataset+llm', values: 5, llmValues: 2 });
    expect(data.items[0]!.attributes).toBeUndefined();
  });

  it("asks nothing for 'dataset' or without an engine", async () => {
    const engine = new ScriptedLlmDouble(attributeDoubleScript);
    const ctx = loopContext(dataset());
    const plain = await loopAttributes(ctx, 'dataset', engine);
    expect(engine.requests).toHaveLength(0);
    expect(plain.augmentation).toBeNull();
    expect(plain.features.vocabulary).toEqual(['genre:drama', 'genre:comedy']);
    expect((await loopAttributes(ctx, 'dataset+llm', null)).features.vocabulary).toEqual(['genre:drama', 'genre:comedy']);
  });
});
