import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chartSvg, niceTicks } from './chart-svg.ts';
import { csvField, runsCsv, summaryCsv } from './csv-report.ts';
import { markdownTable } from './markdown-table.ts';
import { summarizeExperiment } from './summarize-experiment.ts';
import { RUNS, SPEC } from '../../tests/helpers/experiment/two-row-experiment.ts';
import { REPORT_FILES, writeExperimentReports } from './write-reports.ts';

describe('summarising an experiment', () => {
  const summary = summarizeExperiment(SPEC, RUNS);
  const full = summary.rows[1]!;

  it('gives mean ± sd, the 95% interval, the improvement and the paired t-test per metric', () => {
    const hr = full.metrics[0]!;
    expect(hr.interval.mean).toBeCloseTo(0.05184, 12);
    expect(hr.interval.sd).toBeCloseTo(0.002383904360497711, 12);
    expect(hr.interval.low).toBeCloseTo(0.04887999178040901, 10);
    // Backbone mean 0.04836: (0.05184 − 0.04836) / 0.04836.
    expect(hr.improvement).toBeCloseTo((0.05184 - 0.04836) / 0.04836, 12);
    expect(hr.test!.p).toBeCloseTo(0.018722306241193865, 10);
    expect(hr.significant).toBe(true);
    expect(full.metrics[1]!.significant).toBe(false);
    expect(summary.rows[0]!.metrics[0]!.test).toBeUndefined();
  });

  it('adds up what the row cost and the α chosen per seed', () => {
    expect(full.llmCalls).toBe(500);
    expect(full.cacheHitRate).toBeCloseTo(400 / 500, 12);
    expect(full.alphas.map((a) => `${a.alpha1}/${a.alpha2}`)).toEqual(['0.9/0.1', '0.9/0.3', '0.9/0.3', '0.9/0.3', '0.9/0.3']);
    expect(summary.rows[0]!.cacheHitRate).toBeNaN();
  });

  it('counts a lower RMSE as an improvement', () => {
    const spec = { ...SPEC, task: 'rating' as const, metrics: ['RMSE'] };
    const runs = SPEC.seeds.flatMap((seed) => [
      { row: 'backbone', seed, metrics: { RMSE: 1.0 + seed / 1000 } },
      { row: 'full', seed, metrics: { RMSE: 0.9 + seed / 500 } },
    ]);
    const rmse = summarizeExperiment(spec, runs).rows[1]!.metrics[0]!;
    expect(rmse.improvement).toBeGreaterThan(0);
    expect(rmse.significant).toBe(true);
  });

  it('refuses a baseline row the experiment does not have', () => {
    expect(() => summarizeExperiment({ ...SPEC, baselineRow: 'nope' }, RUNS)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });
});

describe('the report files', () => {
  const summary = summarizeExperiment(SPEC, RUNS);

  it('Markdown: the paper layout, a mark where p ≤ 0.05, an Improv. line, α and cache columns', () => {
    const md = markdownTable(summary);
    expect(md).toContain('| | HR@3 | NDCG@3 |');
    // Means and sds as Python's statistics.mean/stdev give them; p of NDCG@3 as scipy.stats.ttest_rel (0.704).
    expect(md).toContain('| Backbone alone | 0.0484 ± 0.0020 | 0.0320 ± 0.0016 |');
    expect(md).toContain('| Llama4Rec | 0.0518 ± 0.0024* | 0.0318 ± 0.0016 |');
    expect(md).toContain('| Improv. (Llama4Rec) | +7.2% (p 0.0187) | -0.6% (p 0.704) |');
    // scipy.stats.t.interval(0.95, 4, loc=mean, scale=sem): the full row's HR@3.
    expect(md).toContain('| Llama4Rec | [0.0489, 0.0548] |');
    expect(md).toContain('| Llama4Rec | 0.9/0.1, 0.9/0.3, 0.9/0.3, 0.9/0.3, 0.9/0.3 | 500 | 80.0% (400/500) |');
    expect(md).toContain('test-double/oracle (a test double, not an LLM)');
  });

  it('CSV: every run, and one line per row and metric; fields quoted where needed', () => {
    const runs = runsCsv(SPEC, RUNS).trim().split('\n');
    expect(runs[0]).toBe('row,seed,HR@3,NDCG@3,alpha1,alpha2,llm_calls,cache_hits,cache_misses,seconds');
    expect(runs).toHaveLength(11);
    expect(runs[1]).toBe('backbone,1,0.047,0.03,,,,,,');
    expect(runs[6]).toBe('full,1,0.0521,0.031,0.9,0.1,100,0,100,');
    const rows = summaryCsv(summary).trim().split('\n');
    expect(rows).toHaveLength(5);
    expect(rows[3]!.startsWith('full,Llama4Rec,HR@3,5,0.05184')).toBe(true);
    expect(rows[3]!.endsWith(',true')).toBe(true);
    expect(csvField('a,"b"')).toBe('"a,""b"""');
    expect(csvField(Number.NaN)).toBe('');
  });

  it('SVG chart: a bar per row and metric at its mean, whiskers, a mark for the significant bar, escaped text', () => {
    const svg = chartSvg({ ...summary, spec: { ...summary.spec, title: 'A < B & C' } });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    const bars = [...svg.matchAll(/<rect class="bar" data-row="([^"]+)" data-metric="([^"]+)" x="[^"]+" y="([^"]+)" width="[^"]+" height="([^"]+)"/g)];
    expect(bars).toHaveLength(4);
    // Heights are proportional to the means (same axis).
    const height = (row: string, metric: string) => Number(bars.find((b) => b[1] === row && b[2] === metric)![4]);
    expect(height('full', 'HR@3') / height('backbone', 'HR@3')).toBeCloseTo(0.05184 / 0.04836, 2);
    expect([...svg.matchAll(/class="mark"/g)]).toHaveLength(1);
    expect(svg).toContain('A &lt; B &amp; C');
    expect(chartSvg(summary)).toBe(chartSvg(summary));
  });

  it('nice ticks cover the data with round steps', () => {
    expect(niceTicks(0.0548)).toEqual([0, 0.02, 0.04, 0.06]);
    expect(niceTicks(1.05)).toEqual([0, 0.5, 1, 1.5]);
  });

  it('writes JSON (NaN as null), Markdown, both CSVs and the chart into a directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'l4r-report-'));
    try {
      const { files } = await writeExperimentReports(dir, SPEC, RUNS);
      expect(files.map((f) => f.slice(dir.length + 1)).sort()).toEqual(Object.values(REPORT_FILES).sort());
      const json = JSON.parse(await readFile(join(dir, REPORT_FILES.json), 'utf8'));
      expect(json.runs).toHaveLength(10);
      expect(json.summary.rows[0].metrics[0].improvement).toBeNull();
      expect(json.spec.llm).toContain('test double');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
