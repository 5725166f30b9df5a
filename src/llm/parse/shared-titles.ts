/**
 * Deciding between candidates that share a title. A mention of "Emma (1996)" when C and D are
 * both called that goes, in this order, to:
 *  1. the one whose genres or id the answer repeated next to the title (answer-details.ts);
 *  2. otherwise the first of them the answer names nowhere else, so "Emma (1996), Emma (1996)"
 *     ranks C then D, and "C, Emma (1996)" means D. Such a mention is marked 'ambiguous' and
 *     noted: a ranking keeps it (one of the two was put there), a choice does not (parse-choice.ts).
 * A label always names its own candidate; that needs nothing here.
 */
import { pickByDetails, type EchoedDetail } from './answer-details.ts';
import type { Mention } from './mentions.ts';
import type { CandidateRef } from './parse-result.ts';

/** A mention before deciding: the candidates it fits (none: not a candidate) and the fields repeated with it. */
export interface PendingMention {
  options: number[];
  how: Exclude<Mention['how'], 'ambiguous'>;
  raw: string;
  details: EchoedDetail[];
}

export function resolveMentions(pending: readonly PendingMention[], candidates: readonly CandidateRef[], notes: string[]): Mention[] {
  const label = (i: number) => candidates[i]?.label ?? String(i);
  const decided = pending.map((p) => (p.options.length === 1 ? (p.options[0] as number) : p.options.length > 1 ? pickByDetails(p.options, p.details, candidates) : null));
  const named = new Set(decided.filter((i): i is number => i !== null));
  const takenByOrder = new Set<number>();
  return pending.map((p, k) => {
    const chosen = decided[k] ?? null;
    if (chosen !== null) return { candidate: chosen, how: p.how, raw: p.raw };
    if (p.options.length === 0) return { candidate: null, how: 'unknown', raw: p.raw };
    const pick =
      p.options.find((i) => !named.has(i) && !takenByOrder.has(i)) ?? p.options.find((i) => !takenByOrder.has(i)) ?? (p.options[0] as number);
    takenByOrder.add(pick);
    notes.push(`"${p.raw.slice(0, 60)}" is the title of ${p.options.map(label).join(' and ')}; took ${label(pick)}`);
    return { candidate: pick, how: 'ambiguous', raw: p.raw };
  });
}
