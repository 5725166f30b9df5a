/**
 * The candidates of a prompt: their labels (never one a candidate's title could be read as),
 * their lines `[A] "Heat (1995)" "Action|Crime"`, and what the answer parser needs to map
 * an answer back to them (`CandidateRef`s). Candidates that share a title (ml-latest-small has
 * five such pairs, e.g. two "Emma (1996)") would otherwise differ only by label: each of them
 * also shows its item id, and a note line says which labels are different items of one title.
 */
import type { CandidateRef } from '../parse/parse-result.ts';
import { cleanTitle, describeItem, shownGenres, shownId, shownYear, type PromptItem } from './item-text.ts';
import { labelsAvoidingTitles } from './labels.ts';

export interface CandidateList {
  labels: string[];
  /** One line per candidate, in candidate order. */
  lines: string[];
  /** "Note: C and D are different movies with the same title." lines, one per shared title; often none. */
  notes: string[];
  refs: CandidateRef[];
}

/** What two candidates must share to print alike: the title and the year shown beside it (case aside). */
function titleKey(item: PromptItem): string {
  return `${cleanTitle(item.title).toLowerCase()}\u0000${shownYear(item) ?? ''}`;
}

/** Groups of candidate indices that share a title, in order of first appearance; singletons left out. */
export function sharedTitleGroups(items: readonly PromptItem[]): number[][] {
  const byKey = new Map<string, number[]>();
  items.forEach((item, index) => {
    const key = titleKey(item);
    const group = byKey.get(key);
    if (group) group.push(index);
    else byKey.set(key, [index]);
  });
  return [...byKey.values()].filter((group) => group.length > 1);
}

function joinLabels(labels: readonly string[]): string {
  return labels.length <= 2 ? labels.join(' and ') : `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;
}

/** `many` is the plural item noun ("movies"). */
export function candidateList(items: readonly PromptItem[], many: string): CandidateList {
  const labels = labelsAvoidingTitles(items.map((item) => item.title));
  const groups = sharedTitleGroups(items);
  const shared = new Set(groups.flat());
  const lines = items.map((item, i) => `[${labels[i]}] ${describeItem(item, { withId: shared.has(i) })}`);
  const notes = groups.map((group) => `Note: ${joinLabels(group.map((i) => labels[i] as string))} are different ${many} with the same title.`);
  const refs = items.map((item, i) => {
    const ref: CandidateRef = { label: labels[i] as string, title: item.title, genres: shownGenres(item) };
    const id = shared.has(i) ? shownId(item) : undefined;
    if (id !== undefined) ref.id = id;
    return ref;
  });
  return { labels, lines, notes, refs };
}
