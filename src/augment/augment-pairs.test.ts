import { describe, expect, it } from 'vitest';
import { AbortedError } from '../errors.ts';
import { ScriptedLlmDouble, type AnswerScript } from '../testing/test-double.ts';
import { PROMPT_VERSION } from '../llm/prompts/index.ts';
import type { Progress } from '../progress.ts';
import { augmentPairs, type AugmentPairsOptions } from './augment-pairs.ts';
import { pairPromptBuilder } from './pair-prompt-builder.ts';
import { pairKey, type UserPairPlan } from './pair-sampler.ts';
import { PauseGate } from './pause-gate.ts';
import { MemoryPairStore } from '../../tests/helpers/augment/memory-pair-store.ts';
import { candidatesInPrompt, titledItem } from '../../tests/helpers/augment/item-titles.ts';
import { pairAnswerReader } from './pair-answer-reader.ts';

const PLAN: UserPairPlan[] = [
  { user: 3, pairs: [[10, 11], [12, 13]] },
  { user: 5, pairs: [[20, 21], [22, 23]] },
];

const buildPrompt = pairPromptBuilder({
  history: () => [{ item: titledItem(1), rating: 5 }, { item: titledItem(2), rating: 1 }],
  item: titledItem,
  options: { contextWindow: 4096 },
});

/** Prefers the higher-numbered item, by reading the candidate lines like an LLM reads titles. */
const preferHigher: AnswerScript = (request) => {
  const c = candidatesInPrompt(request);
  return c.get('A')! > c.get('B')! ? 'A' : 'B';
};

function job(engine: ScriptedLlmDouble, store: MemoryPairStore, extra: Partial<AugmentPairsOptions> = {}) {
  return augmentPairs({ engine, store, plan: PLAN, buildPrompt, readAnswer: pairAnswerReader((i) => titledItem(i).title), now: () => 1234, ...extra });
}

const keys = (store: MemoryPairStore) => store.records.map((r) => `${r.user}:${r.pos}>${r.neg}`);

describe('augmentPairs', () => {
  it('turns each answer into a (u, i+, i−) triple with provenance, one store call per user', async () => {
    const store = new MemoryPairStore();
    const engine = new ScriptedLlmDouble(preferHigher, { name: 'prefers-higher' });
    const report = await job(engine, store);
    expect(keys(store)).toEqual(['3:11>10', '3:13>12', '5:21>20', '5:23>22']);
    expect(store.addCalls).toEqual([2, 2]);
    expect(store.records[0]).toEqual({
      id: 1, user: 3, pos: 11, neg: 10, kind: 'pair', modelId: 'test-double/prefers-higher',
      promptVersion: PROMPT_VERSION, createdAt: 1234, confidence: 1,
      // Stamped by the store with the dataset the pairs were made from (bound-store.ts).
      datasetFingerprint: store.datasetFingerprint,
    });
    expect(report).toEqual({ users: 2, planned: 4, alreadyCommitted: 0, calls: 4, committed: 4, unanswered: 0, stopped: 'done' });
    // The prompt is the pairwise one, with the user's liked and disliked items, asked for logprobs.
    expect(engine.requests[0]!.messages.at(-1)!.content).toMatch(/Liked[\s\S]*"Item 1"[\s\S]*Disliked[\s\S]*"Item 2"/);
    expect(engine.requests[0]).toMatchObject({ temperature: 1, topLogprobs: 5, maxTokens: 6 });
  });

  it('a reversed answer order maps A/B back to the right items', async () => {
    const store = new MemoryPairStore();
    await job(new ScriptedLlmDouble(() => 'A'), store, { plan: [{ user: 1, pairs: [[7, 4]] }] });
    expect(keys(store)).toEqual(['1:7>4']);
  });

  it('skips answers that name neither item, and low-confidence ones', async () => {
    const store = new MemoryPairStore();
    const engine = new ScriptedLlmDouble((_r, i) => (i === 1 ? 'Both are fine.' : 'B'));
    const report = await job(engine, store);
    expect(report).toMatchObject({ calls: 4, committed: 3, unanswered: 1 });
    expect(keys(store)).toEqual(['3:11>10', '5:21>20', '5:23>22']);
    const low = await job(new ScriptedLlmDouble(() => 'B'), new MemoryPairStore(), {
      readAnswer: (_p, r) => ({ choice: r.text.trim() === 'A' ? 'A' : 'B', confidence: 0.4 }),
      minConfidence: 0.5,
    });
    expect(low).toMatchObject({ committed: 0, unanswered: 4 });
  });

  it('resumes after a cancel without repeating or losing a committed pair', async () => {
    const store = new MemoryPairStore();
    const controller = new AbortController();
    // Cancel during the 3rd call (user 5's first pair): user 3 is committed, user 5 is not.
    const first = new ScriptedLlmDouble((request, i) => {
      if (i === 2) controller.abort();
      return preferHigher(request, i);
    });
    await expect(job(first, store, { signal: controller.signal })).rejects.toBeInstanceOf(AbortedError);
    expect(keys(store)).toEqual(['3:11>10', '3:13>12']);

    const second = new ScriptedLlmDouble(preferHigher);
    const report = await job(second, store);
    expect(second.requests).toHaveLength(2); // only user 5's pairs are asked again
    expect(report).toMatchObject({ alreadyCommitted: 2, calls: 2, committed: 2 });
    expect(keys(store)).toEqual(['3:11>10', '3:13>12', '5:21>20', '5:23>22']);
  });

  it('resumes after a reload that broke a commit: the failed user is asked again, nobody twice', async () => {
    const store = new MemoryPairStore();
    store.failOnAdd = 1;
    await expect(job(new ScriptedLlmDouble(preferHigher), store)).rejects.toThrow(/simulated reload/);
    expect(keys(store)).toEqual(['3:11>10', '3:13>12']);
    store.failOnAdd = null;
    await job(new ScriptedLlmDouble(preferHigher), store);
    await job(new ScriptedLlmDouble(preferHigher), store); // a third run has nothing left to do
    expect(keys(store)).toEqual(['3:11>10', '3:13>12', '5:21>20', '5:23>22']);
    expect(new Set(store.records.map((r) => pairKey(r.user, r.pos, r.neg))).size).toBe(4);
  });

  it('treats a stored pair as done in either order and from any model', async () => {
    const store = new MemoryPairStore();
    await store.addAugmentedPairs([{ user: 5, pos: 23, neg: 22, kind: 'pair', modelId: 'other', promptVersion: 'x', createdAt: 1, confidence: 0.9 }]);
    const engine = new ScriptedLlmDouble(() => 'A');
    const report = await job(engine, store);
    expect(report).toMatchObject({ alreadyCommitted: 1, calls: 3 });
    expect(keys(store)).toEqual(['5:23>22', '3:10>11', '3:12>13', '5:20>21']);
  });

  it('stops at the time budget, keeps what it has, and a later run finishes the plan', async () => {
    // A fake clock that advances 10 ms per reading; budget 35 ms. Readings: start 10; pair 1
    // check 20 (+10), createdAt 30; pair 2 check 40 (+30), createdAt 50; pair 3 check 60 (+50): stop.
    let t = 0;
    const now = () => (t += 10);
    const store = new MemoryPairStore();
    const first = await job(new ScriptedLlmDouble(() => 'B'), store, { now, timeBudgetMs: 35 });
    expect(first).toMatchObject({ stopped: 'time-budget', calls: 2, committed: 2 });
    expect(keys(store)).toEqual(['3:11>10', '3:13>12']);
    const second = await job(new ScriptedLlmDouble(() => 'B'), store);
    expect(second).toMatchObject({ stopped: 'done', alreadyCommitted: first.committed, calls: 4 - first.committed });
    expect(keys(store).sort()).toEqual(['3:11>10', '3:13>12', '5:21>20', '5:23>22']);
  });

  it('rejects a confidence floor or time budget out of range', async () => {
    await expect(job(new ScriptedLlmDouble(() => 'A'), new MemoryPairStore(), { minConfidence: 2 })).rejects.toThrow(/minConfidence/);
    await expect(job(new ScriptedLlmDouble(() => 'A'), new MemoryPairStore(), { timeBudgetMs: -1 })).rejects.toThrow(/timeBudgetMs/);
  });

  it('reports progress up to the planned total', async () => {
    const seen: Progress[] = [];
    await job(new ScriptedLlmDouble(() => 'B'), new MemoryPairStore(), { onProgress: (p) => seen.push(p) });
    expect(seen.map((p) => p.done)).toEqual([0, 1, 2, 3, 4]);
    expect(seen.every((p) => p.total === 4)).toBe(true);
  });

  it('holds the next call while paused, continues on resume, and cancels while paused', async () => {
    const gate = new PauseGate();
    gate.pause();
    const engine = new ScriptedLlmDouble(() => 'B');
    const running = job(engine, new MemoryPairStore(), { pause: gate });
    await new Promise((r) => setTimeout(r, 20));
    expect(engine.requests).toHaveLength(0);
    gate.resume();
    expect((await running).calls).toBe(4);

    gate.pause();
    const controller = new AbortController();
    const paused = job(new ScriptedLlmDouble(() => 'B'), new MemoryPairStore(), { pause: gate, signal: controller.signal });
    controller.abort();
    await expect(paused).rejects.toBeInstanceOf(AbortedError);
  });
});
