import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CodebookError, loadCodebook, UsageError } from '../src/index.js';
import { codeToFolder } from '../src/run/code-to-folder.js';
import { ROOT, spawnQcode } from './helpers.js';

describe('the library entry, codeToFolder', () => {
  test('writes the results folder qcode code -o writes, byte for byte', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qcode-lib-'));
    await codeToFolder({ inputs: ['fixtures/transcripts'], cwd: ROOT, out: join(dir, 'lib'), jobs: 1 });
    expect(spawnQcode(['code', 'fixtures/transcripts', '-o', join(dir, 'cli'), '-q']).code).toBe(0);
    const files = readdirSync(join(dir, 'cli')).sort();
    expect(readdirSync(join(dir, 'lib')).sort()).toEqual(files);
    for (const name of files) expect(readFileSync(join(dir, 'lib', name)), name).toEqual(readFileSync(join(dir, 'cli', name)));
  });

  test('a --by no transcript has is a UsageError, and nothing is written', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'qcode-lib-')), 'results');
    const run = codeToFolder({ inputs: ['fixtures/transcripts'], cwd: ROOT, out, by: 'sitte' });
    await expect(run).rejects.toBeInstanceOf(UsageError);
    await expect(codeToFolder({ inputs: ['fixtures/transcripts'], cwd: ROOT, out, by: 'sitte' })).rejects.toThrow(
      /^--by 'sitte' is not an attribute of these transcripts; they have: perspective, speaker, role, .*; nothing was written$/,
    );
    expect(existsSync(join(out, 'excerpts.csv'))).toBe(false);
  });

  test('an invalid codebook is a CodebookError carrying every problem with its place', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'qcode-lib-')), 'invalid.yaml');
    writeFileSync(file, 'name: broken\nthemes:\n  - id: trust\n    keywords: [trust]\n    threshold: -1\n  - label: no id\n');
    let caught: unknown;
    try {
      loadCodebook(file, 'invalid.yaml');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CodebookError);
    expect((caught as CodebookError).exitCode).toBe(2);
    expect((caught as CodebookError).diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([
      "3:5 theme 'trust' has no label",
      "5:16 'threshold' of theme 'trust' must be a number above 0 and at most 100: the weighted hits a segment needs to be coded",
      '6:5 theme 2 has no id',
      '6:5 theme 2 has no rules: give it keywords, exact, patterns, regex or near (or children)',
    ]);
  });
});
