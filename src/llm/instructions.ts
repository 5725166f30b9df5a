/**
 * The paper's instruction-tuning set from local data: listwise ranking and rating instructions,
 * sampled per task, users with fewer than 3 interactions dropped, in the common instruction
 * format `{ instruction, input, output }` (instruction = the system message, input = the user
 * message our prompt builders send at inference, output = the answer), so a model tuned on it
 * sees exactly the prompts it will get here.
 *
 * Leakage rules: histories and targets come from the leave-one-out training rows only; the
 * validation and test items never appear, not even as negative candidates (negatives are items
 * the user never interacted with at all). A sample cuts the user's training sequence at a random
 * point c (at least MIN_HISTORY rows in when possible): history = rows before c, targets = rows
 * from c on (the future never leaks backwards).
 *  - rank: the k rows from c on are the positives; the candidate list adds random negatives
 *    (uniform over items seen in training) and is shuffled; the output is the positives' labels,
 *    by the user's rating (highest first; ties and implicit data: chronological).
 *  - rating: the row at c is the target; the output is its rating rounded to a whole star in 1–5
 *    (the prompt asks for one digit). Skipped for datasets without ratings.
 * Not stated in the paper, chosen here: the cut and negative sampling, k = 3, 10 candidates,
 * no prompt augmentation (the export runs without a trained MF model).
 */
import { DEFAULT_CONFIG } from '../config.ts';
import { RecError, throwIfAborted } from '../errors.ts';
import type { LongWorkOptions } from '../progress.ts';
import { mulberry32 } from '../random.ts';
import type { Dataset, Split } from '../data/types.ts';
import type { ChatMessage } from './engine.ts';
import { buildRankPrompt } from './prompts/rank-prompt.ts';
import { buildRatingPrompt } from './prompts/rating-prompt.ts';
import { historyOf, rowsByUser } from './prompts/user-histories.ts';

export interface InstructionRecord {
  instruction: string;
  input: string;
  output: string;
}

export type InstructionTask = 'rank' | 'rating';

export interface InstructionOptions extends LongWorkOptions {
  /** Samples per task (the paper: 5,000 per task and dataset). */
  perTask: number;
  seed: number;
  /** Candidates per ranking instruction; default 10. */
  candidates?: number;
  /** Positives returned per ranking instruction; default 3. */
  k?: number;
  /** Context window the prompts must fit; default 2048 as in the paper. */
  contextWindow?: number;
  /** Samples start with at least this many history entries when the user has them; default MIN_HISTORY. */
  minHistory?: number;
  /** Tokens left for the answer; default 64. */
  answerReserve?: number;
  itemNoun?: string;
}

export interface InstructionSet {
  records: { task: InstructionTask; record: InstructionRecord }[];
  stats: { users: number; eligibleUsers: number; rank: number; rating: number; droppedUsers: number };
}

export const MIN_INTERACTIONS = 3;
/** Samples start with at least this many history entries when the user's training rows allow. */
export const MIN_HISTORY = 5;

function toRecord(messages: ChatMessage[], output: string): InstructionRecord {
  const system = messages.find((m) => m.role === 'system')?.content ?? '';
  const user = messages.find((m) => m.role === 'user')?.content ?? '';
  return { instruction: system, input: user, output };
}

export function buildInstructions(dataset: Dataset, split: Split, options: InstructionOptions): InstructionSet {
  const { perTask, seed } = options;
  const I = DEFAULT_CONFIG.instructions;
  const candidateCount = options.candidates ?? I.candidates;
  const k = options.k ?? I.k;
  if (!Number.isInteger(perTask) || perTask < 0) throw new RecError('CONFIG_INVALID', `perTask must be a whole number ≥ 0, got ${perTask}.`);
  if (!Number.isInteger(seed)) throw new RecError('CONFIG_INVALID', `seed must be an integer, got ${seed}.`);
  if (!(Number.isInteger(k) && k >= 1 && Number.isInteger(candidateCount) && candidateCount > k)) {
    throw new RecError('CONFIG_INVALID', `need 1 ≤ k < candidates, got k = ${k}, candidates = ${candidateCount}.`);
  }
  const budget = { contextWindow: options.contextWindow ?? I.contextWindow, answerReserve: options.answerReserve ?? I.answerReserve, itemNoun: options.itemNoun };
  const { interactions, users, items } = dataset;
  const allRows = rowsByUser(interactions, users.length);
  const trainRows = rowsByUser(interactions, users.length, split.train);
  const eligible = users.map((u) => u.index).filter((u) => (allRows[u]?.length ?? 0) >= MIN_INTERACTIONS);

  // Negatives: items seen in training, never touched by the user.
  const inTraining = new Uint8Array(items.length);
  for (const r of split.train) inTraining[interactions.item[r] as number] = 1;
  const negativePool = Int32Array.from(items.map((item) => item.index).filter((i) => inTraining[i] === 1));
  const hasRatings = interactions.rating.some((r) => !Number.isNaN(r));

  const random = mulberry32(seed);
  const pick = (n: number) => Math.floor(random() * n);
  const records: InstructionSet['records'] = [];
  let done = 0;
  const progress = () => {
    done += 1;
    if (done % 250 === 0) {
      throwIfAborted(options.signal, 'Exporting instructions');
      options.onProgress?.({ phase: 'building instructions', done, total: perTask * (hasRatings ? 2 : 1) });
    }
  };

  // Cut c is uniform in [min(MIN_HISTORY, last), last]: at least a few history entries when the user has them.
  const sampleCuts = (minTrain: number, lastCut: (n: number) => number, emit: (u: number, cut: number) => void) => {
    const users = eligible.filter((u) => (trainRows[u]?.length ?? 0) >= minTrain);
    if (users.length === 0) return;
    const seen = new Set<string>();
    for (let attempts = 0; seen.size < perTask && attempts < perTask * 20; attempts++) {
      const u = users[pick(users.length)] as number;
      const n = (trainRows[u] as Int32Array).length;
      const last = lastCut(n);
      const first = Math.max(1, Math.min(options.minHistory ?? MIN_HISTORY, last));
      const cut = first + pick(last - first + 1);
      const key = `${u}:${cut}`;
      if (seen.has(key)) continue;
      seen.add(key);
      emit(u, cut);
      progress();
    }
  };

  // Ranking: cut c ≤ n - k, positives are rows c … c + k - 1.
  sampleCuts(k + 1, (n) => n - k, (u, cut) => {
    const rows = trainRows[u] as Int32Array;
    const touched = new Set(Array.from(allRows[u] as Int32Array, (r) => interactions.item[r] as number));
    const positives = Array.from(rows.subarray(cut, cut + k));
    const chosen = new Set<number>();
    const negatives: number[] = [];
    for (let tries = 0; negatives.length < candidateCount - k && tries < candidateCount * 50; tries++) {
      const item = negativePool[pick(negativePool.length)] as number;
      if (!touched.has(item) && !chosen.has(item)) {
        chosen.add(item);
        negatives.push(item);
      }
    }
    const candidates = [...positives.map((r) => interactions.item[r] as number), ...negatives];
    for (let i = candidates.length - 1; i > 0; i--) {
      const j = pick(i + 1);
      [candidates[i], candidates[j]] = [candidates[j] as number, candidates[i] as number];
    }
    // Highest rating first; the sort is stable, so ties and unrated rows stay chronological.
    const best = [...positives].sort((a, b) => {
      const ra = interactions.rating[a] as number;
      const rb = interactions.rating[b] as number;
      return Number.isNaN(ra) || Number.isNaN(rb) ? 0 : rb - ra;
    });
    const prompt = buildRankPrompt(
      { history: historyOf(dataset, rows.subarray(0, cut)), candidates: candidates.map((i) => items[i] as Dataset['items'][number]), k },
      budget,
    );
    const output = best.map((r) => prompt.labels[candidates.indexOf(interactions.item[r] as number)]).join(', ');
    records.push({ task: 'rank', record: toRecord(prompt.messages, output) });
  });

  // Rating: cut c ≤ n - 1, the target is row c; only rated rows count.
  if (hasRatings) {
    sampleCuts(2, (n) => n - 1, (u, cut) => {
      const rows = trainRows[u] as Int32Array;
      const target = rows[cut] as number;
      const rating = interactions.rating[target] as number;
      if (Number.isNaN(rating)) return;
      const history = historyOf(dataset, rows.subarray(0, cut)).filter((entry) => entry.rating !== null);
      const prompt = buildRatingPrompt({ history, target: items[interactions.item[target] as number] as Dataset['items'][number] }, budget);
      const stars = Math.min(5, Math.max(1, Math.round(rating)));
      records.push({ task: 'rating', record: toRecord(prompt.messages, String(stars)) });
    });
  }

  return {
    records,
    stats: {
      users: users.length,
      eligibleUsers: eligible.length,
      rank: records.filter((r) => r.task === 'rank').length,
      rating: records.filter((r) => r.task === 'rating').length,
      droppedUsers: users.length - eligible.length,
    },
  };
}

/** One JSON object per line, UTF-8, the way instruction-tuning tools read JSONL. */
export function toJsonl(records: readonly InstructionRecord[]): string {
  return records.map((r) => JSON.stringify({ instruction: r.instruction, input: r.input, output: r.output })).join('\n') + (records.length ? '\n' : '');
}
