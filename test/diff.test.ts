import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, test } from 'vitest';
import { ROOT, spawnQcode } from './helpers.js';

/**
 * The codebook loop: code, edit the codebook, code again, and `qcode diff` says per theme which
 * segments were gained and lost. The edit here drops `trust` from the trust theme's keywords and
 * adds "district nurses" to communication.
 */
const INPUTS = 'fixtures/e2e/transcripts';

describe('qcode diff', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'qcode-diff-'));
    const small = readFileSync(join(ROOT, 'fixtures/codebooks/small.yaml'), 'utf8');
    const edited = small
      .replace('keywords: [trust, "rely on", mistrust]', 'keywords: ["rely on", mistrust]')
      .replace('keywords: [communication, "keep in touch", meeting]', 'keywords: [communication, "keep in touch", meeting, "district nurses"]');
    expect(edited).not.toBe(small);
    writeFileSync(join(dir, 'edited.yaml'), edited);
    for (const [out, codebook] of [
      ['before', 'fixtures/codebooks/small.yaml'],
      ['after', join(dir, 'edited.yaml')],
      ['same', 'fixtures/codebooks/small.yaml'],
    ] as const) {
      expect(spawnQcode(['code', INPUTS, '-c', codebook, '-o', join(dir, out), '-q', '--no-qdpx']).code).toBe(0);
    }
  });

  test('lists per theme the segments gained and lost, with their text', () => {
    const run = spawnQcode(['diff', join(dir, 'before'), join(dir, 'after'), '--format', 'csv']);
    expect(run.code).toBe(0);
    const rows = parse(run.stdout, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => `${r.theme_id} ${r.change} ${r.segment_id}`)).toEqual([
      'trust lost fixtures/e2e/transcripts/care-home/manager.txt#2',
      'trust lost fixtures/e2e/transcripts/reports/evaluation.md#2',
      'communication gained fixtures/e2e/transcripts/partners/forum.txt#2',
    ]);
    expect(rows[0]?.text).toContain("There’s no trust. We don't trust the hospital trust");
    expect(run.stderr).toBe(`1 gained and 2 lost in 2 themes: ${join(dir, 'before')} → ${join(dir, 'after')}\n`);
  });

  test('in a terminal: per-theme counts, then each changed segment on a line', () => {
    const run = spawnQcode(['diff', join(dir, 'before'), join(dir, 'after'), '--format', 'table']);
    expect(run.stdout).toMatch(/^trust +4 +2 +-2$/m);
    expect(run.stdout).toMatch(/^communication +3 +4 +\+1$/m);
    // Each changed segment is shown around the word the theme matched in it.
    expect(run.stdout).toContain(
      "  - fixtures/e2e/transcripts/care-home/manager.txt#2  … Honestly? There’s no [trust]. We don't trust the hospital trust to tell …",
    );
  });

  test('--exit-code exits 1 on any change and 0 on none, for a CI job', () => {
    expect(spawnQcode(['diff', join(dir, 'before'), join(dir, 'after'), '--exit-code']).code).toBe(1);
    const same = spawnQcode(['diff', join(dir, 'before'), join(dir, 'same'), '--exit-code']);
    expect(same.code).toBe(0);
    expect(same.stderr).toBe(`0 gained and 0 lost in 0 themes: ${join(dir, 'before')} → ${join(dir, 'same')}\n`);
  });

  test('runs that cut different segments are compared where they overlap, and say so', () => {
    const sentences = join(dir, 'sentences');
    expect(spawnQcode(['code', INPUTS, '-c', 'fixtures/codebooks/small.yaml', '--unit', 'sentence', '-o', sentences, '-q', '--no-qdpx']).code).toBe(0);
    const run = spawnQcode(['diff', join(dir, 'before'), sentences]);
    expect(run.stderr).toMatch(
      /^qcode: the two runs cut different segments \(\d+ only in .*before, \d+ only in .*sentences\): only the segments both have are compared/m,
    );
  });

  test('a results folder without segments.csv is compared with a warning that its uncoded segments are guessed', () => {
    const partial = join(dir, 'partial');
    cpSync(join(dir, 'after'), partial, { recursive: true });
    rmSync(join(partial, 'segments.csv'));
    const run = spawnQcode(['diff', join(dir, 'before'), partial]);
    expect(run.stderr).toContain(
      `qcode: only one of ${join(dir, 'before')} and ${partial} has segments.csv: a segment the other does not list is taken as coded with nothing, though that run may not have cut it`,
    );
  });

  test("segments whose text changed between the runs are pointed out: not every change is the codebook's", () => {
    const edited = join(dir, 'edited-in');
    cpSync(join(ROOT, INPUTS), edited, { recursive: true });
    const file = join(edited, 'care-home', 'manager.txt');
    const original = readFileSync(file, 'utf8');
    const before = join(dir, 'edited-before');
    expect(spawnQcode(['code', edited, '-c', 'fixtures/codebooks/small.yaml', '-o', before, '-q', '--no-qdpx']).code).toBe(0);
    writeFileSync(file, original.replace('There’s no trust.', 'There’s no trust at all.'));
    const after = join(dir, 'edited-after');
    expect(spawnQcode(['code', edited, '-c', 'fixtures/codebooks/small.yaml', '-o', after, '-q', '--no-qdpx']).code).toBe(0);
    const run = spawnQcode(['diff', before, after]);
    expect(run.stderr).toMatch(/^qcode: 1 segment coded in both runs read differently \(such as .*manager\.txt#2\): the transcripts changed between the runs/m);
  });

  test('a folder that is not a results folder is refused with exit 2', () => {
    const run = spawnQcode(['diff', 'fixtures/e2e', join(dir, 'after')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('qcode: fixtures/e2e/excerpts.csv is missing: name a folder a qcode code --out run wrote\n');
  });

  test('an excerpts.csv that is there but cannot be read is named with the reason, not called missing', () => {
    const broken = join(dir, 'broken');
    mkdirSync(join(broken, 'excerpts.csv'), { recursive: true });
    const run = spawnQcode(['diff', join(dir, 'before'), broken]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`qcode: ${join(broken, 'excerpts.csv')} cannot be read: EISDIR: illegal operation on a directory, read\n`);
  });
});
