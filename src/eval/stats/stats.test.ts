/**
 * Reference values: closed forms (t with 1 and 2 degrees of freedom; the interval and t statistic
 * by hand), and SciPy 1.10 (Debian python3-scipy) for the rest:
 *   scipy.special.betainc(a, b, x), scipy.stats.t.cdf / t.ppf, scipy.stats.ttest_rel(a, b),
 *   scipy.stats.t.interval(0.95, n−1, loc=mean, scale=sd/√n).
 */
import { describe, expect, it } from 'vitest';
import { logGamma, regularizedIncompleteBeta } from './incomplete-beta.ts';
import { studentTCdf, studentTQuantile, studentTTwoSided } from './student-t.ts';
import { confidenceInterval, meanSd, pairedTTest } from './summary.ts';

describe('special functions', () => {
  it('ln Γ matches factorials and Γ(1/2) = √π', () => {
    expect(logGamma(1)).toBeCloseTo(0, 13);
    expect(logGamma(6)).toBeCloseTo(Math.log(120), 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
    expect(logGamma(0.1)).toBeCloseTo(2.252712651734206, 11); // ln Γ(0.1), by the reflection formula
  });

  it('I_x(a, b) matches closed forms and SciPy', () => {
    // I_x(1, 1) = x; I_x(a, 1) = x^a; I_x(1/2, 1/2) = (2/π) asin √x.
    expect(regularizedIncompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 14);
    expect(regularizedIncompleteBeta(0.6, 3, 1)).toBeCloseTo(0.216, 14);
    expect(regularizedIncompleteBeta(0.9, 0.5, 0.5)).toBeCloseTo((2 / Math.PI) * Math.asin(Math.sqrt(0.9)), 13);
    expect(regularizedIncompleteBeta(0.3, 2.5, 0.5)).toBeCloseTo(0.01892712407194565, 13);
    expect(regularizedIncompleteBeta(0.45, 30, 40)).toBeCloseTo(0.6447480085585666, 12);
    expect(regularizedIncompleteBeta(0, 2, 3)).toBe(0);
    expect(regularizedIncompleteBeta(1, 2, 3)).toBe(1);
    expect(regularizedIncompleteBeta(1.5, 2, 3)).toBeNaN();
  });
});

describe("Student's t", () => {
  it('CDF: Cauchy for df 1, the closed form for df 2, SciPy otherwise', () => {
    for (const t of [-3, -0.4, 0, 0.7, 5]) {
      expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 13);
      expect(studentTCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(t * t + 2)), 13);
    }
    expect(studentTCdf(2.0, 3)).toBeCloseTo(0.9303370157205785, 12);
    expect(studentTCdf(-1.3, 7)).toBeCloseTo(0.11738391769618858, 12);
    expect(studentTCdf(0.5, 30)).toBeCloseTo(0.6896384975574363, 12);
    expect(studentTCdf(4.2, 4)).toBeCloseTo(0.9931520948474517, 12);
    expect(studentTCdf(10, 2.5)).toBeCloseTo(0.9977792521163463, 12);
    expect(studentTTwoSided(-1.3, 7)).toBeCloseTo(2 * 0.11738391769618858, 12);
  });

  // SciPy's t.ppf is itself good to ~1e-8 only here (betainc of its 0.995 quantile at df 3 gives
  // 0.995 − 2.4e-11), so quantiles are checked against it to 7 digits, and against their definition.
  it('quantiles: closed forms for df 1 and 2, SciPy otherwise, and cdf(quantile(p)) = p', () => {
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(Math.tan(0.475 * Math.PI), 9); // 12.7062…
    const a = 2 * 0.975 - 1;
    expect(studentTQuantile(0.975, 2)).toBeCloseTo(a * Math.sqrt(2 / (1 - a * a)), 10); // 4.3027…
    const scipy: [number, number, number][] = [
      [0.975, 4, 2.7764451051977987],
      [0.975, 9, 2.2621571627409915],
      [0.95, 19, 1.729132811521367],
      [0.995, 3, 5.84090929975643],
      [0.025, 4, -2.7764451051977987],
    ];
    for (const [p, df, expected] of scipy) {
      const q = studentTQuantile(p, df);
      expect(q).toBeCloseTo(expected, 7);
      expect(studentTCdf(q, df)).toBeCloseTo(p, 13);
    }
    expect(studentTQuantile(1, 4)).toBeNaN();
  });
});

describe('run summaries', () => {
  // Five seeds of an HR@3-like metric.
  const x = [0.0521, 0.0489, 0.055, 0.0502, 0.053];

  it('mean and sample standard deviation', () => {
    const s = meanSd(x);
    expect(s.mean).toBeCloseTo(0.05184, 15);
    // By hand: Σ(x − mean)² = 2.2732e-5, / 4 = 5.683e-6, √ = 0.0023839…
    expect(s.sd).toBeCloseTo(0.002383904360497711, 15);
    expect(meanSd([3]).sd).toBeNaN();
    expect(meanSd([]).mean).toBeNaN();
  });

  it('the 95% t interval of the mean', () => {
    const ci = confidenceInterval(x);
    expect(ci.low).toBeCloseTo(0.04887999178040901, 12);
    expect(ci.high).toBeCloseTo(0.05480000821959098, 12);
    expect(ci.halfWidth).toBeCloseTo((2.7764451051977987 * 0.002383904360497711) / Math.sqrt(5), 12);
    expect(confidenceInterval([1]).low).toBeNaN();
  });

  it('the paired t-test against SciPy ttest_rel', () => {
    const better = pairedTTest(x, [0.047, 0.048, 0.0495, 0.0461, 0.0512]);
    expect(better.t).toBeCloseTo(3.823483310514722, 10);
    expect(better.p).toBeCloseTo(0.018722306241193865, 12);
    expect(better.df).toBe(4);
    const unclear = pairedTTest([1, 2, 3, 4], [1.1, 2.5, 2.9, 4.6]);
    expect(unclear.t).toBeCloseTo(-1.6646297986075504, 12);
    expect(unclear.p).toBeCloseTo(0.19457549662216694, 12);
  });

  it('says what it can when the differences do not vary, and refuses unpaired input', () => {
    expect(pairedTTest([1, 2, 3], [0, 1, 2])).toMatchObject({ t: Number.POSITIVE_INFINITY, p: 0 });
    expect(pairedTTest([1, 2, 3], [1, 2, 3])).toMatchObject({ t: 0, p: 1 });
    expect(pairedTTest([1], [0]).p).toBeNaN();
    expect(() => pairedTTest([1, 2], [1])).toThrow(RangeError);
  });
});
