import { describe, expect, test } from 'vitest';
import { chiSquare, upperGamma } from '../src/analysis/chi-square.js';

describe('chiSquare (checked against values computed by hand)', () => {
  test('2 groups: coded 10 of 20 and 2 of 20', () => {
    // Expected coded counts 6 and 6, not coded 14 and 14:
    // χ² = 2·(4²/6) + 2·(4²/14) = 7.619…, df 1, p = erfc(√(χ²/2)) = 0.005775…
    const result = chiSquare([10, 2], [20, 20]);
    expect(result?.statistic).toBeCloseTo(7.6190476, 6);
    expect(result?.df).toBe(1);
    expect(result?.p).toBeCloseTo(0.0057755, 6);
    expect(result?.lowExpected).toBe(false);
    // Adjusted residual: (10 − 6) / √(6 · (1 − 12/40) · (1 − 20/40)) = 4 / √2.1
    expect(result?.residuals[0]).toBeCloseTo(2.7602622, 6);
    expect(result?.residuals[1]).toBeCloseTo(-2.7602622, 6);
  });

  test('flags expected counts below 5 and leaves empty groups out', () => {
    const result = chiSquare([3, 0, 1], [10, 0, 10]);
    expect(result?.df).toBe(1);
    expect(result?.lowExpected).toBe(true);
    expect(result?.residuals[1]).toBe(0);
  });

  test.each([
    ['one group only', [3], [10]],
    ['never coded', [0, 0], [10, 10]],
    ['coded everywhere', [10, 5], [10, 5]],
  ])('is undefined when %s', (_, coded, totals) => {
    expect(chiSquare(coded, totals)).toBeUndefined();
  });

  test('upper incomplete gamma: the chi-square tail for df 2 at its 5% point, and at 0', () => {
    expect(upperGamma(1, 5.991464547 / 2)).toBeCloseTo(0.05, 9);
    expect(upperGamma(1.5, 0)).toBe(1);
    expect(upperGamma(5, 0.5)).toBeCloseTo(0.99982788, 7);
  });
});
