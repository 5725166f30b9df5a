// `l4r eval --llm …`: the flags parse into switches and engines (bad ones name the flag), and a
// run on a real slice prints the loop's tables with the double labelled as a double.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Dataset } from '../data/types.ts';
import { RecError } from '../errors.ts';
import { sliceDataset } from '../../tests/helpers/api/trained-slice.ts';
import { llmFromFlag, loopSwitches, runLoopEval } from './loop-eval-flags.ts';

let dataset: Dataset;
beforeAll(async () => {
  dataset = await sliceDataset(60);
});
afterEach(() => vi.restoreAllMocks());

describe('loop flags', () => {
  it('parse into switches', () => {
    expect(loopSwitches({})).toEqual({ dataAugmentation: true, promptAugmentation: true, aggregation: 'adaptive' });
    expect(loopSwitches({ 'no-data-aug': true, 'no-prompt-aug': true, aggregation: 'uniform', 'uniform-alpha': '0.3' })).toEqual({
      dataAugmentation: false,
      promptAugmentation: false,
      aggregation: 'uniform',
      uniformAlpha: 0.3,
    });
    expect(() => loopSwitches({ aggregation: 'mean' })).toThrow(/--aggregation "mean".*adaptive, uniform, mf-only, llm-only/);
  });

  it('build the named engine; a double is labelled as one', async () => {
    const oracle = await llmFromFlag('double:oracle', dataset);
    expect(oracle.engine.kind).toBe('test-double');
    expect(oracle.label).toMatch(/TEST DOUBLE "oracle".*not a language model/);
    const openai = await llmFromFlag('openai:http://localhost:8080/v1#llama-2-7b-chat', dataset);
    expect(openai.engine.kind).toBe('openai-http');
    expect(openai.engine.modelId).toContain('llama-2-7b-chat');
    for (const bad of ['gpt', 'double:genius', 'openai:http://x/v1']) {
      await expect(llmFromFlag(bad, dataset)).rejects.toSatisfy((e) => e instanceof RecError && e.code === 'CONFIG_INVALID' && e.message.includes('--llm'));
    }
  });

  it('run the loop and print both tasks with the switches and LLM call counts', async () => {
    const printed: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((text: string) => void printed.push(text));
    const code = await runLoopEval(
      dataset,
      { llm: 'double:oracle', 'max-users': '20', 'aug-pairs': '2', 'aug-calls': '10', 'k-prime': '10' },
      { config: { dim: 8, batchSize: 512, seed: 1 }, epochs: 2, patience: 0 },
      false,
    );
    expect(code).toBe(0);
    const out = printed.join('\n');
    expect(out).toContain('data augmentation on, prompt augmentation on, aggregation adaptive');
    expect(out).toContain('LLM: TEST DOUBLE "oracle"');
    expect(out).toContain('data augmentation: 10 LLM calls for 5 users, 10 pairs added to every BPR epoch');
    expect(out).toMatch(/re-ranking: \d+ LLM calls, \d+ users skipped/);
    for (const metric of ['HR@3', 'NDCG@3', 'HR@5', 'NDCG@10', 'RMSE', 'MAE']) expect(out).toContain(metric);
    expect(out).toMatch(/^all \(test\)\s+20\s/m);
    expect(out).toContain("a test double's ratings are scripted (prefers-first: 3; random: a seeded digit; oracle: the held-out rating)");
  }, 120_000);
});
