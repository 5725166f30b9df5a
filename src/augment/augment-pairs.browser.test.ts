// Data augmentation against the real IndexedDB store in headless Chromium: a job cancelled in the
// middle, the database closed and reopened (what a reload does), and the job run again from the
// same seed ends with every planned pair stored exactly once.
import { describe, expect, it } from 'vitest';
import { AbortedError } from '../errors.ts';
import { boundToStored } from '../../tests/helpers/data/bound-to-stored.ts';
import { reopenableStore } from '../../tests/helpers/data/reopenable-store.ts';
import { gridDataset } from '../../tests/helpers/data/test-dataset.ts';
import { ScriptedLlmDouble, type AnswerScript } from '../testing/test-double.ts';
import { augmentPairs } from './augment-pairs.ts';
import { pairAnswerReader } from './pair-answer-reader.ts';
import { pairPromptBuilder } from './pair-prompt-builder.ts';
import { pairKey, planPairs } from './pair-sampler.ts';
import { candidatesInPrompt, titledItem } from '../../tests/helpers/augment/item-titles.ts';

const open = reopenableStore('l4r-augment-test');

describe('augmentPairs with the IndexedDB store', () => {
  it('resumes after a cancel and a reopen without repeating or losing a pair', async () => {
    // 6 users with 1..6 interactions among 40 items; 3 pairs each, at most 14 calls → users 0..4.
    const counts = [1, 2, 3, 4, 5, 6];
    const interacted = (u: number) => new Set(Array.from({ length: counts[u]! }, (_, k) => (u * 5 + k) % 40));
    const plan = () => planPairs({ counts, interacted, numItems: 40, budget: { pairsPerUser: 3, maxCalls: 14 }, seed: 11 });
    const options = {
      buildPrompt: pairPromptBuilder({ history: (u: number) => [...interacted(u)].map((i) => ({ item: titledItem(i), rating: 4 })), item: titledItem, options: { contextWindow: 4096 } }),
      readAnswer: pairAnswerReader((i) => titledItem(i).title),
    };
    // Prefers the lower item number: the stored triples are then predictable.
    const script: AnswerScript = (request) => {
      const c = candidatesInPrompt(request);
      return c.get('A')! < c.get('B')! ? 'A' : 'B';
    };

    // Pairs belong to a dataset (bound-store.ts): one with these 6 users and 40 items.
    const opened = await open();
    await opened.writeDataset(gridDataset(6, 40, 3));
    const first = await boundToStored(opened);
    const controller = new AbortController();
    const engine1 = new ScriptedLlmDouble((request, i) => {
      if (i === 7) controller.abort(); // during user #3's second pair
      return script(request, i);
    });
    await expect(augmentPairs({ engine: engine1, store: first, plan: plan(), ...options, signal: controller.signal })).rejects.toBeInstanceOf(AbortedError);
    expect(await first.countAugmentedPairs()).toBe(6); // users #1 and #2 committed, #3 dropped whole
    opened.close();

    const second = await boundToStored(await open());
    const engine2 = new ScriptedLlmDouble(script);
    const report = await augmentPairs({ engine: engine2, store: second, plan: plan(), ...options });
    expect(report).toMatchObject({ planned: 14, alreadyCommitted: 6, calls: 8, committed: 8, unanswered: 0 });

    const stored = await second.listAugmentedPairs();
    const planned = plan().flatMap((p) => p.pairs.map(([a, b]) => pairKey(p.user, a, b)));
    expect(stored.map((r) => pairKey(r.user, r.pos, r.neg)).sort()).toEqual([...planned].sort());
    expect(stored.every((r) => r.pos < r.neg && r.kind === 'pair' && r.modelId === 'test-double/scripted')).toBe(true);
  });
});
