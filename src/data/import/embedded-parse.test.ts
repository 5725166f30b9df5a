import { describe, expect, it } from 'vitest';
import { parseDatasetFromPath, sourceFromPath } from './node-source.ts';
import { leaveOneOutByTime } from '../splits.ts';
import { summarizeDataset } from './summarize.ts';

const EMBEDDED = new URL('../../../public/data/ml-latest-small', import.meta.url).pathname;

describe('the embedded MovieLens latest-small, parsed in Node', () => {
  it('takes the dataset files of a folder (README.txt is left out) and names it after the folder', async () => {
    const source = await sourceFromPath(EMBEDDED);
    expect(source.name).toBe('ml-latest-small');
    expect(source.files.map((f) => f.name)).toEqual(['movies.csv', 'ratings.csv']);
  });

  it('has 610 users, 9,742 movies of which 9,724 rated, 100,836 ratings', async () => {
    const d = await parseDatasetFromPath(EMBEDDED);
    expect(d.name).toBe('ml-latest-small');
    expect(d.format).toBe('movielens-csv');
    const s = summarizeDataset(d);
    expect([s.users, s.items, s.ratedItems, s.interactions]).toEqual([610, 9742, 9724, 100836]);
    // First line of ratings.csv: 1,1,4.0,964982703 — user "1" rating movie "1" (Toy Story).
    const t = d.interactions;
    expect(d.users[t.user[0]!]!.id).toBe('1');
    expect(d.items[t.item[0]!]).toMatchObject({ id: '1', title: 'Toy Story (1995)', year: 1995 });
    expect([t.rating[0], t.timestamp[0]]).toEqual([4, 964982703]);
    // The histogram and per-user counts, cross-checked with `cut | sort | uniq -c` on the file.
    expect(s.ratingHistogram['4.0']).toBe(26818);
    expect(s.ratingHistogram['0.5']).toBe(1370);
    expect(s.interactionsPerUser).toEqual({ min: 20, median: 70.5, max: 2698 });
    // Every user has at least 20 ratings, so leave-one-out gives each one test and one validation row.
    const split = leaveOneOutByTime(t);
    expect([split.test.length, split.validation.length, split.train.length]).toEqual([610, 610, 100836 - 1220]);
  });
});
