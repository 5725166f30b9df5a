// One (row, seed) run through the loop on a real slice of ml-latest-small with the oracle TEST
// DOUBLE behind an answer cache: what each row records, α chosen on the grid, the backbone trained
// once per seed and data, and the cache serving a later row's questions.
import { beforeAll, describe, expect, it } from 'vitest';
import { ALPHA_GRID } from '../aggregate/long-tail.ts';
import type { Dataset } from '../data/types.ts';
import { MemoryAnswerCache } from '../llm/answer-cache.ts';
import { CachedLlmEngine } from '../llm/cached-engine.ts';
import { restrictToTopItems } from '../data/top-items.ts';
import { loopContext } from '../loop/loop-context.ts';
import { heldOutOracle } from '../testing/held-out-oracle.ts';
import { sliceDataset } from '../../tests/helpers/api/trained-slice.ts';
import { nodeBackend } from '../../tests/helpers/models/use-node-backend.ts';
import type { ExperimentTask } from './experiment-types.ts';
import { runExperimentRow, type ExperimentSetup } from './run-row.ts';

let dataset: Dataset;
beforeAll(async () => {
  await nodeBackend('wasm');
  dataset = await sliceDataset(30);
});

function setup(task: ExperimentTask, data = dataset): ExperimentSetup {
  const oracle = heldOutOracle(data, { tellRatings: task === 'rating' });
  const engine = new CachedLlmEngine(oracle.engine, new MemoryAnswerCache());
  return {
    dataset: data,
    ctx: loopContext(data),
    task,
    backbone: 'mf',
    engine,
    answerCounts: () => ({ hits: engine.hits, misses: engine.misses }),
    observeUser: oracle.observeUser,
    useTarget: oracle.useTarget,
    variants: ['listwise', 'pointwise'],
    kPrime: 10,
    metrics: task === 'rating' ? ['RMSE', 'MAE'] : ['HR@3', 'NDCG@3', 'HR@5', 'NDCG@5'],
    tuneK: 5,
    mf: { dim: 8, batchSize: 512, epochs: 2, patience: 0 },
    augmentBudget: { pairsPerUser: 1, maxCalls: 10 },
    attributeBudget: { maxCalls: 5 },
    maxUsers: 15,
    models: new Map(),
  };
}

describe('runExperimentRow (ranking)', () => {
  it('records each variant, α from the grid, the better variant on validation; later rows reuse the model and the cached answers', async () => {
    const s = setup('ranking');
    const backbone = await runExperimentRow(s, 'backbone', 1);
    expect(backbone).toMatchObject({ row: 'backbone', seed: 1, llm: { calls: 0 } });
    expect(backbone.variants).toBeUndefined();
    expect(Object.keys(backbone.metrics)).toEqual(['HR@3', 'NDCG@3', 'HR@5', 'NDCG@5']);
    expect(backbone.notes?.epochsTrained).toBe(2);

    const full = await runExperimentRow(s, 'full', 1);
    expect(Object.keys(full.variants!)).toEqual(['listwise', 'pointwise']);
    const chosen = String(full.notes!.variant);
    expect(full.metrics).toEqual(full.variants![chosen]!.metrics);
    for (const variant of Object.values(full.variants!)) {
      expect(ALPHA_GRID).toContain(variant.alpha!.alpha1);
      expect(ALPHA_GRID).toContain(variant.alpha!.alpha2);
      expect(variant.validation!.name).toBe('NDCG@5');
    }
    const other = Object.values(full.variants!).find((v) => v !== full.variants![chosen])!;
    expect(full.variants![chosen]!.validation!.value).toBeGreaterThanOrEqual(other.validation!.value);
    // 10 augmentation questions, then validation and test questions of both variants: none cached yet but repeats.
    expect(full.llm!.cacheMisses).toBeGreaterThan(10);

    // Same data, prompts and variants: the uniform row trains nothing and asks the LLM nothing new.
    const uniform = await runExperimentRow(s, 'uniform-alpha', 1);
    expect(uniform.notes?.epochsTrained).toBe(0);
    expect(uniform.llm).toMatchObject({ cacheMisses: 0 });
    expect(uniform.llm!.cacheHits).toBe(uniform.llm!.calls);
    expect(uniform.variants!.listwise!.alpha!.alpha2).toBe(1);
  }, 120_000);
});

describe('runExperimentRow with α fixed', () => {
  it('skips the search: one variant asks no validation question, and blends with the given α', async () => {
    const s = { ...setup('ranking'), variants: ['listwise'] as const, alpha: { alpha1: 0.9, alpha2: 0.1 } };
    const full = await runExperimentRow(s, 'full', 3);
    expect(full.alpha).toEqual({ alpha1: 0.9, alpha2: 0.1 });
    expect(full.variants!.listwise!.validation).toBeUndefined();
    // 10 augmentation questions and one listwise question per evaluated test user (none skipped at α1 = 0.9).
    expect(full.llm!.calls).toBe(10 + 15);
    const uniform = await runExperimentRow(s, 'uniform-alpha', 3);
    expect(uniform.alpha).toEqual({ alpha1: 0.9, alpha2: 1 });
  }, 120_000);
});

describe('runExperimentRow (rating)', () => {
  it('tunes α on validation RMSE and reports RMSE/MAE; the oracle told the held-out ratings beats the backbone', async () => {
    const s = setup('rating');
    const backbone = await runExperimentRow(s, 'backbone', 2);
    const full = await runExperimentRow(s, 'full', 2);
    expect(Object.keys(full.metrics)).toEqual(['RMSE', 'MAE']);
    expect(full.alpha!.objective!.name).toBe('RMSE');
    expect(full.variants).toBeUndefined();
    expect(full.metrics.RMSE!).toBeLessThan(backbone.metrics.RMSE!);
    await expect(runExperimentRow({ ...s, backbone: 'lightgcn' }, 'full', 2)).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  }, 120_000);
});

describe("runExperimentRow (next: the sequential task, SASRec)", () => {
  let small: Dataset;
  beforeAll(() => {
    small = restrictToTopItems(dataset, 40);
  });
  // A planted small catalogue (the 40 most-rated items of the slice): SASRec's top-20 often holds the held-out item, which the oracle then puts first.
  const nextSetup = (): ExperimentSetup => ({
    ...setup('next', small),
    backbone: 'sasrec',
    variants: [],
    kPrime: 20,
    sasrec: { dim: 16, maxLen: 20, blocks: 1, heads: 1, batchSize: 32, epochs: 3, patience: 0 },
    sequentialBudget: { setSize: 5, setsPerUser: 1, maxCalls: 10 },
  });

  it('w/o data augmentation reuses the plain SASRec, the full row trains on sequences with the picks; α searched on NDCG@5; the oracle beats the backbone', async () => {
    const s = nextSetup();
    const backbone = await runExperimentRow(s, 'backbone', 1);
    expect(backbone).toMatchObject({ row: 'backbone', llm: { calls: 0 }, notes: { epochsTrained: 3 } });
    expect(Object.keys(backbone.metrics)).toEqual(['HR@3', 'NDCG@3', 'HR@5', 'NDCG@5']);

    // Same unaugmented sequences as the backbone: its SASRec is served again, and no pick is asked for.
    const plain = await runExperimentRow(s, 'no-data-aug', 1);
    expect(plain.notes?.epochsTrained).toBe(0);
    const full = await runExperimentRow(s, 'full', 1);
    expect(full.notes?.epochsTrained).toBe(3);
    expect(s.models.get('1/next/sasrec/plain')!.name).toBe('sasrec');
    expect(s.models.get('1/next/sasrec/augmented')!.name).toMatch(/^sasrec\+aug-[1-9]\d*$/);
    // Its augmentation's ten next-item questions, and its own validation and test questions (its SASRec differs).
    expect(full.llm!.cacheMisses).toBeGreaterThanOrEqual(10);

    expect(full.variants).toBeUndefined();
    expect(full.alpha!.objective!.name).toBe('NDCG@5');
    expect(ALPHA_GRID).toContain(full.alpha!.alpha1);
    expect(full.metrics['NDCG@5']!).toBeGreaterThan(backbone.metrics['NDCG@5']!);
    expect(plain.metrics['HR@5']!).toBeGreaterThan(backbone.metrics['HR@5']!);
  }, 180_000);

  it('refuses another backbone for the sequential task, and SASRec for the others', async () => {
    await expect(runExperimentRow({ ...nextSetup(), backbone: 'mf' }, 'backbone', 1)).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('SASRec') });
    await expect(runExperimentRow({ ...setup('ranking'), backbone: 'sasrec' }, 'backbone', 1)).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });
});
