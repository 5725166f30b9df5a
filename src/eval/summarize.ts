import type { ActivityGroup } from './groups.ts';
import { rankingMetrics, ratingMetrics } from './metrics.ts';

/** One activity group's figures. */
export interface GroupReport extends ActivityGroup {
  metrics: Record<string, number>;
}

export interface Summary {
  overall: Record<string, number>;
  groups: GroupReport[];
}

/**
 * Overall and per-group HR@k / NDCG@k from per-user ranks. Exported so that re-ranked results
 * (LLM re-ranking, the per-user blend) are scored exactly like the conventional model: pass the
 * new ranks with the `group` column and `groups` of the original report.
 */
export function summarizeRanks(
  ranks: Int32Array,
  group: Uint8Array,
  groups: readonly ActivityGroup[],
  ks: readonly number[],
): Summary {
  return summarize(group, groups, (pick) => rankingMetrics(pick(ranks), ks));
}

/** Overall and per-group RMSE / MAE from per-user predictions and true ratings. */
export function summarizeRatings(
  predictions: Float32Array,
  ratings: Float32Array,
  group: Uint8Array,
  groups: readonly ActivityGroup[],
): Summary {
  return summarize(group, groups, (pick) => ratingMetrics(pick(predictions), pick(ratings)));
}

type Pick = <T extends Int32Array | Float32Array>(values: T) => T;

function summarize(
  group: Uint8Array,
  groups: readonly ActivityGroup[],
  metrics: (pick: Pick) => Record<string, number>,
): Summary {
  const overall = metrics((values) => values);
  const members: number[][] = groups.map(() => []);
  for (let k = 0; k < group.length; k++) members[group[k]!]!.push(k);
  const reports = groups.map((g, index) => {
    const positions = members[index]!;
    const pick: Pick = (values) => {
      const out = new (values.constructor as new (n: number) => typeof values)(positions.length);
      for (let p = 0; p < positions.length; p++) out[p] = values[positions[p]!]!;
      return out;
    };
    return { ...g, users: positions.length, metrics: metrics(pick) };
  });
  return { overall, groups: reports };
}
