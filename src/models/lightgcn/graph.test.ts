import { describe, expect, it } from 'vitest';
import { graphEdges, normalizedGraph } from './graph.ts';

describe('the normalised user–item graph', () => {
  // 2 users, 3 items: u0–i0, u0–i1, u1–i1 (and a repeated u0–i0 row). Degrees: u0 2, u1 1, i0 1, i1 2, i2 0.
  const table = { user: Int32Array.of(0, 0, 1, 0), item: Int32Array.of(0, 1, 1, 0) };

  it('keeps each distinct interaction once', () => {
    const edges = graphEdges(table, Int32Array.of(0, 1, 2, 3), 2, 3);
    expect(Array.from(edges.user)).toEqual([0, 0, 1]);
    expect(Array.from(edges.item)).toEqual([0, 1, 1]);
  });

  it('weights each edge 1/√(d_u d_i), symmetrically, with an empty row for an item nobody saw', () => {
    const g = normalizedGraph(graphEdges(table, Int32Array.of(0, 1, 2, 3), 2, 3), 2, 3);
    expect(g.nodes).toBe(5);
    expect(Array.from(g.rowPtr)).toEqual([0, 2, 3, 4, 6, 6]);
    // Row u0 → nodes 2 (i0), 3 (i1); u1 → 3; i0 → 0; i1 → 0, 1.
    expect(Array.from(g.col)).toEqual([2, 3, 3, 0, 0, 1]);
    const expected = [1 / Math.sqrt(2 * 1), 1 / Math.sqrt(2 * 2), 1 / Math.sqrt(1 * 2), 1 / Math.sqrt(1 * 2), 1 / Math.sqrt(2 * 2), 1 / Math.sqrt(2 * 1)];
    Array.from(g.value).forEach((v, k) => expect(v).toBeCloseTo(expected[k]!, 6));
  });

  it('rejects an interaction outside the users or items it is told about', () => {
    expect(() => graphEdges(table, Int32Array.of(0, 1, 2), 1, 3)).toThrow(expect.objectContaining({ code: 'UNKNOWN_USER' }));
    expect(() => normalizedGraph({ user: Int32Array.of(0), item: Int32Array.of(7) }, 2, 3)).toThrow(expect.objectContaining({ code: 'UNKNOWN_ITEM' }));
  });
});
