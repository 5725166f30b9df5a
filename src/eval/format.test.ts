import { describe, expect, it } from 'vitest';
import { evaluateRanking } from './evaluate.ts';
import { formatReport, reportSummary } from './format.ts';
import { fourByThree, NUM_ITEMS, NUM_USERS } from '../../tests/helpers/eval/four-by-three.ts';
import { ScoreFnModel } from '../../tests/helpers/eval/score-fn-model.ts';

describe('formatReport', () => {
  it('prints overall and per-group figures in aligned columns', async () => {
    const { table, split } = fourByThree();
    // prefers C > B > A: ranks u0 0, u1 0, u2 0, u3 1 (see evaluate.test.ts)
    const model = new ScoreFnModel(NUM_USERS, NUM_ITEMS, (_, i) => i);
    const report = await evaluateRanking(model, table, split, { target: 'test', ks: [1] });
    expect(formatReport('example', report)).toBe(
      [
        'example',
        'users                n    HR@1  NDCG@1',
        'all (test)           4  0.7500  0.7500',
        'Q2 (1 interaction)   1  1.0000  1.0000',
        'Q3 (1 interaction)   1  1.0000  1.0000',
        'Q4 (1 interaction)   1  0.0000  0.0000',
        'Q5 (2 interactions)  1  1.0000  1.0000',
      ].join('\n'),
    );
    const summary = reportSummary(report);
    expect('perUser' in summary).toBe(false);
    expect(JSON.parse(JSON.stringify(summary)).overall).toEqual({ 'HR@1': 0.75, 'NDCG@1': 0.75 });
  });
});
