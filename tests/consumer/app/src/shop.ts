// The app's own code: its interactions (public/data/*.csv, the generic format), a recommender
// trained on them in the browser, and the element showing one customer's top 5.
import { createRecommender, recommenderSource, sourceFromUrl, type RecommenderOptions } from 'llama4rec-web';

export async function startShop(options: RecommenderOptions = {}): Promise<void> {
  const status = document.querySelector<HTMLElement>('#status')!;
  try {
    const rec = await createRecommender({ dbName: 'outdoor-shop', mf: { epochs: 5, dim: 8 }, ...options });
    if ((await rec.store.info()) === null) {
      status.textContent = 'Importing interactions…';
      // The folder's URL, then the file names: interactions first, the optional item file second.
      const data = await sourceFromUrl(new URL('data/', document.baseURI).href, ['interactions.csv', 'items.csv']);
      await rec.import(data);
    }
    status.textContent = 'Training…';
    const report = await rec.train({ onProgress: (p) => (status.textContent = `Training: epoch ${p.epoch}`) });
    const list = document.querySelector('l4r-recommendations')!;
    list.source = recommenderSource(rec);
    list.userId = 'u3';
    status.textContent = `Trained ${report.epochsRun} epochs on ${report.backend.backend}.`;
    status.dataset['backend'] = report.backend.backend;
  } catch (error) {
    status.textContent = `Failed: ${error instanceof Error ? error.message : String(error)}`;
    status.dataset['error'] = 'true';
  }
}
