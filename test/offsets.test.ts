import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT, spawnQcode } from './helpers.js';

/**
 * `start` and `end` count code points, as Python, R and the REFI-QDA project do: a researcher
 * slicing the transcript's text in pandas gets the excerpt, even after emoji (two UTF-16 units
 * each), in a file with a byte-order mark, front matter and Windows line ends.
 */
const FILE = 'fixtures/offsets/emoji-crlf-bom.md';
const python = spawnSync('python3', ['--version']).status === 0;
if (!python) console.warn('skipped: the offsets test slices text in python3, which is not installed');

/** Each row's text equals the transcript sliced at its offsets, as Python reads the file (utf-8-sig, universal newlines). */
function sliceInPython(csvFile: string, from: string, to: string): string {
  const script = `
import csv, sys
text = open(sys.argv[1], encoding='utf-8-sig').read()
for row in csv.DictReader(open(sys.argv[2], encoding='utf-8')):
    print(text[int(row[sys.argv[3]]):int(row[sys.argv[4]])] == (row.get('text') or row.get('keyword')), row[sys.argv[3]], row[sys.argv[4]])
`;
  const run = spawnSync('python3', ['-c', script, join(ROOT, FILE), csvFile, from, to], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  return run.stdout;
}

describe.skipIf(!python)('offsets in code points', () => {
  test('excerpts.csv: text[start:end] in Python is the excerpt, after emoji and astral letters', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'qcode-offsets-')), 'r');
    expect(spawnQcode(['code', FILE, '-o', out, '-q', '--no-qdpx']).code).toBe(0);
    const lines = sliceInPython(join(out, 'excerpts.csv'), 'start', 'end').trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) expect(line).toMatch(/^True /);
    // The second participant turn comes after four emoji: in UTF-16 units it would start 4 later.
    expect(lines.at(-1)).toBe('True 194 241');
  });

  test('kwic: text[from:to] in Python is the keyword', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qcode-offsets-'));
    const file = join(dir, 'kwic.csv');
    const run = spawnQcode(['kwic', 'trust', FILE, '--format', 'csv']);
    writeFileSync(file, run.stdout);
    const lines = sliceInPython(file, 'from', 'to').trim().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatch(/^True /);
  });
});

describe('codePointCounter', () => {
  test('counts the code points before every offset, a pair cut in half counted whole, lone surrogates as one', async () => {
    const { codePointCounter } = await import('../src/text/code-points.js');
    for (const text of ['plain text', 'a😀b😀😀c', '😀', 'x\ud800y', '\udc00z😀', 'é👍🏽 ok']) {
      const count = codePointCounter(text);
      for (let i = 0; i <= text.length; i++) {
        // Array.from splits by code point; a cut pair's high half counts as a point of its own.
        expect(count(i), `${JSON.stringify(text)} at ${i}`).toBe(Array.from(text.slice(0, i)).length);
      }
    }
  });
});
