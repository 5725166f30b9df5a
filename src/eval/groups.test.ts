import { describe, expect, it } from 'vitest';
import { activityGroups } from './groups.ts';

describe('activityGroups', () => {
  it('cuts users into equal-sized quintiles of training interactions', () => {
    // users 0..9 with interactions 5, 1, 9, 3, 7, 2, 10, 4, 8, 6 (each value once)
    const interactions = Int32Array.of(5, 1, 9, 3, 7, 2, 10, 4, 8, 6);
    const users = Int32Array.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    const { groups, groupOf } = activityGroups(users, interactions);
    // sorted by count: 1(u1) 2(u5) | 3(u3) 4(u7) | 5(u0) 6(u9) | 7(u4) 8(u8) | 9(u2) 10(u6)
    expect(groups.map((g) => g.label)).toEqual([
      'Q1 (1–2 interactions)',
      'Q2 (3–4 interactions)',
      'Q3 (5–6 interactions)',
      'Q4 (7–8 interactions)',
      'Q5 (9–10 interactions)',
    ]);
    expect(groups.map((g) => g.users)).toEqual([2, 2, 2, 2, 2]);
    expect(Array.from(groupOf)).toEqual([2, 0, 4, 1, 3, 0, 4, 1, 3, 2]);
  });

  it('breaks ties by user index and sizes groups within one of each other', () => {
    // 7 users, 3 groups: boundaries floor(0·7/3)=0, floor(7/3)=2, floor(14/3)=4, 7 → sizes 2, 2, 3
    // counts: u0 4, u1 4, u2 4, u3 1, u4 4, u5 9, u6 4
    const interactions = Int32Array.of(4, 4, 4, 1, 4, 9, 4);
    const users = Int32Array.of(6, 5, 4, 3, 2, 1, 0); // input order must not matter
    const { groups, groupOf } = activityGroups(users, interactions, 3);
    // sorted: u3(1), u0(4) | u1(4), u2(4) | u4(4), u6(4), u5(9)
    expect(groups.map((g) => [g.label, g.users])).toEqual([
      ['Q1 (1–4 interactions)', 2],
      ['Q2 (4 interactions)', 2],
      ['Q3 (4–9 interactions)', 3],
    ]);
    // positions hold users 6, 5, 4, 3, 2, 1, 0
    expect(Array.from(groupOf)).toEqual([2, 2, 2, 0, 1, 1, 0]);
  });

  it('drops empty groups when there are fewer users than groups', () => {
    const { groups } = activityGroups(Int32Array.of(0, 1), Int32Array.of(1, 3));
    // n = 2, boundaries floor(q·2/5): 0, 0, 0, 1, 1, 2 → Q3 holds u0, Q5 holds u1
    expect(groups.map((g) => g.label)).toEqual(['Q3 (1 interaction)', 'Q5 (3 interactions)']);
  });

  it('rejects a group count outside 1..255', () => {
    expect(() => activityGroups(Int32Array.of(0), Int32Array.of(1), 0)).toThrow(RangeError);
  });
});
