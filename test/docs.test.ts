import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { OPTION_KEYS, THEME_KEYS, TOP_KEYS } from '../src/codebook/parse.js';
import { ROOT, runQcode } from './helpers.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

describe('README', () => {
  test('the exit-code table matches what qcode does, row for row', async () => {
    const table = readme.split('### Exit codes')[1]?.split('\n\n')[1] ?? '';
    const rows = table
      .split('\n')
      .filter((l) => /^\| \d \|/.test(l))
      .map((l) => Number(l.split('|')[1]));
    expect(rows).toEqual([0, 1, 2]);
    const codebook = 'fixtures/codebooks/small.yaml';
    expect((await runQcode(['code', 'fixtures/e2e/transcripts', '-c', codebook, '-q'])).code).toBe(0);
    expect((await runQcode(['code', 'fixtures/e2e/transcripts', 'missing.txt', '-c', codebook, '-q'])).code).toBe(1);
    expect((await runQcode(['code', 'fixtures/e2e/transcripts', '-c', 'missing.yaml'])).code).toBe(2);
  });

  test('the codebook validate example shows what the built-in codebook gives today', async () => {
    const { stdout } = await runQcode(['codebook', 'validate', 'codebooks/partnership.yaml']);
    expect(readme).toContain(stdout.trim());
  });

  test('the lint example shows what lint finds in that file today', async () => {
    const result = await runQcode(['codebook', 'lint', 'fixtures/codebooks/lint-example.yaml']);
    for (const line of `${result.stdout}${result.stderr}`.trim().split('\n')) expect(readme).toContain(line);
  });

  test('the speakers example shows what qcode speakers reads in those files today', async () => {
    const result = await runQcode(['speakers', 'fixtures/speakers/initials-key.md', 'fixtures/speakers/rev.txt', '--format', 'table']);
    for (const line of `${result.stdout}${result.stderr}`
      .trim()
      .split('\n')
      .filter((l) => l.trim() !== ''))
      expect(readme).toContain(line);
  });

  test('the codebook fit example shows what fit proposes for that sample today', async () => {
    const result = await runQcode(['codebook', 'fit', 'fixtures/fit/codebook.yaml', 'fixtures/fit/coding.csv', '--in', 'fixtures/fit', '--folds', '3']);
    for (const line of `${result.stdout}${result.stderr}`.trim().split('\n')) expect(readme).toContain(line);
  });

  test('the kwic and suggest examples show what those commands print today', async () => {
    for (const args of [
      ['kwic', 'trust', 'fixtures/transcripts'],
      ['suggest', 'communication', '--in', 'fixtures/transcripts', 'fixtures/gold', '--top', '4'],
    ]) {
      const result = await runQcode([...args, '--format', 'table'], { tty: true, env: { NO_COLOR: '1' } });
      for (const line of `${result.stdout}${result.stderr}`
        .trim()
        .split('\n')
        .filter((l) => l.trim() !== ''))
        expect(readme, args[0]).toContain(line);
    }
  });

  test('every code option in --help is documented in the README', async () => {
    const help = (await runQcode(['code', '--help'])).stdout;
    const flags = [...help.matchAll(/^\s+(?:-\w, )?(--[\w-]+)/gm)].map((m) => m[1]).filter((f) => f !== '--help');
    expect(flags.length).toBeGreaterThan(10);
    for (const flag of flags) expect(readme, flag).toContain(flag);
  });
});

describe('codebook JSON Schema', () => {
  const schema = JSON.parse(readFileSync(join(ROOT, 'codebooks/codebook.schema.json'), 'utf8'));
  test('allows exactly the keys the codebook reader accepts', () => {
    expect(Object.keys(schema.properties).sort()).toEqual([...TOP_KEYS].sort());
    expect(Object.keys(schema.properties.options.properties).sort()).toEqual([...OPTION_KEYS].sort());
    expect(Object.keys(schema.$defs.theme.properties).sort()).toEqual([...THEME_KEYS].sort());
  });
});

describe('README library example', () => {
  test('runs as written against the built package', async () => {
    const { spawnSync } = await import('node:child_process');
    const example = /```js\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', example], { cwd: ROOT, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^theme_id,theme_label,perspective,.* \d+\n$/);
  });
});
