// Augmentation over a real slice (users 1..60) with a test double and an in-memory store: the
// plan serves long-tail users first, a second run asks nothing again, and the sequential task
// stores (u, picked, other) for the item the double names first.
import { beforeAll, describe, expect, it } from 'vitest';
import { MemoryPairStore } from '../../tests/helpers/augment/memory-pair-store.ts';
import { usersLongTailFirst } from '../augment/pair-sampler.ts';
import { quoteTitle } from '../llm/prompts/index.ts';
import { createDoubleEngine } from '../testing/double-engines.ts';
import { augmentLoop } from './augment-loop.ts';
import { loopContext, seenItems, type LoopContext } from './loop-context.ts';
import { sliceDataset } from '../../tests/helpers/api/trained-slice.ts';

let ctx: LoopContext;
beforeAll(async () => {
  ctx = loopContext(await sliceDataset(60));
});

describe('augmentLoop', () => {
  it('pairs: long-tail users first, the first shown item preferred, nothing asked twice on a rerun', async () => {
    const store = new MemoryPairStore();
    const engine = createDoubleEngine({ script: 'prefers-first' });
    const budget = { pairsPerUser: 2, maxCalls: 8 };
    const report = await augmentLoop(ctx, { engine, store, budget, seed: 5 });
    expect(report).toMatchObject({ users: 4, planned: 8, calls: 8, committed: 8 });
    expect([...new Set(store.records.map((r) => r.user))]).toEqual(usersLongTailFirst(ctx.counts).slice(0, 4));
    for (const r of store.records) {
      expect(seenItems(ctx, r.user, 'validation').has(r.pos) || seenItems(ctx, r.user, 'validation').has(r.neg)).toBe(false);
      const prompt = engine.requests[store.records.indexOf(r)]!.messages.at(-1)!.content;
      expect(prompt).toContain(`[A] ${quoteTitle(ctx.dataset.items[r.pos]!.title)}`);
    }
    const again = await augmentLoop(ctx, { engine, store, budget, seed: 5 });
    expect(again).toMatchObject({ planned: 8, alreadyCommitted: 8, calls: 0, committed: 0 });
  });

  it('sequential: k − 1 records per set, all with the picked item as pos', async () => {
    const store = new MemoryPairStore();
    const report = await augmentLoop(ctx, { engine: createDoubleEngine({ script: 'prefers-first' }), store, sequential: { setsPerUser: 1, setSize: 4, maxCalls: 3 }, seed: 5 });
    expect(report).toMatchObject({ users: 3, planned: 3, calls: 3, committed: 9 });
    expect(store.records.every((r) => r.kind === 'sequential')).toBe(true);
    for (const user of new Set(store.records.map((r) => r.user))) {
      const mine = store.records.filter((r) => r.user === user);
      expect(mine).toHaveLength(3);
      expect(new Set(mine.map((r) => r.pos)).size).toBe(1);
      expect(new Set(mine.map((r) => r.neg)).size).toBe(3);
    }
  });
});
