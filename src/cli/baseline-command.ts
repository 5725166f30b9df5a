/**
 * `l4r baseline --data <path>`: the popularity baseline under the evaluation protocol
 * (leave-one-out by time, full ranking, HR/NDCG@k, RMSE/MAE, per activity group) — the figures
 * every model is reported beside.
 */
import { DEFAULT_CONFIG } from '../config.ts';
import { parseCommandArgs } from './command-args.ts';
import { parseDatasetFromPath } from '../data/import/node-source.ts';
import { leaveOneOutByTime } from '../data/splits.ts';
import { RecError } from '../errors.ts';
import { evaluatePopularity } from '../eval/baseline.ts';
import { DEFAULT_KS } from '../eval/evaluate.ts';
import { formatReport, reportSummary } from '../eval/format.ts';
import type { EvalTarget } from '../eval/targets.ts';

export const usage = `usage: l4r baseline --data <path> [--target test|validation] [--ks 3,5,10,20] [--groups N] [--json]

Evaluates the popularity baseline: items ranked by training-interaction count (HR@k, NDCG@k
over all items the user has not interacted with in training), ratings predicted by the item's
mean training rating (RMSE, MAE); overall and per user-activity group.

  --data <path>   dataset folder or file (e.g. public/data/ml-latest-small)
  --target T      test (default) or validation
  --ks LIST       cut-offs, comma-separated (default ${DEFAULT_KS.join(',')})
  --groups N      number of activity groups (default ${DEFAULT_CONFIG.evaluation.groups}: quintiles)
  --json          print JSON instead of tables`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    data: { type: 'string' },
    target: { type: 'string', default: 'test' },
    ks: { type: 'string' },
    groups: { type: 'string', default: String(DEFAULT_CONFIG.evaluation.groups) },
    json: { type: 'boolean' },
  });
  if (values.data === undefined || positionals.length > 0) {
    console.error(usage);
    return 2;
  }
  if (values.target !== 'test' && values.target !== 'validation') {
    throw new RecError('CONFIG_INVALID', `--target "${values.target}" is not a target; use test or validation.`);
  }
  const target: EvalTarget = values.target;
  const ks = values.ks === undefined ? DEFAULT_KS : values.ks.split(',').map((k) => positiveInt(k, '--ks'));
  const groupCount = positiveInt(values.groups, '--groups');

  const dataset = await parseDatasetFromPath(values.data);
  const split = leaveOneOutByTime(dataset.interactions);
  const dims = { numUsers: dataset.users.length, numItems: dataset.items.length };
  const { ranking, rating } = await evaluatePopularity(dataset.interactions, split, dims, { target, ks, groupCount });

  if (values.json) {
    const out = {
      dataset: dataset.name,
      model: 'popularity',
      ranking: reportSummary(ranking),
      rating: rating && reportSummary(rating),
    };
    console.log(JSON.stringify(out, null, 2));
  } else {
    console.log(formatReport(`popularity on ${dataset.name}: leave-one-out by time, full ranking`, ranking));
    if (rating) console.log(`\n${formatReport(`item mean rating on ${dataset.name}`, rating)}`);
  }
  return 0;
}

function positiveInt(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new RecError('CONFIG_INVALID', `${flag} takes positive integers, got "${text}".`);
  }
  return value;
}
