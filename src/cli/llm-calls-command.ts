/**
 * `l4r llm-calls`: how many LLM re-ranking calls the skip rule (src/aggregate/skip-llm.ts)
 * saves on a dataset, for every (α1, α2) of the tuning grid and each k'. One would-be call per
 * user; N(u) counts the training split of leave-one-out by time.
 */
import { parseArgs } from 'node:util';
import { countSkippedCalls } from '../aggregate/skip-llm.ts';
import { leaveOneOutByTime } from '../data/splits.ts';
import { parseDatasetFromPath } from '../data/import/node-source.ts';
import { RecError } from '../errors.ts';
import { countPerUser } from '../data/user-items.ts';

export const usage = `usage: l4r llm-calls [--data PATH] [--k-prime 10,20] [--llm-top all,5] [--json]

Counts, for each α1, α2 in {0.1, 0.3, 0.5, 0.7, 0.9}, each k' and each P, the users whose α_u
is too small for the LLM to change their re-ranked candidates (α_u ≤ 1/(min(P, k'−1) + 1)),
i.e. the LLM calls the skip rule spares.

  --data PATH      dataset folder or file (default public/data/ml-latest-small)
  --k-prime LIST   candidates re-ranked per user, comma-separated (default 10,20)
  --llm-top LIST   how many of them the LLM is asked to name (P): numbers or "all" (default all,5)
  --json           print the rows as JSON`;

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      data: { type: 'string', default: 'public/data/ml-latest-small' },
      'k-prime': { type: 'string', default: '10,20' },
      'llm-top': { type: 'string', default: 'all,5' },
      json: { type: 'boolean', default: false },
    },
  });
  const kPrimes = values['k-prime'].split(',').map((s) => Number(s.trim()));
  if (kPrimes.some((k) => !Number.isInteger(k) || k < 2)) {
    throw new RecError('CONFIG_INVALID', `--k-prime must list whole numbers ≥ 2 (got "${values['k-prime']}"), e.g. --k-prime 10,20.`);
  }
  const tops = values['llm-top'].split(',').map((s) => s.trim());
  if (tops.some((t) => t !== 'all' && !(Number.isInteger(Number(t)) && Number(t) >= 1))) {
    throw new RecError('CONFIG_INVALID', `--llm-top must list whole numbers ≥ 1 or "all" (got "${values['llm-top']}"), e.g. --llm-top all,5.`);
  }
  const shapes = kPrimes.flatMap((kPrime) =>
    tops.map((t) => ({ kPrime, llmPlaces: t === 'all' ? kPrime : Math.min(Number(t), kPrime) })),
  );
  const dataset = await parseDatasetFromPath(values.data);
  const split = leaveOneOutByTime(dataset.interactions);
  const counts = countPerUser(dataset.interactions, split.train, dataset.users.length);
  const rows = countSkippedCalls(counts, shapes);
  if (values.json) {
    console.log(JSON.stringify(rows, null, 2));
    return 0;
  }
  console.log(`${dataset.name}: ${dataset.users.length} users, one re-ranking call each without the skip rule`);
  console.log("k'   P    α1   α2   calls  skipped  saved");
  for (const r of rows) {
    const saved = r.users === 0 ? 0 : (100 * r.skipped) / r.users;
    console.log(
      `${String(r.kPrime).padEnd(4)} ${String(r.llmPlaces).padEnd(4)} ${r.alpha1.toFixed(1)}  ${r.alpha2.toFixed(1)}  ${String(r.calls).padStart(5)}  ${String(r.skipped).padStart(7)}  ${saved.toFixed(1).padStart(5)}%`,
    );
  }
  return 0;
}
