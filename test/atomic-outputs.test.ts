import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { AtomicOutputs } from '../src/report/write.js';
import { spawnQcode, tempDir, ROOT } from './helpers.js';

describe('outputs appear together or not at all', () => {
  test('a rename that fails halfway puts back every output already replaced', () => {
    const dir = tempDir();
    for (const name of ['a.csv', 'b.csv', 'c.csv']) writeFileSync(join(dir, name), `old ${name}`);
    const outputs = new AtomicOutputs(dir);
    for (const name of ['a.csv', 'b.csv', 'c.csv']) outputs.file(name, `new ${name}`);
    // c.csv's staged file vanishes before the commit, so its rename fails after a and b are placed.
    const staged = readdirSync(dir).find((f) => f.startsWith('.c.csv.'));
    expect(staged).toBeDefined();
    rmSync(join(dir, staged as string));
    expect(() => outputs.commit()).toThrow(/ENOENT/);
    outputs.abort();
    for (const name of ['a.csv', 'b.csv', 'c.csv']) expect(readFileSync(join(dir, name), 'utf8')).toBe(`old ${name}`);
    expect(readdirSync(dir).sort()).toEqual(['a.csv', 'b.csv', 'c.csv']);
  });

  test('an output name taken by a folder stops the run before anything is replaced', () => {
    const dir = tempDir();
    const transcripts = join(ROOT, 'fixtures/e2e/transcripts');
    expect(spawnQcode(['code', transcripts, '-o', 'out', '-q'], { cwd: dir }).code).toBe(0);
    const before = readFileSync(join(dir, 'out', 'excerpts.csv'));
    rmSync(join(dir, 'out', 'report.html'));
    mkdirSync(join(dir, 'out', 'report.html'));
    writeFileSync(join(dir, 'out', 'report.html', 'mine.txt'), 'keep me');
    const run = spawnQcode(['code', join(transcripts, 'care-home'), '-o', 'out', '-q'], { cwd: dir });
    expect(run).toMatchObject({ code: 2, stderr: "qcode: cannot write results to out: an output's name is taken by a folder; nothing was replaced\n" });
    expect(readFileSync(join(dir, 'out', 'excerpts.csv')).equals(before)).toBe(true);
    expect(readFileSync(join(dir, 'out', 'report.html', 'mine.txt'), 'utf8')).toBe('keep me');
    expect(readdirSync(join(dir, 'out')).filter((f) => f.startsWith('.'))).toEqual([]);
  });
});
