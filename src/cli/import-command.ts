/** `l4r import <path> [--format F] [--json]`: parse a dataset in Node and print its counts. */
import { parseArgs } from 'node:util';
import { RecError } from '../errors.ts';
import { parseDatasetFromPath } from '../data/import/node-source.ts';
import { describeRatingScale } from '../data/import/rating-scale.ts';
import { summarizeDataset } from '../data/import/summarize.ts';
import type { DatasetFormat } from '../data/types.ts';

const FORMATS: readonly DatasetFormat[] = ['movielens-csv', 'movielens-100k', 'movielens-1m', 'generic-csv', 'generic-json'];

export const usage = `usage: l4r import <path> [--format F] [--json]

Parses a dataset (a folder or a single file) and prints its counts: users, items, rated
items, interactions, rating histogram, interactions per user (min/median/max).
Nothing is stored; this checks a dataset before importing it in the app.

  <path>          folder (e.g. public/data/ml-latest-small) or file
  --format F      skip detection: ${FORMATS.join(', ')}
  --json          print JSON instead of text
  --progress      print progress to stderr`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { format: { type: 'string' }, json: { type: 'boolean' }, progress: { type: 'boolean' } },
  });
  const [path, ...extra] = positionals;
  if (path === undefined || extra.length > 0) {
    console.error(usage);
    return 2;
  }
  const format = values.format;
  if (format !== undefined && !(FORMATS as readonly string[]).includes(format)) {
    throw new RecError('CONFIG_INVALID', `--format "${format}" is not a format; use one of ${FORMATS.join(', ')}.`);
  }
  let lastPercent = -1;
  const dataset = await parseDatasetFromPath(path, {
    ...(format === undefined ? {} : { format: format as DatasetFormat }),
    ...(values.progress
      ? {
          onProgress: (p: { phase: string; done: number; total?: number }) => {
            const percent = p.total ? Math.floor((100 * p.done) / p.total) : -1;
            if (percent !== lastPercent) console.error(`${p.phase}: ${percent >= 0 ? `${percent}%` : `${p.done} bytes`}`);
            lastPercent = percent;
          },
        }
      : {}),
  });
  const summary = summarizeDataset(dataset);
  if (values.json) {
    console.log(JSON.stringify(summary, null, 2));
  } else {
    const { min, median, max } = summary.interactionsPerUser;
    console.log(`${summary.name} (${summary.format})`);
    console.log(`users ${summary.users}, items ${summary.items} (${summary.ratedItems} rated), interactions ${summary.interactions}`);
    console.log(`interactions per user: min ${min}, median ${median}, max ${max}`);
    console.log(`ratings: ${Object.entries(summary.ratingHistogram).map(([r, n]) => `${r}: ${n}`).join(', ')}`);
    const scale = summary.ratingScale;
    console.log(`rating scale: ${scale ? `${describeRatingScale(scale)} (${scale.source})` : 'none (no ratings)'}; times: ${summary.timestampUnit ?? 'seconds'}`);
  }
  return 0;
}
