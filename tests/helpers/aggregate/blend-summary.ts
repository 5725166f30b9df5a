/**
 * Scores blended rankings the way the evaluator scores MF (src/eval/summarize.ts): the held-out
 * item's 0-based rank in each user's blended list, overall and per activity group. A target
 * outside the k' candidates counts as rank k' (a miss for every k ≤ k').
 */
import type { ActivityGroup } from '../../../src/eval/groups.ts';
import { summarizeRanks, type Summary } from '../../../src/eval/summarize.ts';
import { aggregateUsers, type RankWithLlm } from '../../../src/aggregate/aggregate-users.ts';
import type { MfCandidate } from '../../../src/aggregate/blend.ts';

export interface BlendSummaryInput {
  users: Int32Array;
  /** Held-out item per position of `users`. */
  targets: Int32Array;
  group: Uint8Array;
  groups: readonly ActivityGroup[];
  candidates: (user: number) => readonly MfCandidate[];
  alphaOf: (user: number) => number;
  /** null: MF alone (no LLM). */
  rank: RankWithLlm | null;
  ks: readonly number[];
}

export async function blendSummary(input: BlendSummaryInput): Promise<Summary & { calls: number }> {
  const noLlm: RankWithLlm = async () => null;
  const result = await aggregateUsers({
    users: input.users,
    candidates: input.candidates,
    alphaOf: input.rank === null ? () => 0 : input.alphaOf,
    rankWithLlm: input.rank ?? noLlm,
  });
  const ranks = Int32Array.from(result.users, (r, k) => {
    const at = r.items.findIndex((x) => x.item === input.targets[k]);
    return at < 0 ? r.items.length : at;
  });
  return { ...summarizeRanks(ranks, input.group, input.groups, input.ks), calls: result.calls };
}

/** "HR@3 0.0820 NDCG@3 0.0729 …" for a log line. */
export function formatMetrics(m: Record<string, number>, ks: readonly number[]): string {
  return ks.map((k) => `HR@${k} ${m[`HR@${k}`]!.toFixed(4)} NDCG@${k} ${m[`NDCG@${k}`]!.toFixed(4)}`).join(' ');
}
