/**
 * The ORACLE TEST DOUBLE wired to a dataset's leave-one-out split: told, out of band, the held-out
 * item (and optionally its rating) of the user being asked about, for the split the caller is
 * scoring now (validation while α is tuned, test while the loop is evaluated). Not a language
 * model: it shows what the loop does with an LLM that knows the answer, an upper bound of the method.
 *
 * Its model id names the split it knows ('test-double/oracle@test'): the loop asks validation and
 * test users the same prompt when their candidates coincide (prompt histories are the training
 * rows in both), and an answer cache keyed by model and prompt would otherwise hand the test run
 * the answers the oracle gave knowing the validation items.
 */
import { leaveOneOutByTime } from '../data/splits.ts';
import type { Dataset, Split } from '../data/types.ts';
import type { EvalTarget } from '../eval/targets.ts';
import { createDoubleEngine } from './double-engines.ts';
import type { ChatRequest, ChatResponse, LlmEngine } from '../llm/engine.ts';
import type { LongWorkOptions } from '../progress.ts';
import type { ScriptedLlmDouble } from './test-double.ts';

export interface HeldOutOracle {
  /** The double, its model id naming the split it knows. */
  engine: LlmEngine;
  /** The scripted double behind it (its `requests`, for tests). */
  double: ScriptedLlmDouble;
  /** Tell it whose turn it is (the loop's `observeUser`). */
  observeUser(user: number): void;
  /** Which held-out row it knows: 'test' (default) or 'validation'. */
  useTarget(target: EvalTarget): void;
}

export interface HeldOutOracleOptions {
  split?: Split;
  /** Also tell it the held-out rating, which it answers to a rating prompt about that item (default: it answers 5). */
  tellRatings?: boolean;
}

export function heldOutOracle(dataset: Dataset, options: HeldOutOracleOptions = {}): HeldOutOracle {
  const table = dataset.interactions;
  const split = options.split ?? leaveOneOutByTime(table);
  // Row of each user's held-out interaction, per split target.
  const rowOf = (target: EvalTarget) => new Map(Array.from(split[target], (r) => [table.user[r]!, r] as const));
  const rows = { validation: rowOf('validation'), test: rowOf('test') };
  let target: EvalTarget = 'test';
  let user = -1;
  const heldOut = () => rows[target].get(user);
  const double = createDoubleEngine(
    { script: 'oracle' },
    () => {
      const r = heldOut();
      return r === undefined ? null : dataset.items[table.item[r]!]!.title;
    },
    options.tellRatings ? () => {
      const r = heldOut();
      return r === undefined ? null : table.rating[r]!;
    } : undefined,
  );
  const engine: LlmEngine = {
    kind: double.kind,
    get modelId() {
      return `${double.modelId}@${target}`;
    },
    contextWindow: double.contextWindow,
    load: (options?: LongWorkOptions) => double.load(options),
    chat: (request: ChatRequest): Promise<ChatResponse> => double.chat(request),
    abort: () => double.abort(),
    unload: () => double.unload(),
  };
  return { engine, double, observeUser: (u) => void (user = u), useTarget: (t) => void (target = t) };
}
