/**
 * `l4r export-instructions --data <path> --out <file>`: the paper's instruction-tuning set
 * (listwise ranking + rating) from local data, as JSONL `{instruction, input, output}`.
 */
import { DEFAULT_CONFIG } from '../config.ts';
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { RecError } from '../errors.ts';
import { parseDatasetFromPath } from '../data/import/node-source.ts';
import { leaveOneOutByTime } from '../data/splits.ts';
import { buildInstructions, MIN_INTERACTIONS, toJsonl } from '../llm/instructions.ts';
import { PROMPT_VERSION } from '../llm/prompts/prompt-version.ts';
import { wholeNumberFlag } from './whole-number-flag.ts';

export const usage = `usage: l4r export-instructions --data <path> --out <file> [options]

Writes the Llama4Rec instruction-tuning set as JSONL ({"instruction", "input", "output"} per
line): listwise ranking and rating instructions sampled from the leave-one-out training rows
(validation and test items never appear), users with fewer than ${MIN_INTERACTIONS} interactions dropped.

  --data <path>        dataset folder or file (e.g. public/data/ml-latest-small)
  --out <file>         output .jsonl file
  --per-task <n>       samples per task (default ${DEFAULT_CONFIG.instructions.perTask}, as in the paper)
  --seed <n>           sampling seed (default 1)
  --candidates <n>     candidates per ranking instruction (default 10)
  --k <n>              positives per ranking instruction (default 3)
  --context <tokens>   context window every prompt must fit (default 2048, as in the paper)`;

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      data: { type: 'string' },
      out: { type: 'string' },
      'per-task': { type: 'string' },
      seed: { type: 'string' },
      candidates: { type: 'string' },
      k: { type: 'string' },
      context: { type: 'string' },
    },
  });
  if (!values.data || !values.out) {
    console.error(usage);
    return 2;
  }
  const dataset = await parseDatasetFromPath(values.data);
  const split = leaveOneOutByTime(dataset.interactions);
  const set = buildInstructions(dataset, split, {
    perTask: wholeNumberFlag(values['per-task'], 'per-task', DEFAULT_CONFIG.instructions.perTask, 0),
    seed: wholeNumberFlag(values.seed, 'seed', 1, 0),
    candidates: wholeNumberFlag(values.candidates, 'candidates', 10, 2),
    k: wholeNumberFlag(values.k, 'k', 3, 1),
    contextWindow: wholeNumberFlag(values.context, 'context', 2048, 256),
  });
  const text = toJsonl(set.records.map((r) => r.record));
  await writeFile(values.out, text, 'utf8').catch((cause: unknown) => {
    throw new RecError('CONFIG_INVALID', `Cannot write ${values.out} (${(cause as NodeJS.ErrnoException).code ?? String(cause)}); check the folder exists and is writable.`, { cause });
  });
  const { stats } = set;
  console.log(`${dataset.name}: ${stats.eligibleUsers} of ${stats.users} users kept (${stats.droppedUsers} with < ${MIN_INTERACTIONS} interactions dropped)`);
  console.log(`wrote ${set.records.length} instructions (${stats.rank} ranking, ${stats.rating} rating; prompts ${PROMPT_VERSION}) to ${values.out}, ${Buffer.byteLength(text)} bytes`);
  return 0;
}
