/**
 * LLM TEST DOUBLES for the loop, chosen by a serialisable name so a worker or the command line
 * can build them (a function cannot cross a worker boundary). None is a language model: each is
 * a `ScriptedLlmDouble`, whose kind is 'test-double' and whose model id starts with
 * 'test-double/', so results can never pass for an LLM's.
 *
 * They answer every candidate prompt (listwise ranking, pairwise choice) by naming the labels of
 * the "[X] …" candidate lines:
 *  - 'prefers-first': the labels in the order shown (for a pair: always A);
 *  - 'random-seeded': the labels in a seeded random order;
 *  - 'oracle': the held-out item first, when it is a candidate (it is told the item out of band,
 *    through `targetTitle`; that is what makes it an oracle), then the rest in the order shown.
 * Pointwise prompts (one candidate, Yes/No) get: Yes; a seeded coin; Yes only for the held-out item.
 * Rating prompts (one target: the rating task, and pointwise ranking) get: "3"; a seeded digit 1–5;
 * for the held-out item the held-out rating when the oracle is told it (`targetRating`), else "5"
 * (the item the user picks next), and "3" for any other item. Item-attribute prompts get
 * `attributeDoubleScript`'s made-up names from the title's first word.
 */
import { RecError } from '../errors.ts';
import { attributeDoubleScript, isAttributePrompt, labelsShown, oracleScript, randomScript } from './double-scripts.ts';
import { ScriptedLlmDouble, type AnswerScript } from './test-double.ts';
import { quoteTitle } from '../llm/prompts/index.ts';
import { Random } from '../random.ts';

export type DoubleScriptName = 'prefers-first' | 'random-seeded' | 'oracle';

export const DOUBLE_SCRIPTS: readonly DoubleScriptName[] = ['prefers-first', 'random-seeded', 'oracle'];

export interface DoubleSpec {
  script: DoubleScriptName;
  /** Seed of 'random-seeded' (default 7). */
  seed?: number;
  /** Milliseconds each answer takes, as a real model's would (default 0), so tests can act mid-job. */
  delayMs?: number;
}

const POINTWISE_QUESTION = 'Answer Yes or No.';

/**
 * Candidate prompts get `answer`; pointwise prompts (one candidate, Yes/No) get `yes(prompt)`;
 * attribute prompts get made-up names; other prompts without candidates (ratings) get `rate(prompt)`.
 */
function withOtherTasks(answer: AnswerScript, yes: (prompt: string) => boolean, rate: (prompt: string) => number): AnswerScript {
  return (request, index) => {
    const prompt = request.messages.at(-1)?.content ?? '';
    if (prompt.trimEnd().endsWith(POINTWISE_QUESTION)) return yes(prompt) ? 'Yes' : 'No';
    if (isAttributePrompt(request)) return attributeDoubleScript(request, index);
    return labelsShown(request).length === 0 ? String(rate(prompt)) : answer(request, index);
  };
}

/** Whether the prompt's single item (the "Candidate …:" or "Target …:" line) is the one titled `title`. */
function asksAbout(prompt: string, title: string | null, heading: 'Candidate ' | 'Target '): boolean {
  const line = prompt.split('\n').find((l) => l.startsWith(heading));
  return title !== null && line !== undefined && line.includes(quoteTitle(title));
}

export function checkDoubleSpec(spec: DoubleSpec): void {
  if (!DOUBLE_SCRIPTS.includes(spec.script)) {
    throw new RecError('CONFIG_INVALID', `Test-double script "${String(spec.script)}" does not exist; use one of ${DOUBLE_SCRIPTS.join(', ')}.`);
  }
  if (spec.seed !== undefined && !Number.isInteger(spec.seed)) {
    throw new RecError('CONFIG_INVALID', `Test-double seed must be an integer (got ${String(spec.seed)}).`);
  }
  if (spec.delayMs !== undefined && !(Number.isFinite(spec.delayMs) && spec.delayMs >= 0)) {
    throw new RecError('CONFIG_INVALID', `Test-double delayMs must be a number of milliseconds ≥ 0 (got ${String(spec.delayMs)}).`);
  }
}

/**
 * Builds the named double. 'oracle' needs `targetTitle`: the title of the held-out item of the
 * user being asked about (the caller tells it whose turn it is), or null when there is none; and
 * may be told that item's rating too (`targetRating`), which it then answers to a rating prompt.
 */
export function createDoubleEngine(spec: DoubleSpec, targetTitle?: () => string | null, targetRating?: () => number | null): ScriptedLlmDouble {
  checkDoubleSpec(spec);
  let answer: AnswerScript;
  if (spec.script === 'prefers-first') answer = withOtherTasks((request) => labelsShown(request).join(', '), () => true, () => 3);
  else if (spec.script === 'random-seeded') {
    const coin = new Random((spec.seed ?? 7) ^ 0x2545f491);
    const die = new Random((spec.seed ?? 7) ^ 0x68e31da4);
    answer = withOtherTasks(randomScript(spec.seed ?? 7), () => coin.next() < 0.5, () => 1 + die.int(5));
  } else {
    if (!targetTitle) throw new RecError('CONFIG_INVALID', 'The oracle double needs `targetTitle` (whose held-out item to favour); it cannot run inside a worker.');
    const rate = (prompt: string) => {
      if (!asksAbout(prompt, targetTitle(), 'Target ')) return 3;
      const known = targetRating?.();
      return known === null || known === undefined || !Number.isFinite(known) ? 5 : Math.min(5, Math.max(1, Math.round(known)));
    };
    answer = withOtherTasks(oracleScript(targetTitle), (prompt) => asksAbout(prompt, targetTitle(), 'Candidate '), rate);
  }
  const delayMs = spec.delayMs ?? 0;
  const timed: AnswerScript = delayMs === 0 ? answer : async (request, index) => {
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    return answer(request, index);
  };
  // An oracle told ratings answers rating prompts otherwise: another model id, so no answer cache mixes the two.
  return new ScriptedLlmDouble(timed, { name: spec.script === 'oracle' && targetRating ? 'oracle-with-ratings' : spec.script });
}
