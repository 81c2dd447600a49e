import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { fitTheme, type ThemeProblem } from '../src/refine/fit-search.js';
import { ROOT, spawnQcode } from './helpers.js';

/**
 * fixtures/fit: three care-home interviews coded by hand with two themes. The codebook's
 * `phone` mostly hits talk about people's own phones (coded with nothing), and nothing in it
 * catches "we all pulled together" (coded mutual support twelve times).
 */
const FIT = ['codebook', 'fit', 'fixtures/fit/codebook.yaml', 'fixtures/fit/coding.csv', '--in', 'fixtures/fit', '--folds', '3'];

describe('qcode codebook fit', () => {
  test('proposes the phrase the coding keeps finding, with its evidence, and scores the fit on interviews it did not see', () => {
    const run = spawnQcode(FIT);
    expect(run.code).toBe(0);
    const patch = parse(run.stdout) as { themes: Record<string, { add?: { keywords: string[] } }> };
    expect(patch.themes['mutual-support']?.add?.keywords).toEqual(['pulled together']);
    expect(run.stdout).toContain('- pulled together  # in 12 segments coded with it by hand, 0 others (G² 39.0); chosen in 3 of 3 folds');
    expect(run.stdout).toContain('# coded: home-a.txt#2: "… The families [pulled together] with us and brought in meals for the …"');
    expect(run.stdout).toContain('(3-fold cross-validation by documents)');
    expect(run.stderr).toBe(
      '2 changes proposed from 48 hand-coded segments: pooled kappa 0.37 now, 0.92 fitted on segments the fit did not see (3-fold cross-validation), 0.92 on the sample it was fitted to\n',
    );
  });

  test("proposes the exclusion that cancels a rule's false positives, with their context", () => {
    const { stdout } = spawnQcode(FIT);
    const patch = parse(stdout) as { themes: Record<string, { exclude?: string[] }> };
    expect(patch.themes.communication?.exclude).toEqual(['my phone']);
    expect(stdout).toContain('# by hand 9, by the codebook 21, both 9; kappa now 0.46, fitted 0.82 (cross-validated)');
    expect(stdout).toContain('- my phone  # cancels "phone" in 9 segments, 9 of them not coded with it by hand; chosen in 3 of 3 folds');
    expect(stdout).toMatch(/# not coded: home-a\.txt#\d+: "… .*\[phone\]/);
    // The rule's other false positives are still listed, without the exclusion already proposed.
    expect(stdout).toContain('#   phone: 12 of 15 segments\n');
  });

  test('themes the coding never uses are left alone and out of the pooled kappa', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qcode-fit-'));
    const partial = join(dir, 'partial.csv');
    writeFileSync(partial, readFileSync(join(ROOT, 'fixtures/fit/coding.csv'), 'utf8').replace(/,mutual-support$/gm, ','));
    const run = spawnQcode(['codebook', 'fit', 'fixtures/fit/codebook.yaml', partial, '--in', 'fixtures/fit', '--folds', '3']);
    expect(run.stdout).toContain('# Themes the coding never uses are left alone and out of the pooled kappa: mutual-support.');
    expect(run.stdout).toContain('# mutual-support: the coding never uses it, so it is left alone (the codebook codes 3 of these segments)');
    expect((parse(run.stdout) as { themes: Record<string, unknown> }).themes['mutual-support']).toBeUndefined();
  });

  test('the same inputs give the same patch, byte for byte', () => {
    expect(spawnQcode(FIT).stdout).toBe(spawnQcode(FIT).stdout);
  });

  test('--out writes the patch, prints the per-theme table, and never replaces a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qcode-fit-'));
    const out = join(dir, 'patch.yaml');
    const first = spawnQcode([...FIT, '-o', out, '--format', 'csv']);
    expect(first.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(spawnQcode(FIT).stdout);
    expect(first.stdout.split('\n')[0]).toBe('theme_id,by_hand,by_codebook,both,kappa_now,kappa_fitted_cv,changes');
    expect(first.stdout).toContain('mutual-support,15,3,3,0.26,1,1');
    writeFileSync(out, 'mine');
    const again = spawnQcode([...FIT, '-o', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`not writing ${out}: it exists; choose another name`);
    expect(readFileSync(out, 'utf8')).toBe('mine');
  });

  test('a coding of other files says which files it was given', () => {
    const run = spawnQcode(['codebook', 'fit', 'fixtures/fit/codebook.yaml', 'fixtures/fit/coding.csv', '--in', 'fixtures/transcripts/care-home']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'qcode: none of the segments fixtures/fit/coding.csv codes (such as home-a.txt#2) is in the transcripts given (they are fixtures/transcripts/care-home/ch01-manager.txt, fixtures/transcripts/care-home/ch02-deputy.md): are they the files it was coded from, cut with the same --unit?',
    );
  });

  test('a missing coding file and a bad --folds are refused with exit 2', () => {
    const missing = spawnQcode(['codebook', 'fit', 'fixtures/fit/codebook.yaml', 'nope.csv', '--in', 'fixtures/fit']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read coding nope.csv: no such file');
    const folder = spawnQcode(['codebook', 'fit', 'fixtures/fit/codebook.yaml', 'fixtures/fit', '--in', 'fixtures/fit']);
    expect(folder.stderr).toContain('cannot read coding fixtures/fit: it is a folder; give the CSV file');
    const empty = join(mkdtempSync(join(tmpdir(), 'qcode-fit-')), 'empty.csv');
    writeFileSync(empty, 'segment_id,theme_id\n');
    const none = spawnQcode(['codebook', 'fit', 'fixtures/fit/codebook.yaml', empty, '--in', 'fixtures/fit']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(`${empty} lists no segments: a coding needs rows of segment_id and theme_id`);
    const folds = spawnQcode([...FIT.slice(0, 6), '--folds', '1']);
    expect(folds.code).toBe(2);
    expect(folds.stderr).toContain("--folds takes a whole number from 2 to 20, not '1'");
  });
});

describe('the fit search', () => {
  /** 40 segments: a rule hitting ten the coding leaves out and one it codes; a rule hitting five it codes. */
  function problem(): ThemeProblem {
    const labels = Array.from({ length: 40 }, (_, i) => i >= 30);
    return {
      labels,
      threshold: 1,
      features: [
        { key: 'noisy', initial: 1, where: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 30], counts: Array(11).fill(1) },
        { key: 'good', initial: 1, where: [31, 32, 33, 34, 35], counts: Array(5).fill(1) },
        { key: 'rare', initial: 0, where: [36, 10], counts: [1, 1] },
      ],
    };
  }

  test('drops a rule whose hits the coding mostly leaves out, keeps a rule it agrees with', () => {
    const fit = fitTheme(problem());
    expect(fit.weights.slice(0, 2)).toEqual([0, 1]);
  });

  test('does not add a phrase on one coded segment and one other', () => {
    expect(fitTheme(problem()).weights[2]).toBe(0);
  });
});
