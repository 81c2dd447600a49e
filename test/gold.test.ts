import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, test } from 'vitest';
import { compareCodings, type Agreement, type Coding } from '../src/analysis/agreement.js';
import { parseCoding } from '../src/analysis/read-coding.js';
import { parseCodebook } from '../src/codebook/parse.js';
import { ROOT, spawnQcode } from './helpers.js';

/**
 * The built-in codebook against the hand-coded development set (fixtures/gold). The floors are
 * the levels reached when the codebook was tuned (see the README's figures), so a change to the
 * codebook or the matcher that loses agreement fails here.
 */
const POOLED_KAPPA_FLOOR = 0.85;
const MICRO_F1_FLOOR = 0.85;

const THEMES = parseCodebook('partnership.yaml', readFileSync(join(ROOT, 'codebooks/partnership.yaml'), 'utf8')).codebook!.themes.map((t) => t.id);

describe('the built-in codebook on the development set', () => {
  let agreement: Agreement;
  let gold: Coding;
  beforeAll(() => {
    const run = spawnQcode(['code', 'fixtures/gold/dev.txt', '--unit', 'paragraph', '--table', 'excerpts', '--format', 'csv']);
    expect(run.code).toBe(0);
    gold = parseCoding('dev.csv', readFileSync(join(ROOT, 'fixtures/gold/dev.csv'), 'utf8'));
    const candidate = parseCoding('excerpts.csv', run.stdout);
    agreement = compareCodings(gold, candidate, THEMES);
  });

  test('every gold segment is a segment qcode finds (the set and the reader agree on paragraphs)', () => {
    const run = spawnQcode(['code', 'fixtures/gold/dev.txt', '--unit', 'paragraph', '--table', 'summary']);
    expect(JSON.parse(run.stdout).counts.coded_segments).toBe(gold.size);
    const rows = parse(readFileSync(join(ROOT, 'fixtures/gold/dev.csv')), { columns: true }) as { theme_id: string }[];
    for (const row of rows) if (row.theme_id) expect(THEMES).toContain(row.theme_id);
  });

  test(`pooled kappa stays at or above ${POOLED_KAPPA_FLOOR} and micro F1 at or above ${MICRO_F1_FLOOR}`, () => {
    expect(agreement.pooledKappa).toBeGreaterThanOrEqual(POOLED_KAPPA_FLOOR);
    expect(agreement.micro.f1).toBeGreaterThanOrEqual(MICRO_F1_FLOOR);
  });

  test('no theme the codebook codes three or more times has precision below 0.6', () => {
    const weak = agreement.themes.filter((t) => t.candidate >= 3 && (t.precision ?? 0) < 0.6).map((t) => `${t.theme} ${t.precision?.toFixed(2)}`);
    expect(weak).toEqual([]);
  });
});
