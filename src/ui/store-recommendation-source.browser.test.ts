import { afterEach, expect, test } from 'vitest';
import { deleteRecStore, openRecStore } from '../data/store.ts';
import type { Dataset } from '../data/types.ts';
import { setDefaultRecommendationSource } from './default-recommendation-source.ts';
import { useStoreRecommendations } from './store-recommendation-source.ts';
import './l4r-recommendations.ts';

const DB = 'l4r-ui-store-source-test';
const mounted: HTMLElement[] = [];
afterEach(async () => {
  mounted.splice(0).forEach((e) => e.remove());
  setDefaultRecommendationSource(undefined);
  await deleteRecStore(DB);
});

async function errorShown(userId: string): Promise<string | null | undefined> {
  const el = document.createElement('l4r-recommendations');
  el.userId = userId;
  document.body.append(el);
  mounted.push(el);
  await el.recommendationsComplete().catch(() => undefined);
  await el.updateComplete;
  return el.shadowRoot!.querySelector('[part="error"]')?.textContent;
}

test('a bare element on a page with an empty store says to import a dataset first', async () => {
  useStoreRecommendations({ dbName: DB });
  expect(await errorShown('1')).toBe('This browser holds no dataset yet; open the demo (or call ensureDataset()) first.');
});

test('with a dataset but no trained model it says to train first', async () => {
  const store = await openRecStore(DB);
  const dataset: Dataset = {
    name: 'two',
    format: 'generic-csv',
    users: [{ index: 0, id: 'u' }],
    items: [0, 1].map((index) => ({ index, id: `i${index}`, title: `Item ${index}`, genres: [] })),
    interactions: { length: 1, user: Int32Array.of(0), item: Int32Array.of(0), rating: Float32Array.of(5), timestamp: Float64Array.of(1) },
  };
  await store.writeDataset(dataset);
  store.close();
  useStoreRecommendations({ dbName: DB });
  expect(await errorShown('u')).toBe('No recommender is trained in this browser yet; train one in the demo (or call train()) first.');
});
