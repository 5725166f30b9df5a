/**
 * Parse throughput in Node: how many interaction rows per second `parseDataset` reads from a
 * path (decoding, splitting, checking, filling typed arrays; no storage). Wall-clock time of
 * one full parse after one warm-up parse, so the JIT has compiled the hot loop.
 */
import { sourceFromPath } from '../data/import/node-source.ts';
import { parseDataset } from '../data/import/parse.ts';

export interface ParseThroughput {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
}

export async function measureParseThroughput(path: string, options: { warmup?: boolean } = {}): Promise<ParseThroughput> {
  const source = await sourceFromPath(path);
  if (options.warmup ?? true) await parseDataset(source);
  const start = performance.now();
  const dataset = await parseDataset(source);
  const seconds = (performance.now() - start) / 1000;
  const rows = dataset.interactions.length;
  return { rows, seconds, rowsPerSecond: rows / seconds };
}
