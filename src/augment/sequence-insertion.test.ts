import { describe, expect, it } from 'vitest';
import type { PickRecord } from './sequence-insertion.ts';
import { ScriptedLlmDouble, type AnswerScript } from '../testing/test-double.ts';
import { augmentSequential } from './augment-sequential.ts';
import { insertLlmPicks, type Sequences } from './sequence-insertion.ts';
import { planCandidateSets } from './sequential-sampler.ts';
import { MemoryPairStore } from '../../tests/helpers/augment/memory-pair-store.ts';
import { candidatesInPrompt, titledItem } from '../../tests/helpers/augment/item-titles.ts';

/** Users 0..2: 0 has items 1, 2, 3; 1 has 4; 2 has none. */
const SEQUENCES: Sequences = { offsets: Int32Array.of(0, 3, 4, 4), items: Int32Array.of(1, 2, 3, 4) };
const of = (s: Sequences, u: number) => Array.from(s.items.subarray(s.offsets[u]!, s.offsets[u + 1]!));

const record = (user: number, pos: number, neg: number, extra: Partial<PickRecord> = {}): PickRecord => ({
  user, pos, neg, kind: 'sequential', modelId: 'test-double/scripted', promptVersion: 'p1', createdAt: 5, confidence: 1, ...extra,
});

describe('insertLlmPicks', () => {
  it('inserts each picked item once at a seeded position, keeps the rest in order, and records provenance', () => {
    const records = [record(0, 9, 7, { id: 11 }), record(0, 9, 8, { id: 12 }), record(0, 6, 5, { id: 13, confidence: 0.8 }), record(2, 8, 7, { id: 14 })];
    const { sequences, insertions } = insertLlmPicks(SEQUENCES, records, { seed: 1 });
    const user0 = of(sequences, 0);
    expect(user0).toHaveLength(5);
    expect(user0.filter((i) => i <= 3)).toEqual([1, 2, 3]);
    expect(of(sequences, 1)).toEqual([4]);
    expect(of(sequences, 2)).toEqual([8]);
    for (const ins of insertions) expect(of(sequences, ins.user)[ins.position]).toBe(ins.item);
    expect(insertions.find((i) => i.item === 9)).toMatchObject({ user: 0, modelId: 'test-double/scripted', promptVersion: 'p1', createdAt: 5, confidence: 1, recordIds: [11, 12] });
    expect(insertions.find((i) => i.item === 6)).toMatchObject({ confidence: 0.8, recordIds: [13] });
    // The input is untouched.
    expect(of(SEQUENCES, 0)).toEqual([1, 2, 3]);
  });

  it('is deterministic whatever the record order, and the seed moves the positions', () => {
    const records = [record(0, 9, 7), record(0, 6, 5), record(0, 12, 5), record(1, 10, 11)];
    const a = insertLlmPicks(SEQUENCES, records, { seed: 3 });
    const b = insertLlmPicks(SEQUENCES, [...records].reverse(), { seed: 3 });
    expect(Array.from(b.sequences.items)).toEqual(Array.from(a.sequences.items));
    const positions = new Set(Array.from({ length: 12 }, (_, seed) => insertLlmPicks(SEQUENCES, records, { seed }).insertions.map((i) => i.position).join()));
    expect(positions.size).toBeGreaterThan(1);
  });

  it('skips pair records, items the user has, unsure answers and other models, as asked', () => {
    const records = [record(0, 2, 7), record(0, 9, 7, { kind: 'pair' }), record(0, 6, 5, { confidence: 0.4 }), record(1, 10, 5, { modelId: 'other' })];
    expect(insertLlmPicks(SEQUENCES, records, { seed: 1 }).insertions.map((i) => i.item)).toEqual(expect.arrayContaining([6, 10]));
    const strict = insertLlmPicks(SEQUENCES, records, { seed: 1, minConfidence: 0.5, modelId: 'test-double/scripted' });
    expect(strict.insertions).toEqual([]);
    expect(Array.from(strict.sequences.items)).toEqual(Array.from(SEQUENCES.items));
  });

  it('refuses records of users the sequences do not have, and a bad confidence floor', () => {
    expect(() => insertLlmPicks(SEQUENCES, [record(3, 1, 2)], { seed: 1 })).toThrow(/user 3, outside 0..2/);
    expect(() => insertLlmPicks(SEQUENCES, [], { seed: 1, minConfidence: 2 })).toThrow(/between 0 and 1/);
  });
});

describe('sequential augmentation end to end, with the scripted LLM test double', () => {
  /** The double picks the lowest-numbered candidate. */
  const lowest: AnswerScript = (request) => [...candidatesInPrompt(request)].sort((a, b) => a[1] - b[1])[0]![0];

  it('plans k un-interacted items per user (long tail first), stores the picks, inserts them; a rerun asks nothing again', async () => {
    const interacted = (u: number) => new Set(of(SEQUENCES, u));
    const plan = planCandidateSets({
      counts: [3, 1, 0],
      interacted,
      numItems: 20,
      budget: { setsPerUser: 2, setSize: 3, maxCalls: 10 },
      seed: 4,
    });
    // The user with one interaction comes before the user with three; the one with none is left out.
    expect(plan.map((p) => p.user)).toEqual([1, 0]);
    for (const p of plan) for (const set of p.sets) for (const item of set) expect(interacted(p.user).has(item)).toBe(false);

    const store = new MemoryPairStore();
    const engine = new ScriptedLlmDouble(lowest);
    const job = () => augmentSequential({ engine, store, plan, history: (u) => of(SEQUENCES, u).map((i) => ({ item: titledItem(i) })), item: titledItem, now: () => 42 });
    await job();
    expect(engine.requests).toHaveLength(4);
    const { sequences, insertions } = insertLlmPicks(SEQUENCES, await store.listAugmentedPairs(), { seed: 9 });
    const picked = plan.flatMap((p) => p.sets.map((set) => ({ user: p.user, item: Math.min(...set) })));
    for (const { user, item } of picked) {
      expect(of(sequences, user)).toContain(item);
      expect(insertions).toContainEqual(expect.objectContaining({ user, item, modelId: 'test-double/scripted', createdAt: 42, confidence: 1 }));
    }
    expect(of(sequences, 0)).toHaveLength(3 + 2);
    expect(of(sequences, 1)).toHaveLength(1 + 2);

    await job();
    expect(engine.requests).toHaveLength(4);
    expect(Array.from(insertLlmPicks(SEQUENCES, await store.listAugmentedPairs(), { seed: 9 }).sequences.items)).toEqual(Array.from(sequences.items));
  });
});
