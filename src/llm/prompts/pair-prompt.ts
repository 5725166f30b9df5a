/**
 * Pairwise preference for data augmentation, after RecRanker's pairwise prompt: the user's
 * liked items (rating ≥ 4, up to 50) and disliked items (rating < 3, up to 10), two candidates
 * A and B, and optionally the conventional model's preference. The answer becomes a BPR triple
 * (u, i+, i-).
 */
import type { PromptItem } from './item-text.ts';
import { candidateList } from './candidate-list.ts';
import {
  builtPrompt,
  historyHeading,
  historyLines,
  nouns,
  systemMessage,
  type BuiltPrompt,
  type HistoryEntry,
  type PromptOptions,
  type SimilarUserHistory,
} from './sections.ts';
import { fitToBudget, mostRecent } from './token-budget.ts';

export const LIKED_MIN_RATING = 4;
export const DISLIKED_BELOW_RATING = 3;
export const MAX_LIKED = 50;
export const MAX_DISLIKED = 10;

export interface PairPromptInput {
  /** The user's rated interactions, oldest first; split into liked / disliked here. */
  history: readonly HistoryEntry[];
  itemA: PromptItem;
  itemB: PromptItem;
  /** The similar user's rated interactions; only their liked items are shown. */
  similarUser?: SimilarUserHistory;
  /** Which of the two the conventional model scores higher: 'A' = itemA, 'B' = itemB (shown by their labels). */
  conventionalPreferred?: 'A' | 'B';
}

/** Liked (≥ 4) and disliked (< 3) entries, each capped to its most recent ones. Unrated entries are neither. */
export function likedAndDisliked(history: readonly HistoryEntry[]): { liked: HistoryEntry[]; disliked: HistoryEntry[] } {
  const rated = history.filter((entry) => typeof entry.rating === 'number' && Number.isFinite(entry.rating));
  return {
    liked: mostRecent(rated.filter((entry) => (entry.rating as number) >= LIKED_MIN_RATING), MAX_LIKED),
    disliked: mostRecent(rated.filter((entry) => (entry.rating as number) < DISLIKED_BELOW_RATING), MAX_DISLIKED),
  };
}

export function buildPairPrompt(input: PairPromptInput, options: PromptOptions): BuiltPrompt {
  const { many } = nouns(options);
  const shown = candidateList([input.itemA, input.itemB], many);
  // A and B unless a title could be read as one of them ("A (2000)"): then the next free letters.
  const [first, second] = shown.labels as [string, string];
  const system = systemMessage(options, `Answer with ${first} or ${second} and nothing else.`);
  const { liked, disliked } = likedAndDisliked(input.history);
  const similarLiked = input.similarUser ? likedAndDisliked(input.similarUser.history).liked : [];
  // Ratings are implied by the headings, so the lists show titles only.
  const titlesOnly = (entries: HistoryEntry[]) => entries.map((entry) => ({ item: entry.item }));
  const render = (keep: number) => {
    const keptLiked = mostRecent(liked, keep);
    const keptDisliked = mostRecent(disliked, keep);
    const lines = [
      `Which of two ${many} would the user prefer, based on the ${many} the user liked and disliked?`,
      '',
      historyHeading(`Liked, rated ${LIKED_MIN_RATING} or higher`, keptLiked.length, liked.length),
      ...historyLines(titlesOnly(keptLiked)),
      '',
      historyHeading(`Disliked, rated below ${DISLIKED_BELOW_RATING}`, keptDisliked.length, disliked.length),
      ...historyLines(titlesOnly(keptDisliked)),
    ];
    if (input.similarUser) {
      const theirs = mostRecent(similarLiked, keep);
      lines.push('', historyHeading("Most similar user's liked", theirs.length, similarLiked.length), ...historyLines(titlesOnly(theirs)));
    }
    if (input.conventionalPreferred) lines.push('', `Conventional model's preference: ${input.conventionalPreferred === 'A' ? first : second}`);
    lines.push('', ...shown.lines, ...shown.notes, '', `Answer ${first} or ${second}.`);
    return [system, { role: 'user' as const, content: lines.join('\n') }];
  };
  const fitted = fitToBudget(render, Math.max(liked.length, disliked.length, similarLiked.length), options);
  return builtPrompt('pair', fitted, shown.refs, {
    history: Math.min(fitted.keep, liked.length) + Math.min(fitted.keep, disliked.length),
    // Here "given" means eligible to be shown: liked/disliked after the 50/10 caps.
    historyGiven: liked.length + disliked.length,
    similarUser: Math.min(fitted.keep, similarLiked.length),
    similarUserGiven: similarLiked.length,
  });
}
