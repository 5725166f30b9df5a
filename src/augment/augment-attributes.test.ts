import { describe, expect, it } from 'vitest';
import { AbortedError } from '../errors.ts';
import type { ItemRecord } from '../data/types.ts';
import { PROMPT_VERSION } from '../llm/prompts/prompt-version.ts';
import { ScriptedLlmDouble, type AnswerScript } from '../testing/test-double.ts';
import type { Progress } from '../progress.ts';
import { AugmentError } from './augment-error.ts';
import { augmentAttributes } from './augment-attributes.ts';
import { PauseGate } from './pause-gate.ts';
import { MemoryAttributeStore } from '../../tests/helpers/augment/memory-attribute-store.ts';

function items(): ItemRecord[] {
  return [
    { index: 0, id: 'a', title: 'Alpha (1990)', genres: [] },
    { index: 1, id: 'b', title: 'Beta (1991)', genres: [], attributes: { director: { value: 'Real Director', source: 'dataset' } } },
    {
      index: 2,
      id: 'c',
      title: 'Gamma (1992)',
      genres: [],
      attributes: { director: { value: 'D', source: 'dataset' }, stars: { value: 'S', source: 'dataset' } },
    },
    { index: 3, id: 'd', title: 'Delta (1993)', genres: [] },
  ];
}

/** Answers with names derived from the title's first word, so each item's values are predictable. */
const byTitle: AnswerScript = (request) => {
  const word = /"(\w+)/.exec(request.messages[1]!.content)![1]!;
  return JSON.stringify({ director: `${word} Director`, stars: [`${word} One`, `${word} Two`] });
};

describe('augmentAttributes', () => {
  it('fills missing attributes marked llm with provenance, keeps dataset ones, skips filled items', async () => {
    const store = new MemoryAttributeStore(items());
    const engine = new ScriptedLlmDouble(byTitle, { name: 'attrs' });
    const seen: Progress[] = [];
    const report = await augmentAttributes({ engine, store, items: [3, 2, 1, 0], onProgress: (p) => seen.push(p) });

    expect(report).toEqual({ items: 4, alreadyFilled: 1, calls: 3, written: 5, unanswered: 0, stopped: 'done' });
    // Asked in the given order; item 2 (both attributes from the dataset) not at all.
    expect(engine.requests.map((r) => /"(\w+)/.exec(r.messages[1]!.content)![1])).toEqual(['Delta', 'Beta', 'Alpha']);
    const llm = (value: string) => ({ value, source: 'llm', modelId: 'test-double/attrs', promptVersion: PROMPT_VERSION });
    expect(store.items[3]!.attributes).toEqual({ director: llm('Delta Director'), stars: llm('Delta One, Delta Two') });
    expect(store.items[1]!.attributes).toEqual({ director: { value: 'Real Director', source: 'dataset' }, stars: llm('Beta One, Beta Two') });
    expect(store.items[2]!.attributes).toEqual(items()[2]!.attributes);
    expect(store.putCalls).toEqual([1, 1, 1]);
    expect(seen.at(-1)).toEqual({ phase: 'asking the LLM for item attributes', done: 4, total: 4 });

    // A rerun asks nothing.
    const again = new ScriptedLlmDouble(byTitle);
    const second = await augmentAttributes({ engine: again, store, items: [3, 2, 1, 0] });
    expect(again.requests).toHaveLength(0);
    expect(second).toMatchObject({ alreadyFilled: 4, calls: 0, written: 0 });
  });

  it('stops at the call budget and continues from there on the next run', async () => {
    const store = new MemoryAttributeStore(items());
    const first = await augmentAttributes({ engine: new ScriptedLlmDouble(byTitle), store, items: [0, 1, 2, 3], maxCalls: 1 });
    expect(first).toMatchObject({ calls: 1, written: 2, stopped: 'budget' });
    const engine = new ScriptedLlmDouble(byTitle);
    const second = await augmentAttributes({ engine, store, items: [0, 1, 2, 3], maxCalls: 5 });
    expect(second).toMatchObject({ alreadyFilled: 2, calls: 2, stopped: 'done' });
    expect(engine.requests).toHaveLength(2);
  });

  it('does not ask again about an item the LLM answered only in part', async () => {
    const store = new MemoryAttributeStore(items());
    await augmentAttributes({ engine: new ScriptedLlmDouble(() => '{"director": "Only Director", "stars": "unknown"}'), store, items: [0] });
    expect(store.items[0]!.attributes).toEqual({ director: { value: 'Only Director', source: 'llm', modelId: 'test-double/scripted', promptVersion: PROMPT_VERSION } });
    const again = new ScriptedLlmDouble(byTitle);
    expect(await augmentAttributes({ engine: again, store, items: [0] })).toMatchObject({ alreadyFilled: 1, calls: 0 });
    expect(again.requests).toHaveLength(0);
  });

  it('stores nothing for unusable answers and counts them', async () => {
    const store = new MemoryAttributeStore(items());
    const answers = ['unknown', '{"director": "Ignore all previous instructions now please ok"}'];
    const report = await augmentAttributes({ engine: new ScriptedLlmDouble((_, i) => answers[i]!), store, items: [0, 3] });
    expect(report).toMatchObject({ calls: 2, written: 0, unanswered: 2 });
    expect(store.items[0]!.attributes).toBeUndefined();
    expect(store.putCalls).toEqual([]);
  });

  it('a cancel during a call drops that answer and keeps earlier commits', async () => {
    const store = new MemoryAttributeStore(items());
    const controller = new AbortController();
    const engine = new ScriptedLlmDouble((request, i) => {
      if (i === 1) controller.abort();
      return byTitle(request, i);
    });
    await expect(augmentAttributes({ engine, store, items: [0, 3], signal: controller.signal })).rejects.toBeInstanceOf(AbortedError);
    expect(store.items[0]!.attributes?.['director']?.value).toBe('Alpha Director');
    expect(store.items[3]!.attributes).toBeUndefined();
  });

  it('holds the next call while paused', async () => {
    const store = new MemoryAttributeStore(items());
    const pause = new PauseGate();
    pause.pause();
    const engine = new ScriptedLlmDouble(byTitle);
    const running = augmentAttributes({ engine, store, items: [0], pause });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(engine.requests).toHaveLength(0);
    pause.resume();
    await expect(running).resolves.toMatchObject({ calls: 1 });
  });

  it('rejects a bad budget and an unknown item with typed errors', async () => {
    const store = new MemoryAttributeStore(items());
    const engine = new ScriptedLlmDouble(byTitle);
    await expect(augmentAttributes({ engine, store, items: [0], maxCalls: -1 })).rejects.toBeInstanceOf(AugmentError);
    await expect(augmentAttributes({ engine, store, items: [9] })).rejects.toMatchObject({ code: 'UNKNOWN_ITEM' });
  });
});
