/**
 * Datasets for store and fingerprint tests (not shipped code).
 */
import type { Dataset } from '../../../src/data/types.ts';

/** Hand-made: 3 users, 4 items (item "d" unrated), 5 interactions in a scrambled row order. */
export function tinyDataset(overrides: Partial<Dataset> = {}): Dataset {
  return {
    name: 'tiny',
    format: 'generic-csv',
    users: [
      { index: 0, id: 'u10' },
      { index: 1, id: 'u20' },
      { index: 2, id: 'u30' },
    ],
    items: [
      { index: 0, id: 'a', title: 'Alpha, The', year: 1999, genres: ['Drama'] },
      { index: 1, id: 'b', title: 'Beta', genres: ['Comedy', 'Romance'] },
      { index: 2, id: 'c', title: 'Gamma (Ünïcode)', year: 2004, genres: [] },
      { index: 3, id: 'd', title: 'Delta', year: 1980, genres: ['Horror'] },
    ],
    // Rows: (1,2,4.5,300) (0,1,3,200) (2,0,NaN,50) (0,0,5,100) (1,0,2,400)
    interactions: {
      length: 5,
      user: Int32Array.from([1, 0, 2, 0, 1]),
      item: Int32Array.from([2, 1, 0, 0, 0]),
      rating: Float32Array.from([4.5, 3, Number.NaN, 5, 2]),
      timestamp: Float64Array.from([300, 200, 50, 100, 400]),
    },
    ...overrides,
  };
}

/** Synthetic and big enough to span several progress reports: every user rates `perUser` (≤ items) distinct items. */
export function gridDataset(users: number, items: number, perUser: number): Dataset {
  const n = users * perUser;
  const table = {
    length: n,
    user: new Int32Array(n),
    item: new Int32Array(n),
    rating: new Float32Array(n),
    timestamp: new Float64Array(n),
  };
  for (let u = 0; u < users; u++) {
    for (let k = 0; k < perUser; k++) {
      const r = u * perUser + k;
      table.user[r] = u;
      table.item[r] = (u * 7 + k) % items;
      table.rating[r] = ((u + k) % 5) + 1;
      table.timestamp[r] = 1_000_000 + r;
    }
  }
  return {
    name: 'grid',
    format: 'generic-csv',
    users: Array.from({ length: users }, (_, index) => ({ index, id: `user-${index}` })),
    items: Array.from({ length: items }, (_, index) => ({ index, id: `item-${index}`, title: `Item ${index}`, genres: [] })),
    interactions: table,
  };
}

