// The sequential task ('next') through the loop on a real slice (users 1..40) with a named test
// double and the in-memory store, training on this thread: the LLM's next-item picks are stored
// with provenance, a rerun asks nothing twice, SASRec trains on sequences that hold the picks,
// and its top-k' is re-ranked with the next-item question on the user's sequence, blended by α_u.
import { beforeAll, describe, expect, it } from 'vitest';
import { insertLlmPicks } from '../augment/sequence-insertion.ts';
import { MemoryStore } from '../data/memory-store.ts';
import type { Dataset } from '../data/types.ts';
import { PROMPT_VERSION } from '../llm/prompts/prompt-version.ts';
import { quoteTitle } from '../llm/prompts/index.ts';
import { sequenceOf, userSequences } from '../models/sasrec/user-sequences.ts';
import { createDoubleEngine } from '../testing/double-engines.ts';
import { ServingModels } from '../training/serving-models.ts';
import { trainFromStore } from '../training/train-session.ts';
import { sliceDataset } from '../../tests/helpers/api/trained-slice.ts';
import { nodeBackend } from '../../tests/helpers/models/use-node-backend.ts';
import { Llama4RecLoop } from './llama4rec-loop.ts';
import { historyFor, loopContext } from './loop-context.ts';

const SASREC = { dim: 16, maxLen: 20, blocks: 1, heads: 1, batchSize: 32, epochs: 3, patience: 0, seed: 4 };
const BUDGET = { setsPerUser: 1, setSize: 5, maxCalls: 6 };

let dataset: Dataset;
beforeAll(async () => {
  await nodeBackend('wasm');
  dataset = await sliceDataset(40);
});

function loopOn(store: MemoryStore) {
  const models = new ServingModels(store);
  const loop = new Llama4RecLoop({
    ctx: loopContext(dataset),
    store,
    models,
    runTraining: (request, run) => trainFromStore(store, request, run),
    settings: { kPrime: 8, promptAugmentation: true, mf: {}, sasrec: SASREC },
  });
  return { loop, models };
}

describe("the 'next' task through the loop", () => {
  it('stores the picks with provenance, asks nothing twice, trains SASRec on sequences holding them, and re-ranks its top-k′', async () => {
    const store = new MemoryStore(dataset);
    const { loop, models } = loopOn(store);
    const engine = createDoubleEngine({ script: 'prefers-first' });
    const before = Date.now();
    const report = await loop.augment({ engine, sequential: BUDGET, seed: 3 });
    expect(report).toMatchObject({ planned: 6, calls: 6 });
    const picks = await store.listAugmentedPairs({ kind: 'sequential' });
    expect(picks).toHaveLength(6 * (BUDGET.setSize - 1));
    for (const pick of picks) {
      expect(pick).toMatchObject({ kind: 'sequential', modelId: engine.modelId, promptVersion: PROMPT_VERSION, datasetFingerprint: store.datasetFingerprint });
      expect(pick.createdAt).toBeGreaterThanOrEqual(before);
      expect(pick.confidence).toBeGreaterThan(0);
    }
    // The double names the first candidate shown: that is the stored pick.
    const firstPrompt = engine.requests[0]!.messages.at(-1)!.content;
    expect(firstPrompt).toContain('which candidate');
    expect(firstPrompt).toContain(`[A] ${quoteTitle(dataset.items[picks[0]!.pos]!.title)}`);

    const again = await loop.augment({ engine, sequential: BUDGET, seed: 3 });
    expect(again).toMatchObject({ planned: 6, alreadyCommitted: 6, calls: 0 });
    expect(engine.requests).toHaveLength(6);

    const trained = await loop.train({ task: 'next', useAugmented: true });
    expect(trained).toMatchObject({ task: 'next', checkpoint: `sasrec+aug-${picks.length}`, augmentedPairs: picks.length, augmentedTriples: 6 });
    // The sequences it trained on: every user's training items with that user's pick inserted.
    const ctx = loop.ctx;
    const real = userSequences(dataset.interactions, ctx.split.train, ctx.numUsers);
    const { sequences, insertions } = insertLlmPicks(real, picks, { seed: SASREC.seed });
    expect(insertions).toHaveLength(6);
    for (const ins of insertions) {
      expect(sequenceOf(sequences, ins.user)[ins.position]).toBe(ins.item);
      expect(sequenceOf(real, ins.user)).not.toContain(ins.item);
      expect(ins).toMatchObject({ modelId: engine.modelId, promptVersion: PROMPT_VERSION });
    }

    const user = insertions[0]!.user;
    const next = await loop.recommend(user, { engine, noLlmReason: '', alpha: { alpha1: 0.9, alpha2: 0.9 }, k: 5, kPrime: 8, task: 'next' });
    expect(next.items).toHaveLength(5);
    expect(next.llm.used).toBe(true);
    const question = engine.requests.at(-1)!.messages.at(-1)!.content;
    expect(question).toContain('by how likely the user is to interact with each of them next');
    // The user's recent sequence, oldest first, as served (everything the user rated).
    const recent = historyFor(ctx, user, 'serve');
    expect(question.indexOf(quoteTitle(recent.at(-2)!.item.title))).toBeLessThan(question.indexOf(quoteTitle(recent.at(-1)!.item.title)));
    expect(question).toContain("Conventional model's ranking (best first)");
    expect(question).toContain("Most similar user's sequence");
    models.forget();
  });
});
