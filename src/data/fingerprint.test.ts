import { describe, expect, it } from 'vitest';
import { checkDataset, canonicalOrder } from './check-dataset.ts';
import { fingerprintDataset } from './fingerprint.ts';
import { tinyDataset } from '../../tests/helpers/data/test-dataset.ts';
import type { InteractionTable } from './types.ts';

function table(rows: [number, number, number, number][]): InteractionTable {
  return {
    length: rows.length,
    user: Int32Array.from(rows.map((r) => r[0])),
    item: Int32Array.from(rows.map((r) => r[1])),
    rating: Float32Array.from(rows.map((r) => r[2])),
    timestamp: Float64Array.from(rows.map((r) => r[3])),
  };
}

describe('canonicalOrder', () => {
  it('sorts rows by (user, item)', () => {
    // keys with 3 items: 1*3+0=3, 0*3+2=2, 1*3+1=4, 0*3+0=0 → order 3,1,0,2
    const t = table([[1, 0, 1, 1], [0, 2, 1, 1], [1, 1, 1, 1], [0, 0, 1, 1]]);
    expect(Array.from(canonicalOrder(t, 2, 3))).toEqual([3, 1, 0, 2]);
  });

  it('rejects a repeated (user, item) pair, naming both rows', () => {
    const t = table([[0, 1, 1, 1], [1, 1, 1, 1], [0, 1, 2, 2]]);
    expect(() => canonicalOrder(t, 2, 2)).toThrow(
      expect.objectContaining({ code: 'IMPORT_DUPLICATE_RATING', message: expect.stringContaining('rows 0 and 2') }),
    );
  });

  it('rejects an index outside the user or item range', () => {
    expect(() => canonicalOrder(table([[2, 0, 1, 1]]), 2, 2)).toThrow(expect.objectContaining({ code: 'IMPORT_BAD_ROW' }));
    expect(() => canonicalOrder(table([[0, -1, 1, 1]]), 2, 2)).toThrow(expect.objectContaining({ code: 'IMPORT_BAD_ROW' }));
  });
});

describe('checkDataset', () => {
  it('rejects a repeated item id and an out-of-order index', () => {
    const d = tinyDataset();
    const dupId = { ...d, items: d.items.map((it) => (it.index === 3 ? { ...it, id: 'a' } : it)) };
    expect(() => checkDataset(dupId)).toThrow(/item id "a" appears twice \(indices 0 and 3\)/);
    const badIndex = { ...d, users: [d.users[1]!, d.users[0]!, d.users[2]!] };
    expect(() => checkDataset(badIndex)).toThrow(/position 0 \(id "u20"\) has index 1/);
  });
});

describe('fingerprintDataset', () => {
  it('does not depend on row order, name or format', () => {
    const d = tinyDataset();
    const t = d.interactions;
    const reversed: InteractionTable = {
      length: t.length,
      user: t.user.slice().reverse(),
      item: t.item.slice().reverse(),
      rating: t.rating.slice().reverse(),
      timestamp: t.timestamp.slice().reverse(),
    };
    const a = fingerprintDataset(d);
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprintDataset({ ...d, name: 'other', format: 'movielens-csv', interactions: reversed })).toBe(a);
  });

  it('changes when a rating, a timestamp, a title or a user id changes', () => {
    const d = tinyDataset();
    const base = fingerprintDataset(d);
    const rating = d.interactions.rating.slice();
    rating[0] = 4;
    expect(fingerprintDataset({ ...d, interactions: { ...d.interactions, rating } })).not.toBe(base);
    const timestamp = d.interactions.timestamp.slice();
    timestamp[4] = 401;
    expect(fingerprintDataset({ ...d, interactions: { ...d.interactions, timestamp } })).not.toBe(base);
    const items = d.items.map((it) => (it.index === 1 ? { ...it, title: 'Beta!' } : it));
    expect(fingerprintDataset({ ...d, items })).not.toBe(base);
    const users = d.users.map((u) => (u.index === 2 ? { ...u, id: 'u31' } : u));
    expect(fingerprintDataset({ ...d, users })).not.toBe(base);
  });

  it('tells a missing rating apart from any number', () => {
    const d = tinyDataset();
    const rating = d.interactions.rating.slice();
    rating[2] = 0; // row 2 had NaN
    expect(fingerprintDataset({ ...d, interactions: { ...d.interactions, rating } })).not.toBe(fingerprintDataset(d));
  });
});
