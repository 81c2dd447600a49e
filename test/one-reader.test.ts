import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, test } from 'vitest';
import { spawnQcode } from './helpers.js';

/**
 * Every command that looks at segments cuts and codes them as `qcode code` does: the codebook's
 * unit (here sentences), its interviewer labels (their turns not coded), the same ids. Each
 * command is run on the same files and its segments checked against `qcode code`'s.
 */
const CODEBOOK = 'fixtures/codebooks/sentences.yaml';
const INPUTS = 'fixtures/e2e/transcripts';

type Row = Record<string, string>;
const csv = (text: string) => parse(text, { columns: true, skip_empty_lines: true }) as Row[];

describe('one segment reader for every command', () => {
  let segments: Row[];
  let excerpts: Row[];
  beforeAll(() => {
    segments = csv(spawnQcode(['code', INPUTS, '-c', CODEBOOK, '--table', 'segments', '--format', 'csv', '-q']).stdout);
    excerpts = csv(spawnQcode(['code', INPUTS, '-c', CODEBOOK, '--table', 'excerpts', '--format', 'csv', '-q']).stdout);
  });

  test('code cuts sentences and leaves the interviewer uncoded (the ground the others are checked on)', () => {
    expect(segments.length).toBeGreaterThan(15);
    expect(segments.some((s) => s.role === 'interviewer')).toBe(true);
    expect(excerpts.every((e) => e.role !== 'interviewer')).toBe(true);
  });

  test('kwic finds a theme in exactly the segments code codes with it, as often', () => {
    const run = spawnQcode(['kwic', 'communication', INPUTS, '-c', CODEBOOK, '--format', 'csv']);
    const kwic = csv(run.stdout);
    const coded = excerpts.filter((e) => e.theme_id === 'communication');
    expect(new Set(kwic.map((k) => k.segment_id))).toEqual(new Set(coded.map((e) => e.segment_id)));
    expect(kwic.length).toBe(coded.reduce((n, e) => n + Number(e.hits), 0));
  });

  test('suggest learns from the segments code codes with the theme', () => {
    const run = spawnQcode(['suggest', 'communication', '--in', INPUTS, '-c', CODEBOOK, '--format', 'csv']);
    const coded = excerpts.filter((e) => e.theme_id === 'communication').length;
    expect(run.stderr).toMatch(new RegExp(`for 'communication' from ${coded} coded segments\\n$`));
  });

  test('codebook explain --in counts the hits code finds', () => {
    const run = spawnQcode(['codebook', 'explain', CODEBOOK, 'trust', '--in', INPUTS, '--format', 'csv']);
    const matched = csv(run.stdout)
      .map((r) => r.matched_in_corpus ?? '')
      .join(' ');
    const counted = [...matched.matchAll(/×(\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);
    const hits = excerpts.filter((e) => e.theme_id === 'trust').reduce((n, e) => n + Number(e.hits), 0);
    expect(counted).toBe(hits);
  });

  test("agree --show-disagreements shows each segment's text as code cut it", () => {
    const dir = mkdtempSync(join(tmpdir(), 'qcode-reader-'));
    const everything = join(dir, 'all-trust.csv');
    writeFileSync(everything, `segment_id,theme_id\n${segments.map((s) => `${s.segment_id},trust`).join('\n')}\n`);
    const run = spawnQcode(['agree', everything, '--show-disagreements', INPUTS, '-c', CODEBOOK, '--format', 'csv', spawnQcodeResults(dir)]);
    const rows = csv(run.stdout).filter((r) => r.theme_id === 'trust');
    expect(rows.length).toBeGreaterThan(0);
    const texts = new Map(excerpts.map((e) => [e.segment_id, e.text]));
    for (const row of rows) if (texts.has(row.segment_id ?? '')) expect(row.text).toBe(texts.get(row.segment_id ?? ''));
    expect(new Set(rows.map((r) => r.segment_id))).toEqual(
      new Set(segments.map((s) => s.segment_id).filter((id) => !excerpts.some((e) => e.segment_id === id && e.theme_id === 'trust'))),
    );
  });

  test('codebook fit samples the segments code codes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qcode-reader-'));
    const coding = join(dir, 'coding.csv');
    const documents = [...new Set(segments.map((s) => s.document))];
    writeFileSync(coding, `segment_id,theme_id\n${documents.map((d) => `${d}#1,`).join('\n')}\n`);
    const run = spawnQcode(['codebook', 'fit', CODEBOOK, coding, '--in', INPUTS, '--folds', '2']);
    const eligible = segments.filter((s) => s.role !== 'interviewer').length;
    expect(run.stderr).toContain(`from ${eligible} hand-coded segments`);
  });
});

/** A results folder of `qcode code -o` for the inputs, so agree compares over every segment. */
function spawnQcodeResults(dir: string): string {
  const out = join(dir, 'results');
  expect(spawnQcode(['code', INPUTS, '-c', CODEBOOK, '-o', out, '-q', '--no-qdpx']).code).toBe(0);
  return out;
}
