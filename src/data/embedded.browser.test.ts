// The embedded MovieLens latest-small, imported through the real parser into real IndexedDB in
// headless Chromium, and a broken file that must leave it exactly as it was.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbortedError } from '../errors.ts';
import type { Progress } from '../progress.ts';
import { EMBEDDED_DATASET, embeddedDatasetUrl, ensureDataset, importEmbeddedDataset } from './embedded.ts';
import { fingerprintDataset } from './fingerprint.ts';
import { ImportError } from './import/import-error.ts';
import { sourceFromFiles } from './import/source.ts';
import { deleteRecStore, openRecStore, type RecStore } from './store.ts';

// Figures from the dataset's README and hand counts of the CSV files (awk over ratings.csv).
const EXPECTED = { users: 610, items: 9_742, ratedItems: 9_724, interactions: 100_836 };

let store: RecStore;
const progress: Progress[] = [];

beforeAll(async () => {
  store = await openRecStore(`l4r-test-embedded-${crypto.randomUUID()}`);
  await importEmbeddedDataset(store, { onProgress: (p) => progress.push(p) });
});

afterAll(async () => {
  store.close();
  await deleteRecStore(store.dbName);
});

/** Facts about known rows of ratings.csv / movies.csv, read back through the store. */
async function sample(s: RecStore) {
  const user1 = await s.findUser('1');
  const user4 = await s.findUser('4');
  const toyStory = await s.findItem('1');
  const president = await s.findItem('11');
  const history1 = user1 ? await s.userHistory(user1.index) : [];
  const history4 = user4 ? await s.userHistory(user4.index) : [];
  const movie4144 = await s.findItem('4144');
  return {
    toyStory: toyStory && { title: toyStory.title, year: toyStory.year, genres: toyStory.genres },
    president: president && { title: president.title, year: president.year },
    user1Ratings: history1.length,
    // ratings.csv line 2: 1,1,4.0,964982703
    user1ToyStory: history1.find((r) => r.item === toyStory?.index),
    user1Oldest: await Promise.all(history1.slice(0, 3).map(async (r) => (await s.item(r.item))?.id)),
    // ratings.csv line 500: 4,4144,3.0,986848685
    user4Movie4144: history4.find((r) => r.item === movie4144?.index),
    toyStoryRaters: toyStory ? await s.usersOfItem(toyStory.index) : [],
    user1Index: user1?.index,
  };
}

describe('the embedded dataset in IndexedDB', () => {
  it('imports with the counts of MovieLens latest-small', async () => {
    expect(await store.info()).toMatchObject({ name: EMBEDDED_DATASET.name, format: 'movielens-csv', ...EXPECTED });
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.at(-1)).toMatchObject({ done: 610 + 9_742 + 100_836, total: 610 + 9_742 + 100_836 });
  });

  it('reads back the whole dataset, content unchanged', async () => {
    const data = await store.loadDataset();
    expect(data).not.toBeNull();
    expect(data!.users).toHaveLength(EXPECTED.users);
    expect(data!.items).toHaveLength(EXPECTED.items);
    expect(data!.interactions.length).toBe(EXPECTED.interactions);
    expect(new Set(data!.interactions.item).size).toBe(EXPECTED.ratedItems);
    // The fingerprint stored at import was computed from the parsed dataset; recomputing it from
    // what IndexedDB returns proves every id, title, rating and timestamp survived the round trip.
    expect(fingerprintDataset(data!)).toBe((await store.info())!.fingerprint);
    // Ratings are half stars from 0.5 to 5.
    const ratings = new Set(data!.interactions.rating);
    expect([...ratings].sort((a, b) => a - b)).toEqual([0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5]);
  });

  it('finds known rows by their MovieLens ids', async () => {
    const s = await sample(store);
    expect(s.toyStory?.title).toContain('Toy Story');
    expect(s.toyStory?.year).toBe(1995);
    expect(s.toyStory?.genres).toEqual(['Adventure', 'Animation', 'Children', 'Comedy', 'Fantasy']);
    expect(s.president?.title).toContain('American President, The'); // quoted title with a comma
    expect(s.president?.year).toBe(1995);
    expect(s.user1Ratings).toBe(232);
    expect(s.user1ToyStory).toMatchObject({ rating: 4, timestamp: 964982703 });
    // User 1's three oldest: movies 804 and 1210 (both at 964980499), then 2018 (964980523).
    expect(new Set(s.user1Oldest.slice(0, 2))).toEqual(new Set(['804', '1210']));
    expect(s.user1Oldest[2]).toBe('2018');
    expect(s.user4Movie4144).toMatchObject({ rating: 3, timestamp: 986848685 });
    // The by-item index: awk -F, '$2==1' ratings.csv | wc -l gives 215 raters of Toy Story, user 1 first.
    expect(s.toyStoryRaters).toHaveLength(215);
    expect(s.toyStoryRaters[0]).toBe(s.user1Index);
  });

  it('a ratings.csv with a bad number on line 500 fails and leaves the stored dataset exactly as it was', async () => {
    const before = { info: await store.info(), sample: await sample(store) };
    const base = embeddedDatasetUrl();
    const [ratings, movies] = await Promise.all(
      EMBEDDED_DATASET.files.map(async (name) => (await fetch(new URL(name, base))).text()),
    );
    const lines = ratings!.split('\r\n');
    expect(lines[499]).toBe('4,4144,3.0,986848685'); // line 500, 1-based
    lines[499] = '4,4144,3.x,986848685';
    const files = [new File([lines.join('\r\n')], 'ratings.csv'), new File([movies!], 'movies.csv')];

    const error = await store.importDataset(sourceFromFiles(files, 'broken')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect(error).toMatchObject({ code: 'IMPORT_BAD_NUMBER', file: 'ratings.csv', line: 500, field: 'rating' });

    expect(await store.info()).toEqual(before.info);
    expect(await sample(store)).toEqual(before.sample);
    const data = await store.loadDataset();
    expect(data!.interactions.length).toBe(EXPECTED.interactions);
    expect(fingerprintDataset(data!)).toBe(before.info!.fingerprint);
  });

  it('re-importing the same files does not duplicate anything', async () => {
    const before = await store.info();
    const after = await importEmbeddedDataset(store);
    expect(after).toMatchObject(EXPECTED);
    expect(after.fingerprint).toBe(before!.fingerprint);
    expect((await store.loadDataset())!.interactions.length).toBe(EXPECTED.interactions);
    // ensureDataset sees a dataset and does not import again.
    expect(await ensureDataset(store)).toEqual(after);
  });

  it('fetches from the page-relative URL, so a sub-path deployment finds its files', async () => {
    const requested: string[] = [];
    const other = await openRecStore(`l4r-test-subpath-${crypto.randomUUID()}`);
    try {
      // Pretend the app is served from /apps/l4r/: map those URLs back onto this dev server.
      const pageUrl = new URL('/apps/l4r/index.html', location.origin);
      const subPathFetch: typeof fetch = (input, init) => {
        const url = String(input);
        requested.push(new URL(url).pathname);
        return fetch(url.replace('/apps/l4r/', '/'), init);
      };
      // The files were found once parsing reports progress; stop there rather than import twice.
      const controller = new AbortController();
      const seen: Progress[] = [];
      const result = await importEmbeddedDataset(other, {
        pageUrl,
        fetch: subPathFetch,
        signal: controller.signal,
        onProgress: (p) => {
          seen.push(p);
          if (p.done > 0) controller.abort();
        },
      }).catch((e: unknown) => e);
      expect(result).toBeInstanceOf(AbortedError);
      expect(seen.at(-1)?.done).toBeGreaterThan(0);
      expect(await other.info()).toBeNull();
      expect(requested.sort()).toEqual(['/apps/l4r/data/ml-latest-small/movies.csv', '/apps/l4r/data/ml-latest-small/ratings.csv']);
    } finally {
      other.close();
      await deleteRecStore(other.dbName);
    }
  });
});
