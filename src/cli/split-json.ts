/** A split as plain JSON (0-based user and item indices), for tools outside TypeScript (bench/reference_bpr.py). */
import type { Dataset, Split } from '../data/types.ts';

export interface SplitJson {
  dataset: string;
  numUsers: number;
  numItems: number;
  train: { user: number[]; item: number[] };
  validation: { user: number[]; item: number[] };
  test: { user: number[]; item: number[] };
}

export function splitJson(dataset: Dataset, split: Split): SplitJson {
  const t = dataset.interactions;
  const part = (rows: Int32Array) => ({ user: Array.from(rows, (r) => t.user[r]!), item: Array.from(rows, (r) => t.item[r]!) });
  return {
    dataset: dataset.name,
    numUsers: dataset.users.length,
    numItems: dataset.items.length,
    train: part(split.train),
    validation: part(split.validation),
    test: part(split.test),
  };
}
