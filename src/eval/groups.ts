/**
 * User-activity groups: the evaluated users split into quantiles (quintiles by default) of their
 * number of training interactions, because Llama4Rec's gains are expected at the long tail (few
 * interactions) and the per-group figures show whether they are.
 *
 * Boundaries: users are sorted by (training interactions ascending, user index ascending) and cut
 * into `count` contiguous runs whose sizes differ by at most one: group g holds sorted positions
 * [floor(g·n/count), floor((g+1)·n/count)). Equal sizes keep every group's mean equally noisy; the
 * price is that users with the same count can straddle two neighbouring groups (their labels then
 * share an endpoint, e.g. "Q1 (16–20 interactions)" and "Q2 (20–27 interactions)"), always split
 * by user index so reruns agree. Empty groups (fewer users than groups) are dropped.
 */

export interface ActivityGroup {
  /** 0-based quantile index (0 = least active); labels count from 1. */
  quantile: number;
  /** e.g. "Q1 (1–20 interactions)". */
  label: string;
  minInteractions: number;
  maxInteractions: number;
  /** Number of users in the group. */
  users: number;
}

export interface ActivityGrouping {
  groups: ActivityGroup[];
  /** For each position of the input `users`, the index into `groups`. */
  groupOf: Uint8Array;
}

/**
 * Groups `users` (user indices; each at most once) by `interactions[user]`.
 * `count` must be an integer between 1 and 255.
 */
export function activityGroups(users: Int32Array, interactions: Int32Array, count = 5): ActivityGrouping {
  if (!Number.isInteger(count) || count < 1 || count > 255) {
    throw new RangeError(`group count must be an integer from 1 to 255, got ${count}`);
  }
  const n = users.length;
  const order = Array.from({ length: n }, (_, p) => p);
  order.sort((a, b) => {
    const ua = users[a]!;
    const ub = users[b]!;
    return interactions[ua]! - interactions[ub]! || ua - ub;
  });
  const groups: ActivityGroup[] = [];
  const groupOf = new Uint8Array(n);
  for (let q = 0; q < count; q++) {
    const start = Math.floor((q * n) / count);
    const end = Math.floor(((q + 1) * n) / count);
    if (end === start) continue;
    const min = interactions[users[order[start]!]!]!;
    const max = interactions[users[order[end - 1]!]!]!;
    for (let s = start; s < end; s++) groupOf[order[s]!] = groups.length;
    groups.push({ quantile: q, label: groupLabel(q, min, max), minInteractions: min, maxInteractions: max, users: end - start });
  }
  return { groups, groupOf };
}

function groupLabel(quantile: number, min: number, max: number): string {
  const range = min === max ? `${min}` : `${min}–${max}`;
  return `Q${quantile + 1} (${range} interaction${max === 1 ? '' : 's'})`;
}
