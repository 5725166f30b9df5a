// The rating task's attribute filling inside a loop run (runLoop): with 'dataset+llm' and an
// engine the LLM fills the tail users' training items first, within the budget, on the run's copy
// of the items; the rating model then composes items from what it filled in. The aggregation is
// 'mf-only' (α = 0), so the only LLM calls are the attribute ones.
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../data/types.ts';
import { attributeDoubleScript } from '../testing/double-scripts.ts';
import { ScriptedLlmDouble } from '../testing/test-double.ts';
import { nodeBackend } from '../../tests/helpers/models/use-node-backend.ts';
import { runLoop, type LoopRunOptions } from './loop-run.ts';

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

/** The rating task's data augmentation on; no pair augmentation (a budget of 0 calls). */
const WITH_DATA_AUG: Partial<LoopRunOptions> = { switches: { dataAugmentation: true, promptAugmentation: false, aggregation: 'mf-only' }, augmentBudget: { pairsPerUser: 1, maxCalls: 0 } };

const run = async (data: Dataset, engine: ScriptedLlmDouble | null, over: Partial<LoopRunOptions>) => {
  await nodeBackend('wasm');
  return runLoop({
    dataset: data,
    engine,
    switches: { dataAugmentation: false, promptAugmentation: false, aggregation: 'mf-only' },
    alpha: { alpha1: 0.5, alpha2: 0.1 },
    kPrime: 5,
    ks: [3],
    epochs: 1,
    patience: 0,
    mf: { dim: 4, batchSize: 16, seed: 1 },
    rating: true,
    ...over,
  });
};

describe('attributes in a loop run', () => {
  it("has the LLM fill the tail users' training items first, within the budget, on a copy of the items", async () => {
    const data = dataset();
    const engine = new ScriptedLlmDouble(attributeDoubleScript, { name: 'attrs' });
    const report = await run(data, engine, { ...WITH_DATA_AUG, attributes: 'dataset+llm', attributeBudget: { maxCalls: 1 } });
    // One call, about item 0 (user 0's first training item; the held-out items 2 and 3 are never asked about).
    expect(engine.requests).toHaveLength(1);
    expect(engine.requests[0]!.messages.at(-1)!.content).toContain('"Alpha"');
    expect(report.attributes!.augmentation).toMatchObject({ calls: 1, written: 2, stopped: 'budget' });
    // Two genres, the director and two stars of item 0.
    expect(report.attributes!.summary).toMatchObject({ mode: 'dataset+llm', values: 5, llmValues: 2 });
    expect(report.rating!.llmCalls).toBe(0);
    expect(data.items[0]!.attributes).toBeUndefined();
  });

  it("asks nothing for 'dataset', without an engine, or without data augmentation (which then uses no LLM attribute)", async () => {
    const engine = new ScriptedLlmDouble(attributeDoubleScript);
    const plain = await run(dataset(), engine, { ...WITH_DATA_AUG, attributes: 'dataset' });
    expect(engine.requests).toHaveLength(0);
    expect(plain.attributes).toEqual({ summary: expect.objectContaining({ mode: 'dataset', values: 2 }), augmentation: null });
    const noEngine = await run(dataset(), null, { ...WITH_DATA_AUG, attributes: 'dataset+llm' });
    expect(noEngine.attributes).toEqual({ summary: expect.objectContaining({ mode: 'dataset+llm', values: 2 }), augmentation: null });
    // --no-data-aug turns off all augmentation of the task: 'dataset+llm' asks nothing and trains on 'dataset'.
    const noDataAug = await run(dataset(), engine, { attributes: 'dataset+llm' });
    expect(engine.requests).toHaveLength(0);
    expect(noDataAug.attributes).toEqual({ summary: expect.objectContaining({ mode: 'dataset', values: 2 }), augmentation: null });
  });
});
