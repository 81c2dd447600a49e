/** A chi-square test of whether a theme is coded equally often across groups. */
export interface ChiSquare {
  statistic: number;
  df: number;
  p: number;
  /** Some expected count is below 5: the test's p-value should not be trusted. */
  lowExpected: boolean;
  /** Adjusted standardised residual of the coded count in each group, in the order given. */
  residuals: number[];
}

/** ln Γ(x), Lanczos approximation (g = 7, n = 9): accurate to about 15 digits for x > 0. */
function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
    9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = c[0] as number;
  for (let i = 1; i < 9; i++) sum += (c[i] as number) / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** The regularised upper incomplete gamma function Q(a, x): a series below a + 1, a continued fraction above. */
export function upperGamma(a: number, x: number): number {
  if (x <= 0) return 1;
  const front = Math.exp(-x + a * Math.log(x) - logGamma(a));
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 1000 && Math.abs(term) > Math.abs(sum) * 1e-15; n++) {
      term *= x / (a + n);
      sum += term;
    }
    return Math.max(0, 1 - sum * front);
  }
  // Lentz's method for the continued fraction.
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return Math.min(1, front * h);
}

/**
 * Tests independence of "coded with the theme" and group, from the segments coded and the
 * segments in each group. Groups without segments are left out (their residual is 0). Returns
 * `undefined` when the test is not defined: fewer than two groups, or the theme coded in no
 * segment or in every one.
 */
export function chiSquare(coded: number[], totals: number[]): ChiSquare | undefined {
  const used = totals.map((t) => t > 0);
  const n = totals.reduce((a, b) => a + b, 0);
  const codedAll = coded.reduce((a, b) => a + b, 0);
  const groups = used.filter(Boolean).length;
  if (groups < 2 || codedAll === 0 || codedAll === n) return undefined;
  let statistic = 0;
  let lowExpected = false;
  const residuals = totals.map((total, g) => {
    if (!used[g]) return 0;
    const observed = coded[g] as number;
    const expectedCoded = (codedAll * total) / n;
    const expectedNot = ((n - codedAll) * total) / n;
    if (expectedCoded < 5 || expectedNot < 5) lowExpected = true;
    statistic += (observed - expectedCoded) ** 2 / expectedCoded + (total - observed - expectedNot) ** 2 / expectedNot;
    return (observed - expectedCoded) / Math.sqrt(expectedCoded * (1 - codedAll / n) * (1 - total / n));
  });
  const df = groups - 1;
  return { statistic, df, p: upperGamma(df / 2, statistic / 2), lowExpected, residuals };
}
