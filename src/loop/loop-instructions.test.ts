// The instruction export is the loop's prompts: for the same user, data and model its ranking
// instruction's messages are what the loop's listwise re-ranking sends (recorded through a test
// double); answers name the held-out item first in a full order of the k′ candidates; no
// validation or test item appears; duplicates and thin histories are dropped; per-task sampling.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../data/types.ts';
import { sliceDataset } from '../../tests/helpers/api/trained-slice.ts';
import { nodeBackend } from '../../tests/helpers/models/use-node-backend.ts';
import { DEFAULT_CONFIG } from '../config.ts';
import { ScriptedLlmDouble } from '../testing/test-double.ts';
import { trainMf } from '../training/train-mf.ts';
import { buildLoopInstructions, datasetOfRows, type LoopInstructionSet } from './loop-instructions.ts';
import { loopContext, mfCandidates } from './loop-context.ts';
import { evaluateLoop } from './loop-eval.ts';

const OPTIONS = { perTask: 1000, seed: 4, kPrime: 40, maxRounds: 1, epochs: 2, mf: { dim: 8, batchSize: 512 }, contextWindow: 4096 };

let dataset: Dataset;
let set: LoopInstructionSet;
beforeAll(async () => {
  await nodeBackend('wasm');
  dataset = await sliceDataset(30);
  set = await buildLoopInstructions(dataset, OPTIONS);
});

describe('buildLoopInstructions', () => {
  it("gives the loop's own listwise prompt for the same user, data and model", async () => {
    // Round 0: the training rows, a model trained as the export trains it (same seed and epochs).
    const full = loopContext(dataset);
    const data = datasetOfRows(dataset, full.split.train);
    const ctx = loopContext(data);
    const { model } = await trainMf(data.interactions, ctx.split, { numUsers: ctx.numUsers, numItems: ctx.numItems }, {
      kind: 'mf-bpr',
      epochs: OPTIONS.epochs,
      patience: DEFAULT_CONFIG.training.patience,
      config: { ...OPTIONS.mf, seed: OPTIONS.seed },
    });
    try {
      const engine = new ScriptedLlmDouble(() => 'A', { contextWindow: OPTIONS.contextWindow });
      const asked: number[] = [];
      await evaluateLoop({ ctx, ranking: model, engine, switches: { dataAugmentation: false, promptAugmentation: true, aggregation: 'llm-only' }, alpha: DEFAULT_CONFIG.loop.alpha, kPrime: OPTIONS.kPrime, ks: [3], observeUser: (u) => asked.push(u) });
      const loopPrompt = new Map(asked.map((u, k) => [u, engine.requests[k]!.messages] as const));
      // Users whose held-out item the model ranks in its top k′ with none of their validation/test items: the same candidates both ways.
      const heldOut = (u: number) => [...full.split.validation, ...full.split.test].filter((r) => dataset.interactions.user[r] === u).map((r) => dataset.interactions.item[r]!);
      let compared = 0;
      for (const instruction of set.records.filter((r) => r.task === 'rank' && !r.inserted)) {
        const candidates = (await mfCandidates(model, ctx, instruction.user, OPTIONS.kPrime, 'test')).map((c) => c.item);
        if (heldOut(instruction.user).some((i) => candidates.includes(i))) continue;
        const messages = loopPrompt.get(instruction.user)!;
        expect(instruction.record.instruction).toBe(messages[0]!.content);
        expect(instruction.record.input).toBe(messages[1]!.content);
        compared++;
      }
      expect(compared).toBeGreaterThan(0);
    } finally {
      model.dispose();
    }
  }, 120_000);

  it('answers with the full order of the k′ candidates, the held-out item first; ratings as whole stars', () => {
    const rank = set.records.filter((r) => r.task === 'rank');
    expect(rank.length).toBeGreaterThan(10);
    for (const { record } of rank) {
      const labels = record.output.split(', ');
      expect(new Set(labels).size).toBe(OPTIONS.kPrime);
      // Prompt augmentation on: the similar user's history and the model's ranking.
      expect(record.input).toMatch(/similar user/i);
      expect(record.input).toMatch(/Conventional model/);
      for (const label of labels) expect(record.input).toMatch(new RegExp(`^\\[${label}\\] `, 'm'));
    }
    const rating = set.records.filter((r) => r.task === 'rating');
    expect(rating.length).toBeGreaterThan(10);
    for (const { record } of rating) {
      expect(record.output).toMatch(/^[1-5]$/);
      expect(record.input).toMatch(/Conventional model prediction: \d\.\d/);
    }
  });

  it('never shows a validation or test item, and drops users with fewer than 3 interactions', () => {
    const full = loopContext(dataset);
    const titles = [...full.split.validation, ...full.split.test].map((r) => ({ user: dataset.interactions.user[r]!, title: JSON.stringify(dataset.items[dataset.interactions.item[r]!]!.title) }));
    for (const { user, record } of set.records) {
      for (const t of titles.filter((x) => x.user === user)) {
        // The user's own held-out items: not in their history, not a candidate, not a target (a similar user may have seen them).
        expect(record.input.split(/\n\n/).filter((block) => !/similar user/i.test(block)).join('\n')).not.toContain(t.title);
      }
    }
    expect(set.stats.eligibleUsers + set.stats.droppedUsers).toBe(set.stats.users);
  });

  it('drops duplicates and instructions with a thin history, then samples per task from later rounds too', async () => {
    // A second user identical to the first: the same rating prompt without prompt augmentation.
    const twin = twinDataset(dataset);
    const plain = await buildLoopInstructions(twin, { ...OPTIONS, promptAugmentation: false, tasks: ['rating'] });
    expect(plain.stats.duplicates.rating).toBeGreaterThanOrEqual(1);
    const thin = await buildLoopInstructions(dataset, { ...OPTIONS, minHistory: 10_000, tasks: ['rank'] });
    expect(thin.stats.lowQuality.rank).toBe(thin.stats.built.rank);
    expect(thin.records).toEqual([]);
    const sampled = await buildLoopInstructions(dataset, { ...OPTIONS, perTask: 40, maxRounds: 3 });
    expect(sampled.stats.kept).toEqual({ rank: 40, rating: 40 });
    expect(sampled.stats.rounds).toBe(2); // ~28 users a round: two rounds give 40 of each
    expect(new Set(sampled.records.map((r) => r.round))).toEqual(new Set([0, 1]));
  }, 120_000);
});

/** The dataset with user 0's interactions copied as a new last user's. */
function twinDataset(data: Dataset): Dataset {
  const t = data.interactions;
  const rows = Array.from({ length: t.length }, (_, r) => r).filter((r) => t.user[r] === 0);
  const twin = data.users.length;
  const cat = <T extends Int32Array | Float32Array | Float64Array>(a: T, extra: number[]) => {
    const out = new (a.constructor as new (n: number) => T)(a.length + extra.length);
    out.set(a);
    out.set(extra, a.length);
    return out;
  };
  return {
    ...data,
    users: [...data.users, { index: twin, id: 'twin' }],
    interactions: {
      length: t.length + rows.length,
      user: cat(t.user, rows.map(() => twin)),
      item: cat(t.item, rows.map((r) => t.item[r]!)),
      rating: cat(t.rating, rows.map((r) => t.rating[r]!)),
      timestamp: cat(t.timestamp, rows.map((r) => t.timestamp[r]!)),
    },
  };
}
