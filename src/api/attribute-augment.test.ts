// Rating-task augmentation through the public API on the page's thread (no worker in Node), with
// the named test double and an in-memory store: the items the tail users rated in training are
// asked about, most such users first; answers land marked 'llm'; a second call asks nothing;
// without an LLM it fails like augment() does.
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../data/types.ts';
import { RecError } from '../errors.ts';
import { PROMPT_VERSION } from '../llm/prompts/prompt-version.ts';
import { createRecommender } from './create-recommender.ts';
import { createDoubleEngine } from '../testing/double-engines.ts';
import { MemoryAttributeRecStore } from '../../tests/helpers/api/memory-attribute-rec-store.ts';

const TITLES = ['Amber Road', 'Bright Lake', 'Cold Harbor', 'Dusty Trail', 'Eagle Peak', 'Frozen Gate'];
/** [user, item] in time order per user: user 0 rates 4 items, user 1 five, user 2 six. */
const ROWS: [number, number][] = [
  [0, 0], [0, 1], [0, 2], [0, 3],
  [1, 1], [1, 4], [1, 5], [1, 0], [1, 2],
  [2, 0], [2, 1], [2, 2], [2, 3], [2, 4], [2, 5],
];

function dataset(): Dataset {
  return {
    name: 'attributes',
    format: 'generic-csv',
    users: [0, 1, 2].map((index) => ({ index, id: `u${index}` })),
    items: TITLES.map((title, index) => ({ index, id: `i${index}`, title, genres: [] })),
    interactions: {
      length: ROWS.length,
      user: Int32Array.from(ROWS, ([u]) => u),
      item: Int32Array.from(ROWS, ([, i]) => i),
      rating: new Float32Array(ROWS.length).fill(4),
      timestamp: Float64Array.from(ROWS, (_, r) => r),
    },
  };
}

describe('createRecommender().augmentAttributes on the page thread', () => {
  it("asks about the tail users' training items, stores them as 'llm', and a second call asks nothing", async () => {
    const data = dataset();
    // Item 4 already has both attributes from the dataset: never asked.
    data.items[4] = { ...data.items[4]!, attributes: { director: { value: 'Real Director', source: 'dataset' }, stars: { value: 'Real Star', source: 'dataset' } } };
    const store = new MemoryAttributeRecStore(data);
    const llm = createDoubleEngine({ script: 'prefers-first' });
    const rec = await createRecommender({ store: store.asRecStore(), llm });

    // Training rows (last two per user held out): user 0 → items 0, 1 (N = 2); user 1 → 1, 4, 5
    // (N = 3); user 2 → 0..3 (N = 4). The 2 tail users rated item 1 twice, 0, 4 and 5 once.
    const seen: number[] = [];
    const report = await rec.augmentAttributes({ maxCalls: 10, tailUsers: 2, onProgress: (p) => seen.push(p.done) });
    expect(report).toEqual({ items: 4, alreadyFilled: 1, calls: 3, written: 6, unanswered: 0, stopped: 'done' });
    expect(seen.at(-1)).toBe(4);
    expect(llm.requests.map((r) => /^Movie: "(\w+)/m.exec(r.messages[1]!.content)?.[1])).toEqual(['Bright', 'Amber', 'Frozen']);

    const fromLlm = (value: string) => ({ value, source: 'llm', modelId: 'test-double/prefers-first', promptVersion: PROMPT_VERSION });
    expect(store.items[1]!.attributes).toEqual({ director: fromLlm('Bright Director'), stars: fromLlm('Bright One, Bright Two') });
    expect(store.items[0]!.attributes).toEqual({ director: fromLlm('Amber Director'), stars: fromLlm('Amber One, Amber Two') });
    expect(store.items[5]!.attributes?.['director']).toEqual(fromLlm('Frozen Director'));
    expect(store.items[4]!.attributes).toEqual(data.items[4]!.attributes);
    expect(store.items[2]!.attributes).toBeUndefined(); // only user 2 (not in the tail) rated it in training
    expect(store.items[3]!.attributes).toBeUndefined();

    const again = await rec.augmentAttributes({ maxCalls: 10, tailUsers: 2 });
    expect(again).toEqual({ items: 4, alreadyFilled: 4, calls: 0, written: 0, unanswered: 0, stopped: 'done' });
    expect(llm.requests).toHaveLength(3);
    await rec.dispose();
  });

  it('stops at maxCalls, and without an LLM fails with the error augment() gives', async () => {
    const store = new MemoryAttributeRecStore(dataset());
    const rec = await createRecommender({ store: store.asRecStore(), llm: createDoubleEngine({ script: 'prefers-first' }) });
    expect(await rec.augmentAttributes({ maxCalls: 1, tailUsers: 2 })).toMatchObject({ calls: 1, written: 2, stopped: 'budget' });

    const bare = await createRecommender({ store: store.asRecStore() });
    const noLlm = bare.augmentAttributes({ maxCalls: 1 });
    await expect(noLlm).rejects.toBeInstanceOf(RecError);
    await expect(noLlm).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    await expect(bare.augment()).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });
});
