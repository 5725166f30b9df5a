// The loop evaluation on a real slice of ml-latest-small (users 1..200, the movies they rated),
// with LLM test doubles. Each switch is checked against an independent computation, not a
// recorded number: MF-only equals the plain evaluator; the oracle with α = 1 puts every target
// that MF's top-k' holds at rank 0, so its HR@3 equals MF's HR@k'; prompts carry (or not) the
// similar user and MF's ranking; ratings blend α·3 + (1 − α)·r_MF exactly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../data/types.ts';
import { rmse } from '../eval/metrics.ts';
import type { BprMf } from '../models/mf-bpr.ts';
import type { RatingMf } from '../models/mf-rating.ts';
import { alphaForUsers } from '../aggregate/long-tail.ts';
import { createDoubleEngine } from '../testing/double-engines.ts';
import { mostSimilarUser, type LoopContext } from './loop-context.ts';
import { SLICE_MF, trainedSlice, type TrainedSlice } from '../../tests/helpers/api/trained-slice.ts';
import { evaluateRanking } from '../eval/evaluate.ts';
import { evaluateLoop, type LoopSwitches } from './loop-eval.ts';
import { runLoop } from './loop-run.ts';
import { collectTargets } from '../eval/targets.ts';

const K_PRIME = 50;
const ALPHA = { alpha1: 0.9, alpha2: 0.1 };
const MF = SLICE_MF;

let slice: TrainedSlice;
let dataset: Dataset;
let ctx: LoopContext;
let bpr: BprMf;
let ratingMf: RatingMf;

beforeAll(async () => {
  slice = await trainedSlice(200, 15);
  ({ dataset, ctx, bpr, rating: ratingMf } = slice);
}, 240_000);

afterAll(() => slice?.dispose());

const switches = (over: Partial<LoopSwitches>): LoopSwitches => ({ dataAugmentation: false, promptAugmentation: true, aggregation: 'adaptive', ...over });

/** An oracle told the current user's held-out test item. */
function oracle() {
  const targets = collectTargets(dataset.interactions, ctx.split, { target: 'test', numUsers: ctx.numUsers, numItems: ctx.numItems });
  const targetOf = new Map(Array.from(targets.user, (u, k) => [u, targets.item[k]!] as const));
  let user = -1;
  const engine = createDoubleEngine({ script: 'oracle' }, () => (targetOf.has(user) ? dataset.items[targetOf.get(user)!]!.title : null));
  return { engine, observeUser: (u: number) => void (user = u) };
}

describe('evaluateLoop (ranking)', () => {
  it('mf-only equals the plain evaluator and makes no LLM call', async () => {
    const engine = createDoubleEngine({ script: 'prefers-first' });
    const loop = await evaluateLoop({ ctx, ranking: bpr, engine, switches: switches({ aggregation: 'mf-only' }), alpha: ALPHA, kPrime: K_PRIME });
    const plain = await evaluateRanking(bpr, dataset.interactions, ctx.split, { target: 'test', ks: [3, 5, 10] });
    for (const k of [3, 5, 10]) {
      expect(loop.ranking.overall[`HR@${k}`]).toBeCloseTo(plain.overall[`HR@${k}`]!, 6);
      expect(loop.ranking.overall[`NDCG@${k}`]).toBeCloseTo(plain.overall[`NDCG@${k}`]!, 6);
    }
    expect(loop.ranking.llmCalls).toBe(0);
    expect(loop.ranking.skipped).toBe(loop.ranking.users);
    expect(engine.requests).toHaveLength(0);
    expect(loop.llm).toEqual({ kind: 'test-double', modelId: 'test-double/prefers-first' });
  });

  it("llm-only with the oracle hits at rank 0 exactly when MF's top-k' holds the target", async () => {
    const { engine, observeUser } = oracle();
    const loop = await evaluateLoop({ ctx, ranking: bpr, engine, switches: switches({ aggregation: 'llm-only', promptAugmentation: false }), alpha: ALPHA, kPrime: K_PRIME, llmPlaces: 3, observeUser });
    const plain = await evaluateRanking(bpr, dataset.interactions, ctx.split, { target: 'test', ks: [K_PRIME] });
    expect(plain.overall[`HR@${K_PRIME}`]!).toBeGreaterThan(0); // the test means something only if MF finds some targets
    for (const k of [3, 5, 10]) expect(loop.ranking.overall[`HR@${k}`]).toBeCloseTo(plain.overall[`HR@${K_PRIME}`]!, 6);
    expect(loop.ranking.llmCalls).toBe(loop.ranking.users);
  }, 180_000);

  it('adaptive: the oracle raises the tail group above MF, by more than the head; a random double stays below the oracle', async () => {
    const o = oracle();
    const withOracle = await evaluateLoop({ ctx, ranking: bpr, engine: o.engine, switches: switches({}), alpha: ALPHA, kPrime: K_PRIME, observeUser: o.observeUser });
    const random = await evaluateLoop({ ctx, ranking: bpr, engine: createDoubleEngine({ script: 'random-seeded', seed: 3 }), switches: switches({}), alpha: ALPHA, kPrime: K_PRIME });
    const mfOnly = await evaluateLoop({ ctx, ranking: bpr, engine: null, switches: switches({}), alpha: ALPHA, kPrime: K_PRIME });
    expect(mfOnly.llm).toBeNull();
    const tail = (r: typeof mfOnly) => r.ranking.groups[0]!.metrics;
    const head = (r: typeof mfOnly) => r.ranking.groups.at(-1)!.metrics;
    console.log(`tail NDCG@10: MF ${tail(mfOnly)['NDCG@10']!.toFixed(4)}, oracle ${tail(withOracle)['NDCG@10']!.toFixed(4)}, random ${tail(random)['NDCG@10']!.toFixed(4)}; LLM calls ${withOracle.ranking.llmCalls}/${withOracle.ranking.users} (skipped ${withOracle.ranking.skipped})`);
    expect(tail(withOracle)['NDCG@10']!).toBeGreaterThan(tail(mfOnly)['NDCG@10']!);
    expect(tail(withOracle)['NDCG@10']! - tail(mfOnly)['NDCG@10']!).toBeGreaterThanOrEqual(head(withOracle)['NDCG@10']! - head(mfOnly)['NDCG@10']!);
    expect(tail(random)['NDCG@10']!).toBeLessThan(tail(withOracle)['NDCG@10']!);
    // The skip rule: α_u ≤ 1/k' users (none with these α) would be spared; every call is counted.
    expect(withOracle.ranking.llmCalls + withOracle.ranking.skipped).toBe(withOracle.ranking.users);
  }, 180_000);

  it("prompt augmentation puts the most similar user's history and MF's ranking in the prompt, and the switch takes them out", async () => {
    const on = createDoubleEngine({ script: 'prefers-first' });
    await evaluateLoop({ ctx, ranking: bpr, engine: on, switches: switches({ aggregation: 'llm-only' }), alpha: ALPHA, kPrime: K_PRIME, maxUsers: 3 });
    const off = createDoubleEngine({ script: 'prefers-first' });
    await evaluateLoop({ ctx, ranking: bpr, engine: off, switches: switches({ aggregation: 'llm-only', promptAugmentation: false }), alpha: ALPHA, kPrime: K_PRIME, maxUsers: 3 });
    expect(on.requests).toHaveLength(3);
    expect(off.requests).toHaveLength(3);
    const firstUser = collectTargets(dataset.interactions, ctx.split, { target: 'test', numUsers: ctx.numUsers, numItems: ctx.numItems }).user[0]!;
    const similar = (await mostSimilarUser(bpr, firstUser))!.user;
    const lastRow = ctx.trainRows[similar]!.at(-1)!;
    const similarTitle = dataset.items[dataset.interactions.item[lastRow]!]!.title;
    const prompt = on.requests[0]!.messages.at(-1)!.content;
    expect(prompt).toContain("Most similar user's history");
    expect(prompt).toContain(similarTitle.slice(0, 20));
    expect(prompt).toContain("Conventional model's ranking");
    for (const r of off.requests) {
      expect(r.messages.at(-1)!.content).not.toContain("Most similar user's history");
      expect(r.messages.at(-1)!.content).not.toContain("Conventional model's ranking");
    }
  });
});

describe('evaluateLoop (rating)', () => {
  it('blends the LLM rating (the double says 3) with MF as α·3 + (1 − α)·r_MF, skipping α = 0', async () => {
    const engine = createDoubleEngine({ script: 'prefers-first' });
    const maxUsers = 12;
    const loop = await evaluateLoop({ ctx, ranking: bpr, rating: ratingMf, engine, switches: switches({}), alpha: ALPHA, kPrime: K_PRIME, maxUsers });
    const t = collectTargets(dataset.interactions, ctx.split, { target: 'test', numUsers: ctx.numUsers, numItems: ctx.numItems });
    const users = t.user.subarray(0, maxUsers);
    const mf = await ratingMf.scorePairs(users, t.item.subarray(0, maxUsers));
    const alphas = alphaForUsers(ctx.counts, ALPHA);
    const expected = Array.from(users, (u, k) => alphas[u]! * 3 + (1 - alphas[u]!) * mf[k]!);
    const truths = Array.from(t.row.subarray(0, maxUsers), (r) => dataset.interactions.rating[r]!);
    expect(loop.rating!.overall['RMSE']).toBeCloseTo(rmse(expected, truths), 4);
    expect(loop.rating!.llmCalls).toBe(maxUsers);
    // Prompt augmentation in the rating prompts: the similar user's ratings and MF's predicted rating.
    const ratingPrompts = engine.requests.map((r) => r.messages.at(-1)!.content).filter((c) => c.includes('Answer with one digit from 1 to 5.'));
    expect(ratingPrompts).toHaveLength(maxUsers);
    ratingPrompts.forEach((prompt, k) => {
      expect(prompt).toContain("Most similar user's");
      expect(prompt).toContain(`Conventional model prediction: ${mf[k]!.toFixed(1)}`);
    });
    // α = 0 (mf-only): no call, MF's ratings.
    const mfOnly = await evaluateLoop({ ctx, ranking: bpr, rating: ratingMf, engine, switches: switches({ aggregation: 'mf-only' }), alpha: ALPHA, kPrime: K_PRIME, maxUsers });
    expect(mfOnly.rating).toMatchObject({ llmCalls: 0, skipped: maxUsers });
    expect(mfOnly.rating!.overall['RMSE']).toBeCloseTo(rmse(Array.from(mf), truths), 4);
  });
});

describe('runLoop (data augmentation switch)', () => {
  it('adds the LLM-chosen pairs to training with the switch on, none with it off', async () => {
    const budget = { pairsPerUser: 2, maxCalls: 10 };
    const common = { dataset, alpha: ALPHA, kPrime: K_PRIME, epochs: 2, patience: 0, mf: MF, augmentBudget: budget, maxUsers: 5 };
    const on = await runLoop({ ...common, engine: createDoubleEngine({ script: 'prefers-first' }), switches: switches({ dataAugmentation: true }) });
    expect(on.augmentation).toMatchObject({ planned: 10, calls: 10, committed: 10, unanswered: 0 });
    expect(on.augmentedTriples).toBe(10);
    const off = await runLoop({ ...common, engine: createDoubleEngine({ script: 'prefers-first' }), switches: switches({ dataAugmentation: false }) });
    expect(off.augmentation).toBeNull();
    expect(off.augmentedTriples).toBe(0);
  }, 120_000);
});

describe('evaluateLoop (pointwise re-ranking)', () => {
  it.each(['pointwise', 'pointwise-yes-no'] as const)('%s: asks once per candidate; the oracle rates the held-out item 5 (the rest 3), or says Yes to it only, and it then leads with α = 1', async (variant) => {
    const { engine, observeUser } = oracle();
    const maxUsers = 30;
    const kPrime = 10;
    const loop = await evaluateLoop({ ctx, ranking: bpr, engine, switches: switches({ aggregation: 'llm-only', promptAugmentation: false }), alpha: ALPHA, kPrime, maxUsers, variant, observeUser });
    expect(loop.ranking.llmCalls).toBe(maxUsers);
    expect(engine.requests).toHaveLength(maxUsers * kPrime);
    const question = variant === 'pointwise' ? /Predict the rating/ : /will the user like the candidate/;
    expect(engine.requests[0]!.messages.at(-1)!.content).toMatch(question);
    const plain = await evaluateRanking(bpr, dataset.interactions, ctx.split, { target: 'test', ks: [kPrime] });
    const inTop = plain.perUser.rank.subarray(0, maxUsers).filter((r) => r < kPrime).length;
    expect(loop.ranking.overall['HR@3']).toBeCloseTo(inTop / maxUsers, 9);
  });
});
