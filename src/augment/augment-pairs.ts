/**
 * Pairwise data augmentation (LLM → MF, PAPER.md §2 "direct recommendation"): for each planned
 * (user, A, B) the LLM says which item the user prefers, and the answer becomes a BPR triple
 * (u, i+, i−) with provenance. The job mechanics (resume, commit per user, pause, cancel, time
 * budget, progress) are augment-job.ts; a pair counts as done when the store holds it (kind
 * 'pair') in either order, from any model.
 */
import type { ChatRequest, ChatResponse } from '../llm/engine.ts';
import type { BuiltPrompt } from '../llm/prompts/index.ts';
import { SCAN_TOKENS, SCORING_REQUEST } from '../llm/scoring.ts';
import { runAugmentJob, type AugmentJobOptions, type AugmentReport, type QuestionKind } from './augment-job.ts';
import { pairKey, type ItemPair, type UserPairPlan } from './pair-sampler.ts';

/** What the LLM's answer to a pair prompt means: the preferred label and how sure it was (0..1). */
export interface PairVerdict {
  choice: 'A' | 'B';
  confidence: number;
}

/** Builds the pairwise prompt for a user and the pair (A = pair[0], B = pair[1]). */
export type BuildPairPrompt = (user: number, pair: ItemPair) => BuiltPrompt | Promise<BuiltPrompt>;

/** Reads a verdict from the answer; null when the answer says neither (it is then skipped, not guessed). */
export type ReadPairAnswer = (prompt: BuiltPrompt, response: ChatResponse, pair: ItemPair) => PairVerdict | null;

export interface AugmentPairsOptions extends AugmentJobOptions {
  plan: readonly UserPairPlan[];
  buildPrompt: BuildPairPrompt;
  readAnswer: ReadPairAnswer;
  /** Overrides for each chat request (default `DEFAULT_PAIR_CHAT`). */
  chat?: Pick<ChatRequest, 'maxTokens' | 'temperature' | 'topLogprobs'>;
}

/**
 * The scoring request (temperature 1, top-5 logprobs) so the confidence is the model's own
 * probability of its choice rather than a degenerate 0/1; a few tokens cover "Answer: B".
 */
export const DEFAULT_PAIR_CHAT = { ...SCORING_REQUEST, maxTokens: SCAN_TOKENS } as const;

export function augmentPairs(options: AugmentPairsOptions): Promise<AugmentReport> {
  const chat = { ...DEFAULT_PAIR_CHAT, ...options.chat };
  const kind: QuestionKind<ItemPair> = {
    kind: 'pair',
    phase: 'asking the LLM about item pairs',
    isCommitted: ([a, b], stored) => stored.some((r) => r.kind === 'pair' && pairKey(r.user, r.pos, r.neg) === pairKey(r.user, a, b)),
    async ask(user, pair, signal) {
      const prompt = await options.buildPrompt(user, pair);
      const request: ChatRequest = { messages: prompt.messages, ...chat };
      if (signal) request.signal = signal;
      const verdict = options.readAnswer(prompt, await options.engine.chat(request), pair);
      if (verdict === null) return null;
      const [pos, neg] = verdict.choice === 'A' ? pair : [pair[1], pair[0]];
      return { pairs: [{ pos, neg }], confidence: verdict.confidence, promptVersion: prompt.version };
    },
  };
  return runAugmentJob(options.plan.map((p) => ({ user: p.user, questions: p.pairs })), kind, options);
}
