/**
 * Sequential data augmentation (PAPER.md §2, "sequential"): for each planned set of k items,
 * the LLM picks the one the user interacts with next (the next-item prompt). The answer is
 * stored as k − 1 records of kind 'sequential', (u, picked, other) for every other item of the
 * set: a sequence model reads `pos` as the inserted interaction (and chooses where to insert
 * it, seeded), a BPR model can use the pairs as they are. The confidence is the model's
 * probability of naming the picked item first (src/llm/scoring.ts), or 1 from text alone.
 */
import type { ChatRequest } from '../llm/engine.ts';
import { buildNextItemPrompt, type HistoryEntry, type NextItemPromptInput, type PromptItem, type PromptOptions, type SimilarUserHistory } from '../llm/prompts/index.ts';
import { listwiseScores, SCAN_TOKENS, SCORING_REQUEST } from '../llm/scoring.ts';
import { runAugmentJob, type AugmentJobOptions, type AugmentReport, type QuestionKind } from './augment-job.ts';
import type { UserCandidateSets } from './sequential-sampler.ts';

export interface AugmentSequentialOptions extends AugmentJobOptions {
  plan: readonly UserCandidateSets[];
  /** The user's training interactions, oldest first. */
  history(user: number): readonly HistoryEntry[] | Promise<readonly HistoryEntry[]>;
  item(index: number): PromptItem;
  /** Prompt augmentation: the most similar user's sequence. Omit to leave it out. */
  similarUser?(user: number): SimilarUserHistory | undefined | Promise<SimilarUserHistory | undefined>;
  promptOptions?: Omit<PromptOptions, 'contextWindow'>;
}

export function augmentSequential(options: AugmentSequentialOptions): Promise<AugmentReport> {
  const { engine } = options;
  const kind: QuestionKind<number[]> = {
    kind: 'sequential',
    phase: 'asking the LLM for next items',
    // Sets of one user are disjoint, so any stored (pos, neg) inside the set is its answer.
    isCommitted: (set, stored) => stored.some((r) => r.kind === 'sequential' && set.includes(r.pos) && set.includes(r.neg)),
    async ask(user, set, signal) {
      const input: NextItemPromptInput = { history: await options.history(user), candidates: set.map((i) => options.item(i)) };
      const similar = await options.similarUser?.(user);
      if (similar) input.similarUser = similar;
      const prompt = buildNextItemPrompt(input, { ...options.promptOptions, contextWindow: engine.contextWindow });
      const request: ChatRequest = { messages: prompt.messages, ...SCORING_REQUEST, maxTokens: SCAN_TOKENS };
      if (signal) request.signal = signal;
      const scored = listwiseScores(await engine.chat(request), prompt.candidates);
      if (scored.source === 'none') return null;
      const picked = scored.value.order[0]!;
      return {
        pairs: set.filter((_, j) => j !== picked).map((neg) => ({ pos: set[picked]!, neg })),
        confidence: scored.value.firstProbability[picked] ?? 1,
        promptVersion: prompt.version,
      };
    },
  };
  return runAugmentJob(options.plan.map((p) => ({ user: p.user, questions: p.sets })), kind, options);
}
