/**
 * The frame shared by the prompts built around the user's history (rank, next item, rating,
 * pointwise): a question, the user's history and — as prompt augmentation — the most similar
 * user's, then the task's own lines. Both histories are cut to the same `keep` most recent
 * entries, the largest `keep` that fits the context window. (The pair prompt lists liked and
 * disliked items instead, so it has its own frame.)
 */
import type { ChatMessage } from '../engine.ts';
import type { CandidateRef } from '../parse/parse-result.ts';
import {
  builtPrompt,
  historyHeading,
  historyLines,
  type BuiltPrompt,
  type HistoryEntry,
  type PromptOptions,
  type PromptTask,
  type SimilarUserHistory,
} from './sections.ts';
import { fitToBudget, mostRecent } from './token-budget.ts';

export interface HistoryPromptInput {
  /** The user's interactions, oldest first. */
  history: readonly HistoryEntry[];
  similarUser?: SimilarUserHistory;
}

export interface HistoryPromptParts {
  system: ChatMessage;
  /** The first line of the user message. */
  question: string;
  /** Section names, e.g. 'Interaction history' and "Most similar user's history". */
  ownHeading: string;
  similarHeading: string;
  /** Order note of both headings (default 'oldest first') and the line style of historyLines. */
  order?: string;
  style?: 'list' | 'colon';
  /** Lines after the histories (hints, candidates, the answer instruction); the same for every `keep`. */
  tail: readonly string[];
  /** The candidates as the tail shows them (none for one-item prompts). */
  candidates: CandidateRef[];
}

export function buildHistoryPrompt(task: PromptTask, input: HistoryPromptInput, parts: HistoryPromptParts, options: PromptOptions): BuiltPrompt {
  const similar = input.similarUser?.history ?? [];
  const section = (name: string, kept: HistoryEntry[], given: number) => [
    historyHeading(name, kept.length, given, parts.order),
    ...historyLines(kept, parts.style),
  ];
  const render = (keep: number) => {
    const lines = [parts.question, '', ...section(parts.ownHeading, mostRecent(input.history, keep), input.history.length)];
    if (input.similarUser) lines.push('', ...section(parts.similarHeading, mostRecent(similar, keep), similar.length));
    lines.push(...parts.tail);
    return [parts.system, { role: 'user' as const, content: lines.join('\n') }];
  };
  const fitted = fitToBudget(render, Math.max(input.history.length, similar.length), options);
  return builtPrompt(task, fitted, parts.candidates, {
    history: Math.min(fitted.keep, input.history.length),
    historyGiven: input.history.length,
    similarUser: Math.min(fitted.keep, similar.length),
    similarUserGiven: similar.length,
  });
}
