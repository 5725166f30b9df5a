// The oracle TEST DOUBLE on a real split knows the held-out item of the split it is told to use
// (and its rating when told), and the random double's ratings are seeded digits.
import { describe, expect, it } from 'vitest';
import { leaveOneOutByTime } from '../data/splits.ts';
import { MemoryAnswerCache } from '../llm/answer-cache.ts';
import { CachedLlmEngine } from '../llm/cached-engine.ts';
import type { ChatMessage, LlmEngine } from '../llm/engine.ts';
import { buildRankPrompt, buildRatingPrompt } from '../llm/prompts/index.ts';
import { gridDataset } from '../../tests/helpers/data/test-dataset.ts';
import { createDoubleEngine } from './double-engines.ts';
import { heldOutOracle } from './held-out-oracle.ts';

const data = gridDataset(6, 20, 5);
const split = leaveOneOutByTime(data.interactions);
const item = (i: number) => ({ title: data.items[i]!.title });
const heldOut = (rows: Int32Array, user: number) => rows.find((r) => data.interactions.user[r] === user)!;
const ask = async (engine: LlmEngine, messages: ChatMessage[]) => (await engine.chat({ messages })).text;

describe('heldOutOracle', () => {
  it("names the user's held-out item of the split in use first, and rates it as told", async () => {
    const oracle = heldOutOracle(data, { split, tellRatings: true });
    const user = 2;
    const test = data.interactions.item[heldOut(split.test, user)]!;
    const validation = data.interactions.item[heldOut(split.validation, user)]!;
    const candidates = [5, test, validation].filter((v, k, all) => all.indexOf(v) === k);
    const rank = buildRankPrompt({ history: [], candidates: candidates.map(item), k: 1 }, { contextWindow: 4096 });
    oracle.observeUser(user);
    const first = async () => (await ask(oracle.engine, rank.messages)).split(', ')[0];
    const labelOf = (i: number) => rank.candidates[candidates.indexOf(i)]!.label;
    expect(await first()).toBe(labelOf(test));
    oracle.useTarget('validation');
    expect(await first()).toBe(labelOf(validation));

    const rate = (i: number) => ask(oracle.engine, buildRatingPrompt({ history: [], target: item(i) }, { contextWindow: 4096 }).messages);
    expect(await rate(validation)).toBe(String(data.interactions.rating[heldOut(split.validation, user)]));
    expect(await rate(5 === validation ? 6 : 5)).toBe('3');
    // Not told ratings: the held-out item is the one the user picks next, so it gets 5.
    const ranking = heldOutOracle(data, { split });
    ranking.observeUser(user);
    expect(await ask(ranking.engine, buildRatingPrompt({ history: [], target: item(test) }, { contextWindow: 4096 }).messages)).toBe('5');
  });

  it('names the split it knows in its model id, so an answer cache never serves the test run what it said about validation', async () => {
    const oracle = heldOutOracle(data, { split });
    const cached = new CachedLlmEngine(oracle.engine, new MemoryAnswerCache());
    const user = 4;
    const test = data.interactions.item[heldOut(split.test, user)]!;
    const validation = data.interactions.item[heldOut(split.validation, user)]!;
    // The same prompt in both runs: the loop's histories are the training rows for validation and test alike.
    const candidates = [test, validation].map(item);
    const rank = buildRankPrompt({ history: [], candidates, k: 1 }, { contextWindow: 4096 });
    oracle.observeUser(user);
    oracle.useTarget('validation');
    expect(oracle.engine.modelId).toBe('test-double/oracle@validation');
    expect((await ask(cached, rank.messages)).split(', ')[0]).toBe(rank.candidates[1]!.label);
    oracle.useTarget('test');
    expect(oracle.engine.modelId).toBe('test-double/oracle@test');
    expect((await ask(cached, rank.messages)).split(', ')[0]).toBe(rank.candidates[0]!.label);
    expect([cached.hits, cached.misses]).toEqual([0, 2]);
  });

  it('the random double answers rating prompts with seeded digits from 1 to 5', async () => {
    const answers = async () => {
      const engine = createDoubleEngine({ script: 'random-seeded', seed: 3 });
      const out: string[] = [];
      for (let i = 0; i < 40; i++) out.push(await ask(engine, buildRatingPrompt({ history: [], target: item(i % 20) }, { contextWindow: 4096 }).messages));
      return out;
    };
    const first = await answers();
    expect(new Set(first)).toEqual(new Set(['1', '2', '3', '4', '5']));
    expect(await answers()).toEqual(first);
  });
});
