import { describe, expect, test } from 'vitest';
import { keyTerms, logLikelihood } from '../src/analysis/keyness.js';
import { runQcode } from './helpers.js';

describe('keyness', () => {
  test('log-likelihood G² matches values computed by hand, signed by direction', () => {
    // 5 of 50 target tokens, 0 of 100 reference: 2·Σ O·ln(O/E) over the 2 × 2 table
    expect(logLikelihood(5, 0, 50, 100)).toBeCloseTo(11.3351, 3);
    expect(logLikelihood(10, 10, 100, 400)).toBeCloseTo(9.4021, 3);
    expect(logLikelihood(1, 40, 100, 400)).toBeLessThan(0);
  });

  test('keeps terms over-represented in the target, seen often enough, most key first', () => {
    const target = new Map([
      ['calls', 5],
      ['the', 10],
      ['rare', 1],
    ]);
    const reference = new Map([
      ['the', 90],
      ['calls', 0],
      ['rare', 0],
      ['other', 40],
    ]);
    expect(keyTerms(target, reference, 2).map((k) => k.term)).toEqual(['calls']);
  });
});

describe('qcode suggest', () => {
  test("suggests words the theme's segments use and its rules miss, with context", async () => {
    // A codebook of the tests' own, so tuning the built-in one does not move what is suggested.
    const result = await runQcode([
      'suggest',
      'communication',
      '-c',
      'fixtures/codebooks/small.yaml',
      '--in',
      'fixtures/transcripts',
      'fixtures/gold',
      '--top',
      '3',
    ]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toBe('term,in_theme,elsewhere,g2,context');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['pressure', 'back', 'homes']);
    expect(result.stdout).toContain('no one rings [back]');
    expect(result.stderr).toBe("3 candidate rules for 'communication' from 21 coded segments\n");
  });

  test('an unknown theme is a usage error', async () => {
    const result = await runQcode(['suggest', 'nope', '--in', 'fixtures/transcripts']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^qcode: codebooks\/partnership\.yaml has no theme 'nope'; its themes are: trust, /);
  });
});
