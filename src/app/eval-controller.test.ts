// The evaluation panel's state from `rec.evaluate()` and `rec.userAlphas()`, with hand-made
// reports: the subject names the model and the LLM (or MF alone), the α curve has one point per
// distinct interaction count, a cancel leaves no error.
import { expect, test } from 'vitest';
import { AbortedError } from '../errors.ts';
import type { LoopEvalReport } from '../loop/loop-eval.ts';
import type { UserAlphas } from '../api/recommender.ts';
import { EvalController, type EvalRec } from './eval-controller.ts';
import { FakeHost } from '../../tests/helpers/app/fake-host.ts';

const METRICS = { 'HR@3': 0.1, 'NDCG@3': 0.05, 'HR@5': 0.2, 'NDCG@5': 0.08, 'HR@10': 0.3, 'NDCG@10': 0.12 };
const group = { quantile: 0, label: 'Q1 (2–3 interactions)', minInteractions: 2, maxInteractions: 3, users: 2, metrics: METRICS };

function report(llm: LoopEvalReport['llm']): LoopEvalReport {
  return {
    switches: { dataAugmentation: false, promptAugmentation: true, aggregation: 'adaptive' },
    llm,
    alpha: { alpha1: 0.5, alpha2: 0.1 },
    kPrime: 20,
    ranking: { overall: METRICS, groups: [group], users: 4, llmCalls: llm ? 3 : 0, skipped: llm ? 1 : 4 },
  };
}

// Users with 3, 2, 3 and 9 training interactions.
const ALPHAS: UserAlphas = {
  interactions: Int32Array.of(3, 2, 3, 9),
  alpha: Float64Array.of(0.3, 0.5, 0.3, 0.05),
  params: { alpha1: 0.5, alpha2: 0.1, source: 'default' },
};

function fakeRec(evaluate: EvalRec['evaluate'], augmentedPairs = 0): EvalRec {
  return {
    evaluate,
    userAlphas: async () => ALPHAS,
    activeModel: async () => ({ task: 'ranking', checkpoint: 'x', kind: 'mf-bpr', augmentedPairs, savedAt: 0, finished: true, epoch: 1, bestEpoch: 1, bestValidation: 0 }),
  };
}

test('MF alone: the figures, the groups and α_u against interactions', async () => {
  const evaluation = new EvalController(new FakeHost());
  evaluation.setModelAvailable(true);
  expect(evaluation.view.state).toBe('idle');
  await evaluation.run(fakeRec(async () => report(null)));
  const v = evaluation.view;
  expect(v.state).toBe('done');
  expect(v.subject).toBe('BPR-MF on each user’s latest item (leave-one-out by time), 4 users; MF alone (no language model loaded), all unseen items as candidates.');
  expect(v.overall).toEqual(METRICS);
  expect(v.groups).toEqual([{ label: 'Q1 (2–3 interactions)', users: 2, metrics: METRICS }]);
  expect(v.alphaCurve).toEqual({ interactions: [2, 3, 9], alpha: [0.5, 0.3, 0.05], params: 'α1 = 0.5, α2 = 0.1' });
});

test('with an LLM: the subject names it, its calls and the users it skipped, and the augmented model', async () => {
  const evaluation = new EvalController(new FakeHost());
  await evaluation.run(fakeRec(async () => report({ kind: 'test-double', modelId: 'test-double/prefers-first' }), 200));
  expect(evaluation.view.subject).toBe(
    'BPR-MF (D ∪ 200 LLM pairs) on each user’s latest item (leave-one-out by time), 4 users; test-double/prefers-first re-ranked MF’s top 20 (3 calls; 1 skipped, where the LLM could not change the list).',
  );
});

test('progress shows while running; a model going away cancels without an error; a failure shows it', async () => {
  const evaluation = new EvalController(new FakeHost());
  let seenSignal: AbortSignal | undefined;
  const running = evaluation.run(
    fakeRec((options) => {
      seenSignal = options?.signal;
      options?.onProgress?.({ phase: 'ranking', done: 1, total: 4 });
      return new Promise((_, reject) => options!.signal!.addEventListener('abort', () => reject(new AbortedError('Evaluation')), { once: true }));
    }),
  );
  expect(evaluation.view).toMatchObject({ state: 'running', progress: { done: 1, total: 4 } });
  evaluation.setModelAvailable(false);
  await running;
  expect(seenSignal?.aborted).toBe(true);
  expect(evaluation.view.state).toBe('unavailable');
  const failure = new Error('boom');
  await evaluation.run(fakeRec(async () => Promise.reject(failure)));
  expect(evaluation.view).toMatchObject({ state: 'error', error: failure });
});

test('an evaluation that finishes after the model went away shows neither its progress nor its figures', async () => {
  const evaluation = new EvalController(new FakeHost());
  evaluation.setModelAvailable(true);
  let finish: (r: LoopEvalReport) => void = () => {};
  let onProgress: ((p: { phase: string; done: number }) => void) | undefined;
  // An evaluation that does not stop at the abort (it was past its last check).
  const running = evaluation.run(fakeRec((options) => {
    onProgress = options?.onProgress;
    return new Promise((resolve) => (finish = resolve));
  }));
  evaluation.setModelAvailable(false);
  onProgress!({ phase: 'Ranking test items', done: 3 });
  finish(report(null));
  await running;
  expect(evaluation.view.state).toBe('unavailable');
  expect(evaluation.view.progress).toBeUndefined();
});
