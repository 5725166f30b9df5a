import { describe, expect, it } from 'vitest';
import { gridDataset } from '../../tests/helpers/data/test-dataset.ts';
import { restrictToTopItems } from './top-items.ts';

describe('restrictToTopItems', () => {
  it('keeps the n most-interacted items (lower index on ties), re-indexed in order, with their interactions', () => {
    const data = gridDataset(6, 10, 3);
    const count = new Array<number>(10).fill(0);
    data.interactions.item.forEach((i) => count[i]!++);
    const top = restrictToTopItems(data, 4);
    const expected = Array.from(count.keys()).sort((a, b) => count[b]! - count[a]! || a - b).slice(0, 4).sort((a, b) => a - b);
    expect(top.items.map((i) => i.id)).toEqual(expected.map((i) => `item-${i}`));
    expect(top.items.map((i) => i.index)).toEqual([0, 1, 2, 3]);
    expect(top.interactions.length).toBe(expected.reduce((s, i) => s + count[i]!, 0));
    const pairs = (d: typeof data) => Array.from(d.interactions.user, (u, r) => `${u}:${d.items[d.interactions.item[r]!]!.id}:${d.interactions.rating[r]}`);
    expect(pairs(top)).toEqual(pairs(data).filter((p) => expected.some((i) => p.includes(`:item-${i}:`))));
    expect(top.users).toBe(data.users);
    expect(top.name).toBe('grid, its 4 most-rated items');
    expect(() => restrictToTopItems(data, 0)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });
});
