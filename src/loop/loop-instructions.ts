/**
 * The paper's instruction-tuning set (§6) built by the loop's own prompt code, so a model tuned on
 * it is trained on the prompts it will be asked: the listwise prompt of `listwiseRanker` (the
 * loop's k′ candidates from the conventional model, shuffled per user as the loop shows them, a
 * full order as the answer, the similar user's history and the model's ranking when prompt
 * augmentation is on) and the rating prompt of `llmRating` (with the similar user's ratings and
 * the rating model's prediction).
 *
 * Where the answers come from without leaking evaluation data: round r holds out one more of every
 * user's latest TRAINING interactions (the leave-one-out validation and test rows never take part),
 * trains the conventional models (BPR-MF, biased MF) on what is left before it, and asks each user
 * about the held-out one, exactly as the loop asks about a test item:
 *  - ranking: the model's top k′ unseen items; the held-out item takes the last place when the model
 *    missed it, and the list is ordered by the model's scores, so the stated ranking stays the
 *    model's. The answer is the full order: the held-out item first, the rest in the model's order
 *    (with no truth about them, the LLM learns to defer to the model there). The user's own
 *    validation and test items are never candidates.
 *  - rating: the held-out interaction's rating, rounded to a whole star (the prompt asks for one digit).
 * Rounds continue until each task has `perTask` instructions after dropping duplicates (the same
 * system and user message) and low-quality ones (fewer than `minHistory` history entries left after
 * the token budget; fewer than k′ candidates); then `perTask` are sampled per task (seeded).
 */
import { DEFAULT_CONFIG } from '../config.ts';
import { leaveOneOutByTime } from '../data/splits.ts';
import type { Dataset, InteractionTable } from '../data/types.ts';
import { RecError, throwIfAborted } from '../errors.ts';
import { MIN_INTERACTIONS, toRecord, type InstructionRecord, type InstructionTask } from '../llm/instructions.ts';
import { activateBackend } from '../models/backend.ts';
import type { BackendRequest } from '../models/backend-request.ts';
import { DEFAULT_ATTRIBUTE_MODE, itemFeatures } from '../models/item-features.ts';
import type { MfConfig } from '../models/mf-config.ts';
import { topK } from '../models/queries.ts';
import type { ScoringModel } from '../models/scoring-model.ts';
import type { LongWorkOptions } from '../progress.ts';
import { Random } from '../random.ts';
import { trainMf } from '../training/train-mf.ts';
import { listwisePrompt } from './llm-rankers.ts';
import { loopContext, seenItems, type LoopContext } from './loop-context.ts';
import { loopRankerSource, loopRatingPrompt, type LoopLlmOptions } from './loop-llm.ts';

export interface LoopInstructionOptions extends LongWorkOptions {
  /** Instructions per task (default the paper's 5,000). */
  perTask?: number;
  /** Seed of the sample and of each round's models (round r trains with seed + r). */
  seed?: number;
  /** Candidates per ranking instruction: the loop's k′ (default DEFAULT_CONFIG.loop.kPrime). */
  kPrime?: number;
  /** The loop's prompt augmentation (default on, as in the method). */
  promptAugmentation?: boolean;
  /** The context window the prompts must fit (default 2,048, LLaMA-2's). */
  contextWindow?: number;
  maxRounds?: number;
  minHistory?: number;
  /** The conventional models of each round. */
  mf?: Partial<MfConfig>;
  epochs?: number;
  tasks?: readonly InstructionTask[];
  /** The TF.js backend the rounds' models train on (default 'auto'). */
  backend?: BackendRequest;
}

export interface LoopInstruction {
  task: InstructionTask;
  /** The user asked about, and the round (0: their latest training interaction held out). */
  user: number;
  round: number;
  /** Ranking: the model missed the held-out item, which took the last candidate's place. */
  inserted?: boolean;
  record: InstructionRecord;
}

export interface LoopInstructionSet {
  records: LoopInstruction[];
  stats: {
    users: number;
    eligibleUsers: number;
    droppedUsers: number;
    rounds: number;
    built: Record<InstructionTask, number>;
    duplicates: Record<InstructionTask, number>;
    lowQuality: Record<InstructionTask, number>;
    /** Kept after sampling. */
    kept: Record<InstructionTask, number>;
  };
}

const TASKS: readonly InstructionTask[] = ['rank', 'rating'];

/** The dataset with only `rows` of its interactions (users and items unchanged). */
export function datasetOfRows(dataset: Dataset, rows: Int32Array): Dataset {
  const t = dataset.interactions;
  const sorted = Int32Array.from(rows).sort();
  const table: InteractionTable = {
    length: sorted.length,
    user: Int32Array.from(sorted, (r) => t.user[r]!),
    item: Int32Array.from(sorted, (r) => t.item[r]!),
    rating: Float32Array.from(sorted, (r) => t.rating[r]!),
    timestamp: Float64Array.from(sorted, (r) => t.timestamp[r]!),
  };
  return { ...dataset, interactions: table };
}

/** Round r's data: every user's training rows without their latest r (ctx.trainRows are oldest first). */
function roundRows(ctx: LoopContext, round: number): Int32Array {
  return Int32Array.from(ctx.trainRows.flatMap((rows) => Array.from(rows.subarray(0, Math.max(0, rows.length - round)))));
}

export async function buildLoopInstructions(dataset: Dataset, options: LoopInstructionOptions = {}): Promise<LoopInstructionSet> {
  const I = DEFAULT_CONFIG.instructions;
  const perTask = options.perTask ?? I.perTask;
  const seed = options.seed ?? I.seed;
  const kPrime = options.kPrime ?? DEFAULT_CONFIG.loop.kPrime;
  const maxRounds = options.maxRounds ?? I.maxRounds;
  const minHistory = options.minHistory ?? I.minHistory;
  const contextWindow = options.contextWindow ?? I.contextWindow;
  const tasks = options.tasks ?? TASKS;
  for (const [name, value, min] of [['perTask', perTask, 0], ['kPrime', kPrime, 2], ['maxRounds', maxRounds, 1], ['minHistory', minHistory, 0]] as const) {
    if (!Number.isInteger(value) || value < min) throw new RecError('CONFIG_INVALID', `${name} must be a whole number ≥ ${min}, got ${value}.`);
  }
  if (!Number.isInteger(seed)) throw new RecError('CONFIG_INVALID', `seed must be an integer, got ${seed}.`);

  await activateBackend(options.backend);
  const full = loopContext(dataset);
  const eligible = new Uint8Array(full.numUsers);
  full.allRows.forEach((rows, u) => (eligible[u] = rows.length >= MIN_INTERACTIONS ? 1 : 0));
  // Each user's validation and test items: never a candidate.
  const heldOut = Array.from({ length: full.numUsers }, () => new Set<number>());
  for (const r of [...full.split.validation, ...full.split.test]) heldOut[dataset.interactions.user[r]!]!.add(dataset.interactions.item[r]!);
  const rated = dataset.interactions.rating.some((r) => !Number.isNaN(r));
  const pools: Record<InstructionTask, LoopInstruction[]> = { rank: [], rating: [] };
  const seen = new Set<string>();
  const stats: LoopInstructionSet['stats'] = {
    users: full.numUsers,
    eligibleUsers: eligible.reduce((a, b) => a + b, 0),
    droppedUsers: 0,
    rounds: 0,
    built: { rank: 0, rating: 0 },
    duplicates: { rank: 0, rating: 0 },
    lowQuality: { rank: 0, rating: 0 },
    kept: { rank: 0, rating: 0 },
  };
  stats.droppedUsers = stats.users - stats.eligibleUsers;
  const wanted = (task: InstructionTask) => tasks.includes(task) && (task === 'rank' || rated);
  const enough = (task: InstructionTask) => !wanted(task) || pools[task].length >= perTask;
  const add = (instruction: LoopInstruction, quality: boolean) => {
    stats.built[instruction.task]++;
    const key = `${instruction.record.instruction}\u0000${instruction.record.input}`;
    if (!quality) stats.lowQuality[instruction.task]++;
    else if (seen.has(key)) stats.duplicates[instruction.task]++;
    else {
      seen.add(key);
      pools[instruction.task].push(instruction);
    }
  };

  for (let round = 0; round < maxRounds && !(enough('rank') && enough('rating')); round++) {
    throwIfAborted(options.signal, 'Exporting instructions');
    const data = datasetOfRows(dataset, roundRows(full, round));
    const ctx = loopContext(data);
    const users = ctx.split.test.length === 0 ? [] : Array.from(ctx.split.test, (r) => data.interactions.user[r]!).filter((u) => eligible[u] === 1 && ctx.allRows[u]!.length >= MIN_INTERACTIONS);
    if (users.length === 0) break;
    stats.rounds = round + 1;
    options.onProgress?.({ phase: `round ${round + 1}: training the conventional models`, done: round, total: maxRounds });
    const train = { epochs: options.epochs ?? I.epochs, patience: DEFAULT_CONFIG.training.patience, config: { ...options.mf, seed: seed + round } };
    const dims = { numUsers: ctx.numUsers, numItems: ctx.numItems };
    const llm: LoopLlmOptions = { promptAugmentation: options.promptAugmentation ?? DEFAULT_CONFIG.loop.promptAugmentation, scope: 'test' };
    const testRow = new Map(Array.from(ctx.split.test, (r) => [data.interactions.user[r]!, r] as const));
    if (wanted('rank') && !enough('rank')) {
      const { model } = await trainMf(data.interactions, ctx.split, dims, { ...train, kind: 'mf-bpr' });
      try {
        const source = loopRankerSource(ctx, model, llm);
        for (const user of users) {
          throwIfAborted(options.signal, 'Exporting instructions');
          const positive = data.interactions.item[testRow.get(user)!]!;
          const candidates = await candidatesWith(model, ctx, user, positive, heldOut[user]!, kPrime);
          const { prompt, shown } = await listwisePrompt(source, { user, candidates: candidates.list, places: candidates.list.length }, contextWindow);
          const answer = [positive, ...candidates.list.map((c) => c.item).filter((i) => i !== positive)];
          const output = answer.map((item) => prompt.labels[shown.indexOf(item)]!).join(', ');
          const quality = candidates.list.length === kPrime && prompt.kept.history >= minHistory;
          add({ task: 'rank', user, round, inserted: candidates.inserted, record: toRecord(prompt.messages, output) }, quality);
        }
      } finally {
        model.dispose();
      }
    }
    if (wanted('rating') && !enough('rating')) {
      const features = itemFeatures(data.items, DEFAULT_ATTRIBUTE_MODE);
      const { model } = await trainMf(data.interactions, ctx.split, dims, { ...train, kind: 'mf-rating', itemFeatures: features });
      try {
        const rows = users.map((u) => testRow.get(u)!).filter((r) => !Number.isNaN(data.interactions.rating[r]!));
        const mf = await model.scorePairs(Int32Array.from(rows, (r) => data.interactions.user[r]!), Int32Array.from(rows, (r) => data.interactions.item[r]!));
        for (let k = 0; k < rows.length; k++) {
          const r = rows[k]!;
          const user = data.interactions.user[r]!;
          const prompt = await loopRatingPrompt(ctx, model, user, data.interactions.item[r]!, mf[k]!, llm, contextWindow);
          const stars = Math.min(5, Math.max(1, Math.round(data.interactions.rating[r]!)));
          add({ task: 'rating', user, round, record: toRecord(prompt.messages, String(stars)) }, prompt.kept.history >= minHistory);
        }
      } finally {
        model.dispose();
      }
    }
  }
  options.onProgress?.({ phase: 'sampling instructions', done: maxRounds, total: maxRounds });

  const random = new Random(seed);
  const records = TASKS.flatMap((task) => {
    const pool = pools[task];
    const order = random.shuffle(Int32Array.from(pool.keys()));
    const kept = Array.from(order.subarray(0, Math.min(perTask, pool.length)), (i) => pool[i]!);
    stats.kept[task] = kept.length;
    return kept;
  });
  // The two tasks mixed, as the paper tunes on one mixed set.
  const mixed = random.shuffle(Int32Array.from(records.keys()));
  return { records: Array.from(mixed, (i) => records[i]!), stats };
}

/** The model's top k′ unseen items for the user (none of their held-out ones), with the held-out item in it: by model score. */
async function candidatesWith(model: ScoringModel, ctx: LoopContext, user: number, positive: number, heldOut: ReadonlySet<number>, kPrime: number) {
  const scores = await model.scoreUsers(Int32Array.of(user));
  const seen = seenItems(ctx, user, 'test');
  const top = topK(scores, kPrime, (i) => seen.has(i) || heldOut.has(i));
  let list = top.map((s) => ({ item: s.index, score: s.score }));
  const inserted = !list.some((c) => c.item === positive);
  if (inserted) {
    list = [...list.slice(0, kPrime - 1), { item: positive, score: scores[positive]! }];
    list.sort((a, b) => b.score - a.score || a.item - b.item);
  }
  return { list, inserted };
}
