// The element's source over the public recommender: what each list says about the model that
// produced it, why it is MF alone, and the similar user, from a hand-written facade answer.
import { expect, test } from 'vitest';
import type { Recommendation } from '../loop/recommend.ts';
import type { ActiveModelInfo } from '../training/serving-models.ts';
import { modelLabel, recommenderSource } from './source-from-recommender.ts';

const ACTIVE: ActiveModelInfo = { task: 'ranking', checkpoint: 'mf-bpr', kind: 'mf-bpr', augmentedPairs: 0, savedAt: 1, finished: true, epoch: 3, bestEpoch: 3, bestValidation: 0.02 };

function answer(llm: Recommendation['llm'], similarUser?: Recommendation['similarUser']): Recommendation {
  return {
    userId: 'u7',
    alpha: 0.25,
    llm,
    ...(similarUser ? { similarUser } : {}),
    items: [
      { itemId: 'm3', title: 'Dune', genres: ['Sci-Fi'], year: 1984, item: 3, mfScore: 0.9, mfPosition: 1, llmScore: llm.used ? -2 : null, llmPosition: llm.used ? 2 : null, alpha: 0.25, finalScore: -1.25 },
      { itemId: 'm1', title: 'Brazil', genres: [], item: 1, mfScore: 0.5, mfPosition: 2, llmScore: llm.used ? -1 : null, llmPosition: llm.used ? 1 : null, alpha: 0.25, finalScore: -1.75 },
    ],
  };
}

function fakeRec(result: Recommendation, active: ActiveModelInfo | null, source: 'options' | 'tuned' | 'default' = 'default') {
  const calls: { userId: string; k: number | undefined; task?: string; asked: string[] } = { userId: '', k: undefined, asked: [] };
  return {
    calls,
    rec: {
      recommend: async (userId: string, options?: { k?: number; task?: 'ranking' | 'next' }) => {
        calls.userId = userId;
        calls.k = options?.k;
        if (options?.task) calls.task = options.task;
        return result;
      },
      activeModel: async (task?: string) => (calls.asked.push(`model:${task}`), active),
      alpha: async (task?: string) => (calls.asked.push(`alpha:${task}`), { alpha1: 0.5, alpha2: 0.1, source }),
    },
  };
}

test('MF alone: the facade’s reason plus where α comes from; no similar user', async () => {
  const result = answer({ used: false, reason: 'no-llm', message: 'MF alone: no language model is loaded.' });
  const { rec, calls } = fakeRec(result, ACTIVE);
  const list = await recommenderSource(rec).recommend('u7', 2);
  expect(calls).toEqual({ userId: 'u7', k: 2, asked: ['model:ranking', 'alpha:ranking'] });
  expect(list.producedBy).toBe('BPR-MF');
  expect(list.note).toBe('MF alone: no language model is loaded. α_u from untuned default α1 = 0.5, α2 = 0.1.');
  expect(list.similarUser).toBeUndefined();
  // The loop's items as they are.
  expect(list.items).toBe(result.items);
});

test('with the LLM: the model trained on augmented pairs and the LLM are named, and the similar user in the prompt is shown', async () => {
  const used = { used: true, modelId: 'test-double/prefers-first', kind: 'test-double' } as const;
  const { rec } = fakeRec(answer(used, { userId: 'u9', similarity: 0.75 }), { ...ACTIVE, checkpoint: 'mf-bpr+aug-1200', augmentedPairs: 1200 }, 'tuned');
  const list = await recommenderSource(rec).recommend('u7', 2);
  expect(list.producedBy).toBe('BPR-MF (D ∪ 1,200 LLM pairs) + test-double/prefers-first');
  expect(list.note).toBeUndefined();
  expect(list.similarUser).toEqual({ userId: 'u9', similarity: 0.75 });
  expect(list.items.map((x) => x.llmScore)).toEqual([-2, -1]);
});

test('with the LLM but prompt augmentation off: no similar user is claimed for the prompt', async () => {
  const { rec } = fakeRec(answer({ used: true, modelId: 'test-double/prefers-first', kind: 'test-double' }), ACTIVE);
  const list = await recommenderSource(rec).recommend('u7', 2);
  expect(list.producedBy).toBe('BPR-MF + test-double/prefers-first');
  expect(list.similarUser).toBeUndefined();
});

test('a skipped LLM call is explained, with tuned α named as such', async () => {
  const message = "The LLM was not asked: with α_u = 0.040 ≤ 0.050 no answer could change this list, so it is MF's.";
  const { rec } = fakeRec(answer({ used: false, reason: 'skipped', message }), ACTIVE, 'tuned');
  expect((await recommenderSource(rec).recommend('u7', 2)).note).toBe(`${message} α_u from tuned α1 = 0.5, α2 = 0.1.`);
});

test('model labels', () => {
  expect(modelLabel(null)).toBe('BPR-MF');
  expect(modelLabel({ task: 'ranking', augmentedPairs: 0 })).toBe('BPR-MF');
  expect(modelLabel({ task: 'ranking', augmentedPairs: 35 })).toBe('BPR-MF (D ∪ 35 LLM pairs)');
  expect(modelLabel({ task: 'rating', augmentedPairs: 0 })).toBe('biased MF');
});

test("the next items: asked of the 'next' task with its own model and α, SASRec named and scored", async () => {
  const used = { used: true, modelId: 'test-double/prefers-first', kind: 'test-double' } as const;
  const sasrec: ActiveModelInfo = { ...ACTIVE, task: 'next', checkpoint: 'sasrec+aug-40', kind: 'sasrec', augmentedPairs: 40 };
  const { rec, calls } = fakeRec(answer(used), sasrec);
  const list = await recommenderSource(rec).recommend('u7', 2, { task: 'next' });
  expect(calls).toMatchObject({ task: 'next', asked: ['model:next', 'alpha:next'] });
  expect(list.producedBy).toBe('SASRec (D ∪ 40 LLM picks) + test-double/prefers-first');
  expect(list.scoreLabel).toBe('SASRec');
});

test('model labels by kind', () => {
  expect(modelLabel({ task: 'ranking', kind: 'lightgcn', augmentedPairs: 0 })).toBe('LightGCN');
  expect(modelLabel({ task: 'next', augmentedPairs: 0 })).toBe('SASRec');
});
