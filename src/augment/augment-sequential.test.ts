import { describe, expect, it } from 'vitest';
import { AbortedError } from '../errors.ts';
import { PROMPT_VERSION } from '../llm/prompts/index.ts';
import { ScriptedLlmDouble, type AnswerScript } from '../testing/test-double.ts';
import { augmentSequential, type AugmentSequentialOptions } from './augment-sequential.ts';
import { MemoryPairStore } from '../../tests/helpers/augment/memory-pair-store.ts';
import { candidatesInPrompt, titledItem } from '../../tests/helpers/augment/item-titles.ts';

const PLAN = [
  { user: 2, sets: [[10, 14, 12], [20, 21, 22]] },
  { user: 6, sets: [[31, 30, 32]] },
];

/** Picks the highest-numbered candidate. */
const highest: AnswerScript = (request) => [...candidatesInPrompt(request)].sort((a, b) => b[1] - a[1])[0]![0];

function job(engine: ScriptedLlmDouble, store: MemoryPairStore, extra: Partial<AugmentSequentialOptions> = {}) {
  return augmentSequential({ engine, store, plan: PLAN, history: () => [{ item: titledItem(1), rating: 4 }], item: titledItem, now: () => 99, ...extra });
}

const keys = (store: MemoryPairStore) => store.records.map((r) => `${r.user}:${r.pos}>${r.neg}`);

describe('augmentSequential', () => {
  it('stores the picked item against each other candidate, with provenance, one store call per user', async () => {
    const store = new MemoryPairStore();
    const engine = new ScriptedLlmDouble(highest);
    const report = await job(engine, store);
    expect(keys(store)).toEqual(['2:14>10', '2:14>12', '2:22>20', '2:22>21', '6:32>31', '6:32>30']);
    expect(store.addCalls).toEqual([4, 2]);
    expect(store.records[0]).toMatchObject({ kind: 'sequential', modelId: 'test-double/scripted', promptVersion: PROMPT_VERSION, createdAt: 99, confidence: 1 });
    expect(report).toEqual({ users: 2, planned: 3, alreadyCommitted: 0, calls: 3, committed: 6, unanswered: 0, stopped: 'done' });
    expect(engine.requests[0]!.messages.at(-1)!.content).toMatch(/which candidate movie will the user interact with next/);
  });

  it('takes the confidence from logprobs: P(first) = 0.6 / (0.6 + 0.3)', async () => {
    const store = new MemoryPairStore();
    const engine = new ScriptedLlmDouble(() => ({
      text: 'B',
      logprobs: [{ token: 'B', logprob: Math.log(0.6), top: [{ token: 'B', logprob: Math.log(0.6) }, { token: 'A', logprob: Math.log(0.3) }] }],
    }));
    await job(engine, store, { plan: [{ user: 1, sets: [[5, 6, 7]] }] });
    expect(keys(store)).toEqual(['1:6>5', '1:6>7']);
    expect(store.records[0]!.confidence).toBeCloseTo(0.6 / 0.9, 12);
  });

  it('skips answers naming no candidate', async () => {
    const report = await job(new ScriptedLlmDouble(() => 'None of them.'), new MemoryPairStore());
    expect(report).toMatchObject({ calls: 3, committed: 0, unanswered: 3 });
  });

  it('resumes after a cancel without asking a committed set again; pair records do not count', async () => {
    const store = new MemoryPairStore();
    await store.addAugmentedPairs([{ user: 6, pos: 31, neg: 30, kind: 'pair', modelId: 'x', promptVersion: 'x', createdAt: 0, confidence: 1 }]);
    const controller = new AbortController();
    const first = new ScriptedLlmDouble((request, i) => {
      if (i === 2) controller.abort();
      return highest(request, i);
    });
    await expect(job(first, store, { signal: controller.signal })).rejects.toBeInstanceOf(AbortedError);
    const second = new ScriptedLlmDouble(highest);
    const report = await job(second, store);
    expect(report).toMatchObject({ alreadyCommitted: 2, calls: 1, committed: 2 });
    expect(keys(store)).toEqual(['6:31>30', '2:14>10', '2:14>12', '2:22>20', '2:22>21', '6:32>31', '6:32>30']);
  });
});
