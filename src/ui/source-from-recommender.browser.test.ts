// <l4r-recommendations> fed by the public recommender, in a real browser with IndexedDB: a bare
// element on a host page (useStoreRecommendations) says what is missing, then shows the model
// trained in this browser; when another tab imports a dataset, the element asks again and shows
// the new data's state; and the LLM a page sets later (setLlm) re-ranks the same lists.
import { afterAll, afterEach, expect, test } from 'vitest';
import { deleteRecStore } from '../data/store.ts';
import { gridDataset } from '../../tests/helpers/data/test-dataset.ts';
import { createDoubleEngine } from '../testing/double-engines.ts';
import { createRecommender } from '../api/create-recommender.ts';
import { setDefaultRecommendationSource } from './default-source.ts';
import type { L4rRecommendations } from './l4r-recommendations.ts';
import { recommenderSource, useStoreRecommendations } from './source-from-recommender.ts';
import './l4r-recommendations.ts';

const DB = `l4r-ui-recommender-source-${crypto.randomUUID()}`;
const mounted: HTMLElement[] = [];
afterEach(() => {
  mounted.splice(0).forEach((e) => e.remove());
  setDefaultRecommendationSource(undefined);
});
afterAll(() => deleteRecStore(DB));

async function mount(userId: string, setup: (el: L4rRecommendations) => void = () => {}): Promise<L4rRecommendations> {
  const el = document.createElement('l4r-recommendations');
  el.userId = userId;
  el.k = 3;
  setup(el);
  document.body.append(el);
  mounted.push(el);
  await el.recommendationsComplete().catch(() => undefined);
  await el.updateComplete;
  return el;
}
const part = (el: HTMLElement, name: string) => el.shadowRoot!.querySelector(`[part="${name}"]`)?.textContent?.trim();

test('a bare element: no dataset, then no model, each says what to do; then the trained model’s list', async () => {
  useStoreRecommendations({ dbName: DB });
  expect(part(await mount('user-1'), 'error')).toBe('This browser holds no dataset yet; open the demo (or call ensureDataset()) first.');

  const rec = await createRecommender({ dbName: DB, trainIn: 'main-thread', mf: { dim: 4, epochs: 2, patience: 0, batchSize: 64 } });
  try {
    await rec.store.writeDataset(gridDataset(30, 40, 8));
    useStoreRecommendations({ dbName: DB });
    expect(part(await mount('user-1'), 'error')).toBe('No recommender is trained in this browser yet; train one in the demo (or call train()) first.');
    await rec.train();
  } finally {
    await rec.dispose();
  }
  useStoreRecommendations({ dbName: DB });
  const el = await mount('user-1');
  expect(el.shadowRoot!.querySelectorAll('[part="item"]')).toHaveLength(3);
  expect(el.shadowRoot!.querySelector('[part="list"]')?.getAttribute('aria-label')).toBe('Recommendations for user user-1, by BPR-MF');
  expect(part(el, 'note')).toBe('MF alone: no LLM is configured (pass "llm" to createRecommender, or call setLlm). α_u from untuned default α1 = 0.5, α2 = 0.1.');
});

test('another tab imports a dataset: a bare element lets go of the old recommender and shows the new data’s state', async () => {
  const dbName = `l4r-ui-other-tab-${crypto.randomUUID()}`;
  const other = await createRecommender({ dbName, trainIn: 'main-thread', mf: { dim: 4, epochs: 2, patience: 2, batchSize: 64 } });
  try {
    await other.store.writeDataset(gridDataset(30, 40, 8));
    await other.train();
    useStoreRecommendations({ dbName });
    const el = await mount('user-1');
    expect(el.shadowRoot!.querySelectorAll('[part="item"]')).toHaveLength(3);

    // "Another tab" (another recommender on the database) imports other data: nothing is trained on it.
    await other.store.writeDataset(gridDataset(20, 15, 5));
    await expect.poll(() => part(el, 'error')).toBe('No recommender is trained in this browser yet; train one in the demo (or call train()) first.');
    expect(el.shadowRoot!.querySelectorAll('[part="item"]')).toHaveLength(0);
  } finally {
    await other.dispose();
    setDefaultRecommendationSource(undefined);
    await deleteRecStore(dbName);
  }
});

test('setLlm: an LLM set after creation re-ranks the next lists; null goes back to MF with the page’s reason', async () => {
  const rec = await createRecommender({ dbName: DB, trainIn: 'main-thread', kPrime: 5, alpha: { alpha1: 0.9, alpha2: 0.5 } });
  try {
    expect(await rec.activeModel()).toMatchObject({ task: 'ranking', checkpoint: 'mf-bpr', augmentedPairs: 0, finished: true });
    const double = createDoubleEngine({ script: 'prefers-first' });
    rec.setLlm(double);
    const withLlm = await mount('user-1', (el) => (el.source = recommenderSource(rec)));
    expect(withLlm.shadowRoot!.querySelector('[part="list"]')?.getAttribute('aria-label')).toBe('Recommendations for user user-1, by BPR-MF + test-double/prefers-first');
    expect(part(withLlm, 'note')).toBeUndefined();
    expect(double.requests).toHaveLength(1);

    rec.setLlm(null, { noLlmReason: 'no language model is loaded (load one in the Language model panel).' });
    const alone = await mount('user-1', (el) => (el.source = recommenderSource(rec)));
    expect(part(alone, 'note')).toBe('MF alone: no language model is loaded (load one in the Language model panel). α_u from given α1 = 0.9, α2 = 0.5.');
    expect(double.requests).toHaveLength(1);
  } finally {
    await rec.dispose();
  }
});
