import { describe, expect, it } from 'vitest';
import { insertLlmPicks } from '../augment/sequence-insertion.ts';
import type { PickRecord } from '../augment/sequence-insertion.ts';
import { leaveOneOutByTime } from '../data/splits.ts';
import { Random } from '../random.ts';
import { cyclicWalks } from '../../tests/helpers/models/sasrec/cyclic-walks.ts';
import { sasrecTrainingData } from './train-sasrec.ts';
import { sequenceOf, userSequences } from '../models/sasrec/user-sequences.ts';

describe('SASRec training data from augmented sequences', () => {
  const walks = cyclicWalks(5, 30, 8, 1);
  const split = leaveOneOutByTime(walks);
  const dims = { numUsers: 5, numItems: 30 };
  const real = userSequences(walks, split.train, 5);

  it('trains on the inserted items and never draws them as negatives', () => {
    // A stand-in answer (as the scripted test double would store): user 0 "picked" the item half a ring away.
    const far = (sequenceOf(real, 0)[0]! + 15) % 30;
    const pick: PickRecord = { user: 0, pos: far, neg: (far + 1) % 30, kind: 'sequential', modelId: 'test-double/scripted', promptVersion: 'p', createdAt: 1, confidence: 1 };
    const { sequences } = insertLlmPicks(real, [pick], { seed: 2 });
    const data = sasrecTrainingData(walks, split, dims, { maxLen: 20, windows: 'last' }, sequences);
    expect(Array.from(sequenceOf(data.sequences, 0))).toContain(far);
    const w = data.windows.user.indexOf(0);
    expect(data.windows.length[w]).toBe(sequenceOf(real, 0).length); // one transition more than the real 6 − 1
    const rng = new Random(3);
    for (let k = 0; k < 500; k++) expect(data.sampler.sampleNegative(0, rng)).not.toBe(far);
    // Without augmentation the same item is a possible negative.
    const plain = sasrecTrainingData(walks, split, dims, { maxLen: 20, windows: 'last' });
    const drawn = new Set(Array.from({ length: 2000 }, () => plain.sampler.sampleNegative(0, rng)));
    expect(drawn.has(far)).toBe(true);
  });
});
