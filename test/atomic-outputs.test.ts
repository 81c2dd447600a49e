import { mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { AtomicOutputs } from '../src/output/atomic.js';
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

  test("staged files left by an earlier process with this same id (as in a container) are cleared; this run's own are not", () => {
    const dir = tempDir();
    const earlier = join(dir, `.excerpts.csv.${process.pid}-0123abcd.tmp`);
    writeFileSync(earlier, 'half');
    const past = new Date(performance.timeOrigin - 60_000);
    utimesSync(earlier, past, past);
    const first = new AtomicOutputs(dir);
    first.file('a.csv', 'a');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toHaveLength(1);
    // A second set of outputs in the same process and folder leaves the first one's staged file alone.
    new AtomicOutputs(dir).abort();
    first.commit();
    expect(readdirSync(dir)).toEqual(['a.csv']);
  });
});
