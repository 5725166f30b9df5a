import type { RankingReport, RatingReport } from './evaluate.ts';

type Report = RankingReport | RatingReport;
/** What a table needs: the loop evaluation (loop-eval.ts) prints its reports with it too. */
type TableReport = Pick<Report, 'overall' | 'groups' | 'users' | 'target'>;

/** A report without its per-user columns: what a CLI prints as JSON (typed arrays serialise badly). */
export function reportSummary<R extends Report>(report: R): Omit<R, 'perUser'> {
  const { perUser: _perUser, ...summary } = report;
  return summary;
}

/**
 * A plain-text table: one row for all users, then one per activity group, one column per metric.
 * Metrics print with 4 decimals, the precision the paper reports.
 */
export function formatReport(title: string, report: TableReport): string {
  const names = Object.keys(report.overall);
  const rows: string[][] = [
    ['users', 'n', ...names],
    [`all (${report.target})`, String(report.users), ...names.map((m) => fixed(report.overall[m]))],
    ...report.groups.map((g) => [g.label, String(g.users), ...names.map((m) => fixed(g.metrics[m]))]),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const lines = rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
  return [title, ...lines].join('\n');
}

function fixed(value: number | undefined): string {
  return value === undefined || Number.isNaN(value) ? '–' : value.toFixed(4);
}
