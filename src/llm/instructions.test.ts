import { describe, expect, it } from 'vitest';
import type { Dataset } from '../data/types.ts';
import { leaveOneOutByTime } from '../data/splits.ts';
import { buildInstructions, toJsonl } from './instructions.ts';

/**
 * 4 users over 20 items ("Film 0" … "Film 19"). User 0: items 0–7 in time order, ratings
 * 1..5 cycling; user 1: items 8–13; user 2: only 2 interactions (dropped); user 3: items 14–19
 * without ratings is not possible in one table, so ratings are NaN for user 3 (implicit rows).
 * Leave-one-out: user 0's test item is 7, validation 6; user 1's test 13, validation 12.
 */
function dataset(): Dataset {
  const rows: [number, number, number, number][] = [];
  for (let i = 0; i <= 7; i++) rows.push([0, i, (i % 5) + 1, 100 + i]);
  for (let i = 8; i <= 13; i++) rows.push([1, i, i % 2 === 0 ? 4.5 : 2.5, 200 + i]);
  rows.push([2, 0, 4, 50], [2, 1, 3, 60]);
  for (let i = 14; i <= 19; i++) rows.push([3, i, Number.NaN, 300 + i]);
  // Scramble the row order: the export must sort by time itself.
  rows.reverse();
  return {
    name: 'synthetic',
    format: 'generic-csv',
    users: [0, 1, 2, 3].map((index) => ({ index, id: `u${index}` })),
    items: Array.from({ length: 20 }, (_, index) => ({ index, id: `i${index}`, title: `Film ${index}`, genres: [] })),
    interactions: {
      length: rows.length,
      user: Int32Array.from(rows.map((r) => r[0])),
      item: Int32Array.from(rows.map((r) => r[1])),
      rating: Float32Array.from(rows.map((r) => r[2])),
      timestamp: Float64Array.from(rows.map((r) => r[3])),
    },
  };
}

const heldOut = ['"Film 6"', '"Film 7"', '"Film 12"', '"Film 13"', '"Film 18"', '"Film 19"'];

describe('buildInstructions', () => {
  const data = dataset();
  const set = buildInstructions(data, leaveOneOutByTime(data.interactions), { perTask: 30, seed: 7, candidates: 5, k: 2, minHistory: 1 });

  it('drops users with fewer than 3 interactions and never shows them', () => {
    expect(set.stats).toMatchObject({ users: 4, eligibleUsers: 3, droppedUsers: 1 });
  });

  it('never shows a validation or test item, in any field', () => {
    const text = toJsonl(set.records.map((r) => r.record));
    for (const title of heldOut) expect(text).not.toContain(title);
  });

  it('ranking outputs name the positives, highest rating first, by their labels', () => {
    const rank = set.records.filter((r) => r.task === 'rank');
    expect(rank.length).toBeGreaterThan(5);
    for (const { record } of rank) {
      const labels = record.output.split(', ');
      expect(labels).toHaveLength(2);
      const titles = labels.map((label) => {
        const line = record.input.split('\n').find((l) => l.startsWith(`[${label}] `));
        return Number(/"Film (\d+)"/.exec(line ?? '')?.[1]);
      });
      // Positives are consecutive training items of one user; history is everything before them.
      const history = [...record.input.matchAll(/^- "Film (\d+)"/gm)].map((m) => Number(m[1]));
      const first = Math.min(...titles);
      expect(Math.max(...titles)).toBe(first + 1);
      expect(history.at(-1)).toBe(first - 1);
      // User 0 rates item i as (i % 5) + 1; user 1 rates even items 4.5; user 3 is unrated (chronological).
      const rating = (i: number) => (i <= 7 ? (i % 5) + 1 : i <= 13 ? (i % 2 === 0 ? 4.5 : 2.5) : 0);
      if (first >= 14) expect(titles).toEqual([first, first + 1]);
      else expect(rating(titles[0] as number)).toBeGreaterThanOrEqual(rating(titles[1] as number));
      expect(record.instruction).toContain('Answer with candidate labels only');
    }
  });

  it('rating outputs are the target rating rounded to 1–5, only for rated users', () => {
    const rating = set.records.filter((r) => r.task === 'rating');
    expect(rating.length).toBeGreaterThan(5);
    for (const { record } of rating) {
      const target = Number(/Target movie: "Film (\d+)"/.exec(record.input)?.[1]);
      expect(target).toBeLessThan(14);
      const expected = target <= 7 ? (target % 5) + 1 : target % 2 === 0 ? 5 : 3; // 4.5 → 5, 2.5 → 3
      expect(record.output).toBe(String(expected));
    }
  });

  it('is reproducible from the seed', () => {
    const again = buildInstructions(data, leaveOneOutByTime(data.interactions), { perTask: 30, seed: 7, candidates: 5, k: 2, minHistory: 1 });
    expect(toJsonl(again.records.map((r) => r.record))).toBe(toJsonl(set.records.map((r) => r.record)));
  });

  it('writes the common instruction format, one object per line', () => {
    const lines = toJsonl(set.records.map((r) => r.record)).trimEnd().split('\n');
    expect(lines).toHaveLength(set.records.length);
    expect(Object.keys(JSON.parse(lines[0] as string))).toEqual(['instruction', 'input', 'output']);
  });
});

describe('minHistory', () => {
  it('starts samples after at least that many history entries when the user has them', () => {
    const data = dataset();
    const set = buildInstructions(data, leaveOneOutByTime(data.interactions), { perTask: 30, seed: 3, candidates: 5, k: 2, minHistory: 3 });
    // Only user 0 has enough training rows (6) for 3 history entries before k = 2 positives.
    const user0 = set.records.filter(({ record }) => /^(?:- )?"Film 0"/m.test(record.input));
    expect(user0.length).toBeGreaterThan(0);
    for (const { record } of user0) {
      const entries = [...record.input.matchAll(/^(?:- )?"Film \d+"/gm)].length;
      expect(entries).toBeGreaterThanOrEqual(3);
    }
  });
});
