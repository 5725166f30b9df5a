/** Test fixture: a two-row, five-seed ranking experiment whose numbers the tests work out by hand. */
import type { ExperimentRun, ExperimentSpec } from '../../../src/experiment/experiment-types.ts';

export const SPEC: ExperimentSpec = {
  title: 'Fixture, not an LLM',
  dataset: 'tiny',
  task: 'ranking',
  backbone: 'mf',
  llm: 'test-double/oracle (a test double, not an LLM)',
  rows: [
    { id: 'backbone', label: 'Backbone alone' },
    { id: 'full', label: 'Llama4Rec' },
  ],
  seeds: [1, 2, 3, 4, 5],
  metrics: ['HR@3', 'NDCG@3'],
  settings: { kPrime: 20 },
};

// HR@3 of the full row is the SciPy example of stats.test.ts: paired t 3.8235, p 0.018722 against the backbone.
const BACKBONE_HR = [0.047, 0.048, 0.0495, 0.0461, 0.0512];
const FULL_HR = [0.0521, 0.0489, 0.055, 0.0502, 0.053];
// NDCG@3: the full row is lower on three seeds of five: no mark.
const BACKBONE_NDCG = [0.03, 0.031, 0.032, 0.033, 0.034];
const FULL_NDCG = [0.031, 0.03, 0.031, 0.034, 0.033];

export const RUNS: ExperimentRun[] = SPEC.seeds.flatMap((seed, k) => [
  { row: 'backbone', seed, metrics: { 'HR@3': BACKBONE_HR[k]!, 'NDCG@3': BACKBONE_NDCG[k]! } },
  {
    row: 'full',
    seed,
    metrics: { 'HR@3': FULL_HR[k]!, 'NDCG@3': FULL_NDCG[k]! },
    alpha: { alpha1: 0.9, alpha2: k === 0 ? 0.1 : 0.3 },
    llm: { calls: 100, cacheHits: k === 0 ? 0 : 100, cacheMisses: k === 0 ? 100 : 0 },
  },
]);
