/**
 * The side-by-side table of `l4r bench lightgcn`: per framework, s/epoch, peak RSS and the test
 * metrics as mean ± sd over seeds, the paper's LightGCN base figures for reference, and a paired
 * t-test (by seed) of TF.js against PyTorch per metric. Pure: rows in, text out.
 */
import { fixed4, pValue } from '../experiment/format-number.ts';
import { meanSd, pairedTTest } from '../eval/stats/summary.ts';
import type { LightGcnBenchRow } from './bench-lightgcn-child.ts';

export const TABLE_METRICS = ['HR@3', 'NDCG@3', 'HR@5', 'NDCG@5'] as const;

/** The paper's LightGCN base on ML-100K (its Table 2), for reference: not measured here. */
export const PAPER_LIGHTGCN_ML100K: Record<(typeof TABLE_METRICS)[number], number> = { 'HR@3': 0.0492, 'NDCG@3': 0.0343, 'HR@5': 0.0744, 'NDCG@5': 0.0447 };

const pm = (values: number[], digits = 4) => {
  const s = meanSd(values);
  return Number.isFinite(s.sd) ? `${s.mean.toFixed(digits)} ± ${s.sd.toFixed(digits)}` : s.mean.toFixed(digits);
};

/** Rows grouped by framework name, in first-seen order. */
export function byFramework(rows: readonly LightGcnBenchRow[]): Map<string, LightGcnBenchRow[]> {
  const groups = new Map<string, LightGcnBenchRow[]>();
  for (const row of rows) {
    if (!groups.has(row.name)) groups.set(row.name, []);
    groups.get(row.name)!.push(row);
  }
  return groups;
}

export function formatLightGcnTable(rows: readonly LightGcnBenchRow[]): string {
  const groups = byFramework(rows);
  const header = `| framework | seeds | s/epoch | epochs (best) | peak RSS MiB | validation NDCG@10 | ${TABLE_METRICS.join(' | ')} |`;
  const lines = [header, `|---|---|---|---|---|---|${TABLE_METRICS.map(() => '---').join('|')}|`];
  for (const [name, group] of groups) {
    const step = group[0]!.step ? ` (${group[0]!.step})` : '';
    const epochs = group.map((r) => `${r.epochs} (${r.bestEpoch})`).join(', ');
    const metrics = TABLE_METRICS.map((m) => pm(group.map((r) => r.test[m]!)));
    lines.push(`| ${name}${step} | ${group.map((r) => r.seed).join(', ')} | ${pm(group.map((r) => r.secondsPerEpoch), 3)} | ${epochs} | ${pm(group.map((r) => r.peakRssMiB), 0)} | ${pm(group.map((r) => r.bestValidation))} | ${metrics.join(' | ')} |`);
  }
  lines.push(`| paper, LightGCN base on ML-100K (not measured here) | | | | | | ${TABLE_METRICS.map((m) => fixed4(PAPER_LIGHTGCN_ML100K[m])).join(' | ')} |`);
  return lines.join('\n');
}

/** "tfjs-wasm vs pytorch …: HR@3 +0.0012 (p 0.41), …" for seeds both ran; null when they share fewer than two. */
export function pairedComparison(rows: readonly LightGcnBenchRow[], a: string, b: string): string | null {
  const groups = byFramework(rows);
  const left = new Map((groups.get(a) ?? []).map((r) => [r.seed, r]));
  const right = new Map((groups.get(b) ?? []).map((r) => [r.seed, r]));
  const seeds = [...left.keys()].filter((s) => right.has(s));
  if (seeds.length < 2) return null;
  const parts = TABLE_METRICS.map((m) => {
    const t = pairedTTest(seeds.map((s) => left.get(s)!.test[m]!), seeds.map((s) => right.get(s)!.test[m]!));
    return `${m} ${t.meanDifference >= 0 ? '+' : ''}${t.meanDifference.toFixed(4)} (p ${pValue(t.p)})`;
  });
  const speed = meanSd(seeds.map((s) => right.get(s)!.secondsPerEpoch)).mean / meanSd(seeds.map((s) => left.get(s)!.secondsPerEpoch)).mean;
  return `${a} vs ${b}, paired by seed (${seeds.length}): ${parts.join(', ')}; ${speed.toFixed(2)}× the speed per epoch`;
}
