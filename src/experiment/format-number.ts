/** Number formats shared by the experiment's Markdown, CSV and chart. */

/** Four decimals (the paper's precision); '–' for a missing figure. */
export function fixed4(value: number): string {
  return Number.isFinite(value) ? value.toFixed(4) : '–';
}

/** A signed percentage with one decimal, e.g. "+41.8%"; '–' for a missing figure. */
export function percent(value: number): string {
  if (!Number.isFinite(value)) return '–';
  const p = value * 100;
  return `${p >= 0 ? '+' : ''}${p.toFixed(1)}%`;
}

/** A p-value for a table: three significant digits, "<0.001" below that. */
export function pValue(p: number | undefined): string {
  if (p === undefined || !Number.isFinite(p)) return '–';
  return p < 0.001 ? '<0.001' : p.toPrecision(3);
}
