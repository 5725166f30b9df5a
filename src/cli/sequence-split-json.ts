/**
 * A split as plain JSON for tools outside TypeScript (bench/reference_sasrec.py), with each part's
 * rows grouped by user IN TIME ORDER: a sequence model reads them in that order. (split-json.ts
 * lists rows in table order, which for MovieLens files is by item, not time.) Same shape as
 * `SplitJson`, so `tableFromSplitJson` reads it back with the row order as time.
 */
import type { Dataset, Split } from '../data/types.ts';
import { userSequences } from '../models/sasrec/user-sequences.ts';
import type { SplitJson } from './split-json.ts';

export function sequenceSplitJson(dataset: Dataset, split: Split): SplitJson {
  const numUsers = dataset.users.length;
  const part = (rows: Int32Array) => {
    const s = userSequences(dataset.interactions, rows, numUsers);
    const user: number[] = [];
    for (let u = 0; u < numUsers; u++) for (let k = s.offsets[u]!; k < s.offsets[u + 1]!; k++) user.push(u);
    return { user, item: Array.from(s.items) };
  };
  return {
    dataset: dataset.name,
    numUsers,
    numItems: dataset.items.length,
    train: part(split.train),
    validation: part(split.validation),
    test: part(split.test),
  };
}
