// One user's recommendation with its score breakdown, on a real slice (users 1..60) with LLM test
// doubles: α_u against the formula computed here, U = α·U_LLM + (1 − α)·U_MF per item, the skip
// rule, and the MF fallbacks (no LLM, a failing LLM) saying why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecError } from '../errors.ts';
import { LlmRequestError } from '../llm/llm-errors.ts';
import { ScriptedLlmDouble } from '../testing/test-double.ts';
import { recommendForUser } from '../models/queries.ts';
import { createDoubleEngine } from '../testing/double-engines.ts';
import { mostSimilarUser, seenItems } from './loop-context.ts';
import { recommendWithLoop, type RecommendInput } from './recommend.ts';
import { trainedSlice, type TrainedSlice } from '../../tests/helpers/api/trained-slice.ts';
import { tuneAlpha } from './tune-alpha.ts';
import { collectTargets } from '../eval/targets.ts';
import { MemoryStore } from '../data/memory-store.ts';

let slice: TrainedSlice;
beforeAll(async () => {
  slice = await trainedSlice(60, 6);
}, 120_000);
afterAll(() => slice?.dispose());

const USER = 4;
const input = (over: Partial<RecommendInput>): RecommendInput => ({
  ctx: slice.ctx,
  model: slice.bpr,
  engine: null,
  alpha: { alpha1: 0.9, alpha2: 0.1 },
  user: USER,
  k: 5,
  kPrime: 10,
  ...over,
});

/** α_u = α1 · max((l_max − l_u)/(l_max − l_min), α2), l = ln(N + 1), written out here. */
function alphaByHand(user: number, alpha1: number, alpha2: number): number {
  const l = Array.from(slice.ctx.counts, (n) => Math.log(n + 1));
  const lMax = Math.max(...l);
  const lMin = Math.min(...l);
  return alpha1 * Math.max((lMax - l[user]!) / (lMax - lMin), alpha2);
}

describe('recommendWithLoop', () => {
  it("without an LLM: MF's top-k of unseen items, with ids, titles and the reason", async () => {
    const result = await recommendWithLoop(input({ noLlmReason: 'no model is loaded.' }));
    const mf = await recommendForUser(slice.bpr, USER, 5, seenItems(slice.ctx, USER, 'serve'));
    expect(result.items.map((x) => x.item)).toEqual(mf.map((s) => s.index));
    expect(result.items.map((x) => x.mfPosition)).toEqual([1, 2, 3, 4, 5]);
    expect(result.items.every((x) => x.llmScore === null && x.finalScore === -x.mfPosition)).toBe(true);
    expect(result.items[0]!.itemId).toBe(slice.dataset.items[mf[0]!.index]!.id);
    expect(result.items[0]!.title).toBe(slice.dataset.items[mf[0]!.index]!.title);
    expect(result.userId).toBe(slice.dataset.users[USER]!.id);
    expect(result.llm).toEqual({ used: false, reason: 'no-llm', message: 'MF alone: no model is loaded.' });
    expect(result.alpha).toBeCloseTo(alphaByHand(USER, 0.9, 0.1), 12);
  });

  it('with an LLM: every item carries MF score, LLM position, α_u and U = α·(−llm) + (1 − α)·(−mf)', async () => {
    const engine = createDoubleEngine({ script: 'prefers-first' });
    const result = await recommendWithLoop(input({ engine }));
    expect(engine.requests).toHaveLength(1);
    expect(result.llm).toEqual({ used: true, modelId: 'test-double/prefers-first', kind: 'test-double' });
    const a = alphaByHand(USER, 0.9, 0.1);
    for (const x of result.items) {
      expect(x.alpha).toBeCloseTo(a, 12);
      expect(x.llmScore).toBe(-x.llmPosition!);
      expect(x.finalScore).toBeCloseTo(a * -x.llmPosition! + (1 - a) * -x.mfPosition, 12);
    }
    const scores = result.items.map((x) => x.finalScore);
    expect([...scores].sort((p, q) => q - p)).toEqual(scores);
    // Prompt augmentation: the most similar user went into the prompt, and the result names them.
    expect(engine.requests[0]!.messages.at(-1)!.content).toContain("Most similar user's history");
    const best = (await mostSimilarUser(slice.bpr, USER))!;
    expect(result.similarUser).toEqual({ userId: slice.dataset.users[best.user]!.id, similarity: best.similarity });
  });

  it('names no similar user when prompt augmentation is off or no LLM is asked', async () => {
    const engine = createDoubleEngine({ script: 'prefers-first' });
    const plain = await recommendWithLoop(input({ engine, promptAugmentation: false }));
    expect(plain.llm.used).toBe(true);
    expect(plain.similarUser).toBeUndefined();
    expect(engine.requests[0]!.messages.at(-1)!.content).not.toContain("Most similar user's history");
    expect((await recommendWithLoop(input({}))).similarUser).toBeUndefined();
  });

  it('skips the LLM when α_u ≤ 1/k′ (no answer could change the list)', async () => {
    const engine = createDoubleEngine({ script: 'prefers-first' });
    // α_u ≤ α1 = 0.1 = 1/k′ for every user.
    const result = await recommendWithLoop(input({ engine, alpha: { alpha1: 0.1, alpha2: 0.1 } }));
    expect(engine.requests).toHaveLength(0);
    expect(result.llm.used).toBe(false);
    expect(result.llm).toMatchObject({ reason: 'skipped' });
    expect(result.items.every((x) => x.llmScore === null)).toBe(true);
  });

  it("falls back to MF, and says so, when the LLM fails", async () => {
    const engine = new ScriptedLlmDouble(() => {
      throw new LlmRequestError('The server answered 500; check that it is running.', 500);
    });
    const result = await recommendWithLoop(input({ engine }));
    expect(result.llm).toMatchObject({ used: false, reason: 'llm-failed' });
    expect((result.llm as { message: string }).message).toContain('LLM_REQUEST_FAILED');
    expect(result.items.map((x) => x.mfPosition)).toEqual([1, 2, 3, 4, 5]);
  });

  it('rejects an unknown user with UNKNOWN_USER', async () => {
    await expect(recommendWithLoop(input({ user: slice.ctx.numUsers }))).rejects.toMatchObject({ code: 'UNKNOWN_USER' });
  });
});

describe('tuneAlpha', () => {
  it('stores the grid point that re-blends the LLM answers best; an oracle earns the LLM more weight than a random double', async () => {
    const { ctx, dataset, bpr } = slice;
    const t = collectTargets(dataset.interactions, ctx.split, { target: 'validation', numUsers: ctx.numUsers, numItems: ctx.numItems });
    const targetOf = new Map(Array.from(t.user, (u, k) => [u, t.item[k]!] as const));
    let current = -1;
    const oracle = createDoubleEngine({ script: 'oracle' }, () => (targetOf.has(current) ? dataset.items[targetOf.get(current)!]!.title : null));
    const store = new MemoryStore(dataset);
    const users = Array.from(t.user);
    const observeUser = (u: number) => void (current = u);
    const withOracle = await tuneAlpha(ctx, bpr, oracle, store, { kPrime: 50, promptAugmentation: false, observeUser });
    expect(oracle.requests).toHaveLength(users.length);
    expect(await store.getTunedAlpha('ranking')).toEqual(withOracle);
    expect(withOracle.datasetFingerprint).toBe(store.datasetFingerprint);
    const withRandom = await tuneAlpha(ctx, bpr, createDoubleEngine({ script: 'random-seeded' }), store, { kPrime: 50, promptAugmentation: false });
    expect(withOracle).toMatchObject({ task: 'ranking', llmModelId: 'test-double/oracle', kPrime: 50, validationUsers: users.length });
    expect(withOracle.objective.value).toBeGreaterThan(withRandom.objective.value);
    expect(withOracle.alpha1).toBeGreaterThan(withRandom.alpha1);
    expect(await store.getTunedAlpha('ranking')).toEqual(withRandom);
  });
});
