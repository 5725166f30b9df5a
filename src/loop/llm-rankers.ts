/**
 * LLM re-ranking of MF's top-k' (PAPER.md §4), as `RankWithLlm` ports for aggregate-users.ts:
 *  - listwise: one call per user; the model names its top P candidates by label, best first;
 *  - pointwise (the paper's): one rating prompt per candidate (k' calls per user); the LLM
 *    predicts the user's rating of each (the expected rating over the digit tokens,
 *    src/llm/scoring.ts), and candidates are ordered by it;
 *  - pointwise yes/no: one "will the user like it? Yes/No" prompt per candidate, ordered by P(Yes).
 * Both can carry prompt augmentation (MF → LLM), each part switchable for ablation: the most
 * similar user's history and MF's own ranking of the candidates. The 'next' task (SASRec's top-k′)
 * is re-ranked listwise with the next-item question instead (`question: 'next'`).
 *
 * The listwise prompt shows the candidates in an order shuffled per (seed, user), not in MF
 * order: LLMs favour early positions, and listing MF's order would let that bias pass for
 * agreement with MF. MF's ranking, when switched on, is stated separately as the paper does.
 */
import type { ChatRequest, LlmEngine } from '../llm/engine.ts';
import { parseRanking } from '../llm/parse/index.ts';
import {
  buildNextItemPrompt,
  buildPointwisePrompt,
  buildRankPrompt,
  buildRatingPrompt,
  type HistoryEntry,
  type PointwisePromptInput,
  type PromptItem,
  type BuiltPrompt,
  type NextItemPromptInput,
  type PromptOptions,
  type RankPromptInput,
  type RatingPromptInput,
  type SimilarUserHistory,
} from '../llm/prompts/index.ts';
import { expectedRating, SCAN_TOKENS, SCORING_REQUEST, yesProbability, type Scored } from '../llm/scoring.ts';
import { userRandom } from '../augment/user-random.ts';
import type { RankWithLlm } from '../aggregate/aggregate-users.ts';

export interface RankerSource {
  engine: LlmEngine;
  /** The user's training interactions, oldest first. */
  history(user: number): readonly HistoryEntry[] | Promise<readonly HistoryEntry[]>;
  item(index: number): PromptItem;
  /** Prompt augmentation: the most similar user's history. Omit to switch it off. */
  similarUser?(user: number): SimilarUserHistory | undefined | Promise<SimilarUserHistory | undefined>;
  /** Prompt augmentation: state MF's ranking of the candidates. Default true. */
  mfHint?: boolean;
  /** Seed of the per-user candidate shuffle (listwise); null lists them in MF order. Default 0. */
  shuffleSeed?: number | null;
  /**
   * Which listwise question: 'rank' (the direct task: top-k by the user's history, default) or
   * 'next' (the sequential task: the user's recent sequence in order, which candidates come next).
   */
  question?: 'rank' | 'next';
  promptOptions?: Omit<PromptOptions, 'contextWindow'>;
}

/** Greedy and short: labels only, a few tokens each. */
function listwiseChat(places: number): Pick<ChatRequest, 'temperature' | 'maxTokens'> {
  return { temperature: 0, maxTokens: 16 + 4 * places };
}

/** What a listwise question is built from: the ranker's source without the engine (the instruction export has none). */
export type ListwiseSource = Omit<RankerSource, 'engine'>;

/**
 * The listwise prompt for one user's candidates exactly as `listwiseRanker` asks it (the
 * instruction export builds its ranking instructions with it), and `shown`: the candidates' items
 * by prompt position.
 */
export async function listwisePrompt(
  source: ListwiseSource,
  request: { user: number; candidates: readonly { item: number }[]; places: number },
  contextWindow: number,
): Promise<{ prompt: BuiltPrompt; shown: number[] }> {
  const { user, candidates, places } = request;
  const items = candidates.map((c) => c.item);
  // order[j] = MF index of the candidate shown at prompt position j.
  const order = Array.from(items.keys());
  const seed = source.shuffleSeed === undefined ? 0 : source.shuffleSeed;
  if (seed !== null) userRandom(seed, user).shuffle(order);
  const shownAt = new Array<number>(items.length);
  order.forEach((mfIndex, j) => (shownAt[mfIndex] = j));
  const input: RankPromptInput & NextItemPromptInput = {
    history: await source.history(user),
    candidates: order.map((mfIndex) => source.item(items[mfIndex]!)),
    k: places,
  };
  const similar = await source.similarUser?.(user);
  if (similar) input.similarUser = similar;
  if (source.mfHint !== false) input.conventionalRanking = shownAt;
  const options = { ...source.promptOptions, contextWindow };
  const prompt = source.question === 'next' ? buildNextItemPrompt(input, options) : buildRankPrompt(input, options);
  return { prompt, shown: order.map((mfIndex) => items[mfIndex]!) };
}

export function listwiseRanker(source: RankerSource): RankWithLlm {
  return async ({ user, candidates, places, signal }) => {
    const { prompt, shown } = await listwisePrompt(source, { user, candidates, places }, source.engine.contextWindow);
    const request: ChatRequest = { messages: prompt.messages, ...listwiseChat(places) };
    if (signal) request.signal = signal;
    const response = await source.engine.chat(request);
    // The parser keeps everything named; only the first P count (the blend would ignore the rest too).
    const order = parseRanking(response.text, prompt.candidates, places).result.slice(0, places).map((j) => shown[j]!);
    return order.length > 0 ? order : null;
  };
}

/** The paper's pointwise re-ranking: the LLM predicts the user's rating of each candidate; sorted by it. */
export function pointwiseRanker(source: RankerSource): RankWithLlm {
  return scoreEachCandidate(source, (input, options) => {
    const rating: RatingPromptInput = { history: input.history, target: input.candidate };
    if (input.similarUser) rating.similarUser = input.similarUser;
    if (input.conventionalHint?.kind === 'rank') rating.conventionalRank = { position: input.conventionalHint.position, of: input.conventionalHint.of };
    return { prompt: buildRatingPrompt(rating, options), score: expectedRating };
  });
}

/** Pointwise by a yes/no question ("will the user like it?"), sorted by P(Yes). */
export function yesNoRanker(source: RankerSource): RankWithLlm {
  return scoreEachCandidate(source, (input, options) => ({ prompt: buildPointwisePrompt(input, options), score: yesProbability }));
}

type CandidateQuestion = (
  input: PointwisePromptInput,
  options: PromptOptions,
) => { prompt: { messages: ChatRequest['messages'] }; score: (response: Awaited<ReturnType<LlmEngine['chat']>>) => Scored<number | null> };

/** One call per candidate (with the user's history, the similar user and MF's place of it), ordered by the answer's score, MF's order breaking ties. */
function scoreEachCandidate(source: RankerSource, ask: CandidateQuestion): RankWithLlm {
  return async ({ user, candidates, places, signal }) => {
    const history = await source.history(user);
    const similar = await source.similarUser?.(user);
    const scored: { item: number; p: number; s: number }[] = [];
    for (let s = 0; s < candidates.length; s++) {
      const input: PointwisePromptInput = { history, candidate: source.item(candidates[s]!.item) };
      if (similar) input.similarUser = similar;
      if (source.mfHint !== false) input.conventionalHint = { kind: 'rank', position: s + 1, of: candidates.length };
      const { prompt, score } = ask(input, { ...source.promptOptions, contextWindow: source.engine.contextWindow });
      const request: ChatRequest = { messages: prompt.messages, ...SCORING_REQUEST, maxTokens: SCAN_TOKENS };
      if (signal) request.signal = signal;
      const p = score(await source.engine.chat(request)).value;
      // No usable answer: the candidate stays unplaced and keeps its MF-decided place in the blend.
      if (p !== null && Number.isFinite(p)) scored.push({ item: candidates[s]!.item, p, s });
    }
    scored.sort((a, b) => b.p - a.p || a.s - b.s);
    const order = scored.slice(0, places).map((x) => x.item);
    return order.length > 0 ? order : null;
  };
}
