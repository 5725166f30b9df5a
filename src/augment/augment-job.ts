/**
 * The machinery every LLM data-augmentation job shares (pairwise, sequential): go through a
 * deterministic plan user by user, ask the LLM one question per call, and commit each user's
 * records in one store call (one IndexedDB transaction).
 *
 * Resumable by construction: the plan is a pure function of its inputs and a seed (see the
 * samplers), and questions the store already answers for that user are not asked again. A
 * reload or a cancel therefore loses at most the current user's uncommitted answers and never
 * repeats a committed question. Pause holds the next call; a time budget stops cleanly after
 * committing what the current user has.
 */
import type { AugmentedPairRecord } from '../data/db.ts';
import type { NewAugmentedPair } from '../data/serving-store.ts';
import { throwIfAborted } from '../errors.ts';
import type { LlmEngine } from '../llm/engine.ts';
import type { LongWorkOptions } from '../progress.ts';
import { AugmentError } from './augment-error.ts';
import type { PauseGate } from './pause-gate.ts';

/**
 * The part of the store these jobs use: a store bound to the dataset the plan was made from
 * (src/data/bound-store.ts), which stamps each pair with that dataset's fingerprint and refuses
 * to add it once the store holds another dataset.
 */
export interface PairStore {
  addAugmentedPairs(pairs: readonly NewAugmentedPair[]): Promise<number[]>;
  listAugmentedPairs(filter?: { user?: number }): Promise<AugmentedPairRecord[]>;
}

export interface UserQuestions<Q> {
  user: number;
  questions: readonly Q[];
}

/** What one answer adds: (pos, neg) pairs, how sure the LLM was (0..1), and the prompt's version. */
export interface AnsweredQuestion {
  pairs: { pos: number; neg: number }[];
  confidence: number;
  promptVersion: string;
}

/** One kind of question: how to ask it, and how to tell it is already in the store. */
export interface QuestionKind<Q> {
  kind: AugmentedPairRecord['kind'];
  /** Progress phase, e.g. "asking the LLM about item pairs". */
  phase: string;
  /** True when the user's stored records (all kinds) already hold the answer to `question`. */
  isCommitted(question: Q, stored: readonly AugmentedPairRecord[]): boolean;
  /** One LLM call; null when the answer says nothing usable (the question is then skipped, not guessed). */
  ask(user: number, question: Q, signal: AbortSignal | undefined): Promise<AnsweredQuestion | null>;
}

export interface AugmentJobOptions extends LongWorkOptions {
  engine: LlmEngine;
  store: PairStore;
  pause?: PauseGate;
  /** Answers less sure than this are not stored. Default 0 (keep every answer). */
  minConfidence?: number;
  /**
   * Stop asking once this many milliseconds have passed (the caller's time budget): the current
   * user's answers so far are committed and the report says `stopped: 'time-budget'`. A later
   * run with the same plan continues where this one stopped.
   */
  timeBudgetMs?: number;
  /** Clock for `createdAt` and the time budget (ms since the epoch). */
  now?: () => number;
}

export interface AugmentReport {
  /** Users in the plan. */
  users: number;
  /** Questions in the plan (one LLM call each). */
  planned: number;
  /** Questions found answered in the store from an earlier run, not asked again. */
  alreadyCommitted: number;
  /** LLM calls made by this run. */
  calls: number;
  /** Records written by this run. */
  committed: number;
  /** Answers that said nothing usable or were below `minConfidence`. */
  unanswered: number;
  /** 'done': every planned question is stored or was asked; 'time-budget': stopped by `timeBudgetMs`. */
  stopped: 'done' | 'time-budget';
}

const WHAT = 'Data augmentation';

export async function runAugmentJob<Q>(plan: readonly UserQuestions<Q>[], kind: QuestionKind<Q>, options: AugmentJobOptions): Promise<AugmentReport> {
  const { engine, store, signal, onProgress } = options;
  const now = options.now ?? Date.now;
  const minConfidence = options.minConfidence ?? 0;
  if (!(minConfidence >= 0 && minConfidence <= 1)) {
    throw new AugmentError(`minConfidence must be between 0 and 1 (got ${String(options.minConfidence)}); 0 keeps every answer.`);
  }
  if (options.timeBudgetMs !== undefined && !(options.timeBudgetMs >= 0)) {
    throw new AugmentError(`timeBudgetMs must be a number of milliseconds ≥ 0 (got ${String(options.timeBudgetMs)}).`);
  }
  const planned = plan.reduce((n, p) => n + p.questions.length, 0);
  const report: AugmentReport = { users: plan.length, planned, alreadyCommitted: 0, calls: 0, committed: 0, unanswered: 0, stopped: 'done' };
  const started = now();
  const outOfTime = () => options.timeBudgetMs !== undefined && now() - started >= options.timeBudgetMs;
  const progress = () => onProgress?.({ phase: kind.phase, done: report.alreadyCommitted + report.calls, total: planned });
  progress();

  for (const { user, questions } of plan) {
    throwIfAborted(signal, WHAT);
    const stored = await store.listAugmentedPairs({ user });
    const todo = questions.filter((q) => !kind.isCommitted(q, stored));
    report.alreadyCommitted += questions.length - todo.length;
    if (todo.length === 0) {
      progress();
      continue;
    }
    const records: NewAugmentedPair[] = [];
    for (const question of todo) {
      await options.pause?.wait(signal, WHAT);
      throwIfAborted(signal, WHAT);
      if (outOfTime()) {
        report.stopped = 'time-budget';
        break;
      }
      const answer = await kind.ask(user, question, signal);
      report.calls++;
      // A cancel that landed during the call: drop this user's uncommitted answers.
      throwIfAborted(signal, WHAT);
      if (answer === null || answer.pairs.length === 0 || !(answer.confidence >= minConfidence)) {
        report.unanswered++;
      } else {
        const createdAt = now();
        for (const { pos, neg } of answer.pairs) {
          records.push({ user, pos, neg, kind: kind.kind, modelId: engine.modelId, promptVersion: answer.promptVersion, createdAt, confidence: answer.confidence });
        }
      }
      progress();
    }
    if (records.length > 0) {
      await store.addAugmentedPairs(records);
      report.committed += records.length;
    }
    if (report.stopped === 'time-budget') break;
  }
  return report;
}
