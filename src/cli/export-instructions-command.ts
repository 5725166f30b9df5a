/**
 * `l4r export-instructions --data <path> --out <file>`: the paper's instruction-tuning set
 * (listwise ranking + rating) as JSONL `{instruction, input, output}`, built by the loop's own
 * prompt code (src/loop/loop-instructions.ts): the same prompts, candidates and answer format the
 * loop uses at inference, prompt augmentation included.
 */
import { writeFile } from 'node:fs/promises';
import { DEFAULT_CONFIG } from '../config.ts';
import { parseDatasetFromPath } from '../data/import/node-source.ts';
import { RecError } from '../errors.ts';
import { MIN_INTERACTIONS, toJsonl } from '../llm/instructions.ts';
import { PROMPT_VERSION } from '../llm/prompts/prompt-version.ts';
import { buildLoopInstructions } from '../loop/loop-instructions.ts';
import { parseCommandArgs } from './command-args.ts';
import { wholeNumberFlag } from './whole-number-flag.ts';

const I = DEFAULT_CONFIG.instructions;

export const usage = `usage: l4r export-instructions --data <path> --out <file> [options]

Writes the Llama4Rec instruction-tuning set as JSONL ({"instruction", "input", "output"} per
line): listwise ranking and rating instructions with the loop's own prompts (its k′ candidates
from the conventional model and a full order as the answer; the similar user and the model's
ranking or rating when prompt augmentation is on). Each round holds out one more of every user's
latest training interactions, trains BPR-MF and biased MF on what is before it and asks about the
held-out one; validation and test items never appear. Users with fewer than ${MIN_INTERACTIONS} interactions are
dropped, duplicates and low-quality instructions too; then --per-task are sampled per task.

  --data <path>        dataset folder or file (e.g. public/data/ml-latest-small)
  --out <file>         output .jsonl file
  --per-task <n>       instructions per task (default ${I.perTask}, as in the paper)
  --seed <n>           sampling and model seed (default ${I.seed})
  --k-prime <n>        candidates per ranking instruction: the loop's k′ (default ${DEFAULT_CONFIG.loop.kPrime})
  --no-prompt-aug      without prompt augmentation (for a loop run with it off)
  --rounds <n>         at most this many rounds (default ${I.maxRounds})
  --min-history <n>    drop instructions with fewer history entries in the prompt (default ${I.minHistory})
  --epochs <n>         epochs of each round's models (default ${I.epochs})
  --context <tokens>   context window every prompt must fit (default ${I.contextWindow}, as in the paper)`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    data: { type: 'string' },
    out: { type: 'string' },
    'per-task': { type: 'string' },
    seed: { type: 'string' },
    'k-prime': { type: 'string' },
    'no-prompt-aug': { type: 'boolean' },
    rounds: { type: 'string' },
    'min-history': { type: 'string' },
    epochs: { type: 'string' },
    context: { type: 'string' },
  });
  if (!values.data || !values.out || positionals.length > 0) {
    console.error(usage);
    return 2;
  }
  const dataset = await parseDatasetFromPath(values.data);
  const set = await buildLoopInstructions(dataset, {
    perTask: wholeNumberFlag(values['per-task'], 'per-task', I.perTask, 0),
    seed: wholeNumberFlag(values.seed, 'seed', I.seed, 0),
    kPrime: wholeNumberFlag(values['k-prime'], 'k-prime', DEFAULT_CONFIG.loop.kPrime, 2),
    promptAugmentation: values['no-prompt-aug'] !== true,
    maxRounds: wholeNumberFlag(values.rounds, 'rounds', I.maxRounds, 1),
    minHistory: wholeNumberFlag(values['min-history'], 'min-history', I.minHistory, 0),
    epochs: wholeNumberFlag(values.epochs, 'epochs', I.epochs, 1),
    contextWindow: wholeNumberFlag(values.context, 'context', I.contextWindow, 256),
    onProgress: (p) => console.error(`${p.phase}`),
  });
  const text = toJsonl(set.records.map((r) => r.record));
  await writeFile(values.out, text, 'utf8').catch((cause: unknown) => {
    throw new RecError('CONFIG_INVALID', `Cannot write ${values.out} (${(cause as NodeJS.ErrnoException).code ?? String(cause)}); check the folder exists and is writable.`, { cause });
  });
  const { stats } = set;
  const inserted = set.records.filter((r) => r.inserted).length;
  console.log(`${dataset.name}: ${stats.eligibleUsers} of ${stats.users} users kept (${stats.droppedUsers} with < ${MIN_INTERACTIONS} interactions dropped), ${stats.rounds} rounds`);
  console.log(
    `built ${stats.built.rank} ranking and ${stats.built.rating} rating instructions; dropped ${stats.duplicates.rank + stats.duplicates.rating} duplicates and ` +
      `${stats.lowQuality.rank + stats.lowQuality.rating} low-quality ones (ranking ${stats.lowQuality.rank}, rating ${stats.lowQuality.rating})`,
  );
  console.log(
    `wrote ${set.records.length} instructions (${stats.kept.rank} ranking, ${stats.kept.rating} rating; prompts ${PROMPT_VERSION}) to ${values.out}, ${Buffer.byteLength(text)} bytes; ` +
      `in ${inserted} ranking instructions the held-out item was not in the model's top k′ and took its last place`,
  );
  return 0;
}
