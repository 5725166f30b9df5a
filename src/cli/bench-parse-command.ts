/** `l4r bench-parse <path> [--runs N] [--json]`: parse throughput in Node (rows/s). */
import { parseArgs } from 'node:util';
import { measureParseThroughput } from '../bench/parse-throughput.ts';
import { RecError } from '../errors.ts';

export const usage = `usage: l4r bench-parse <path> [--runs N] [--json]

Parses the dataset at <path> (after one warm-up parse) N times (default 3) and prints rows,
seconds and rows/s for each run and the median. Nothing is stored.`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { runs: { type: 'string', default: '3' }, json: { type: 'boolean' } },
  });
  const [path] = positionals;
  const runs = Number(values.runs);
  if (path === undefined) {
    console.error(usage);
    return 2;
  }
  if (!Number.isInteger(runs) || runs < 1 || runs > 50) {
    throw new RecError('CONFIG_INVALID', `--runs is "${values.runs}"; give a whole number from 1 to 50.`);
  }
  const results = [];
  for (let k = 0; k < runs; k++) results.push(await measureParseThroughput(path, { warmup: k === 0 }));
  const sorted = [...results].sort((a, b) => a.rowsPerSecond - b.rowsPerSecond);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  if (values.json) {
    console.log(JSON.stringify({ path, runs: results, median }, null, 2));
  } else {
    for (const r of results) console.log(`${r.rows} rows in ${r.seconds.toFixed(3)} s = ${Math.round(r.rowsPerSecond)} rows/s`);
    console.log(`median: ${Math.round(median.rowsPerSecond)} rows/s (Node ${process.version}, ${path})`);
  }
  return 0;
}
