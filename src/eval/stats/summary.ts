/**
 * Summaries of repeated runs (seeds): mean ± standard deviation, a Student-t confidence interval
 * of the mean, and the paired t-test the paper marks its improvements with (p ≤ 0.05).
 */
import { studentTQuantile, studentTTwoSided } from './student-t.ts';

export interface MeanSd {
  n: number;
  mean: number;
  /** Sample standard deviation (n − 1 in the denominator); NaN for fewer than two values. */
  sd: number;
}

export interface Interval extends MeanSd {
  /** e.g. 0.95 */
  level: number;
  low: number;
  high: number;
  /** Half the interval's width: t_{(1+level)/2, n−1} · sd / √n. */
  halfWidth: number;
}

export interface PairedTTest {
  n: number;
  /** Mean of the differences a − b. */
  meanDifference: number;
  sdDifference: number;
  t: number;
  df: number;
  /** Two-sided. */
  p: number;
}

export function meanSd(values: readonly number[]): MeanSd {
  const n = values.length;
  if (n === 0) return { n, mean: Number.NaN, sd: Number.NaN };
  const mean = values.reduce((s, v) => s + v, 0) / n;
  if (n < 2) return { n, mean, sd: Number.NaN };
  const ss = values.reduce((s, v) => s + (v - mean) ** 2, 0);
  return { n, mean, sd: Math.sqrt(ss / (n - 1)) };
}

/** The t confidence interval of the mean at `level` (default 0.95); NaN bounds for fewer than two values. */
export function confidenceInterval(values: readonly number[], level = 0.95): Interval {
  if (!(level > 0 && level < 1)) throw new RangeError(`A confidence level is in (0, 1), got ${level}.`);
  const summary = meanSd(values);
  if (summary.n < 2) return { ...summary, level, low: Number.NaN, high: Number.NaN, halfWidth: Number.NaN };
  const halfWidth = (studentTQuantile((1 + level) / 2, summary.n - 1) * summary.sd) / Math.sqrt(summary.n);
  return { ...summary, level, low: summary.mean - halfWidth, high: summary.mean + halfWidth, halfWidth };
}

/**
 * Paired two-sided t-test of a against b (same length, paired by position, e.g. by seed).
 * Differences all equal: t is ±Infinity (p 0) when they are not zero, and 0 (p 1) when they are.
 * Fewer than two pairs: t and p are NaN.
 */
export function pairedTTest(a: readonly number[], b: readonly number[]): PairedTTest {
  if (a.length !== b.length) throw new RangeError(`A paired t-test needs as many values on each side, got ${a.length} and ${b.length}.`);
  const d = a.map((x, k) => x - b[k]!);
  const { n, mean, sd } = meanSd(d);
  const df = n - 1;
  if (n < 2) return { n, meanDifference: mean, sdDifference: sd, t: Number.NaN, df, p: Number.NaN };
  if (sd === 0) {
    const t = mean === 0 ? 0 : mean > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
    return { n, meanDifference: mean, sdDifference: sd, t, df, p: mean === 0 ? 1 : 0 };
  }
  const t = mean / (sd / Math.sqrt(n));
  return { n, meanDifference: mean, sdDifference: sd, t, df, p: studentTTwoSided(t, df) };
}
