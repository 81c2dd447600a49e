import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseCodebook } from '../src/codebook/parse.js';
import type { Theme } from '../src/codebook/types.js';
import { runQcode } from './helpers.js';

/** Every theme as `parent > id: exact | patterns`, to compare with what the dictionary holds. */
function outline(themes: Theme[]): string[] {
  return themes.map((t) => `${t.parent ? `${t.parent} > ` : ''}${t.id}: ${t.exact.join(', ')} | ${t.patterns.join(', ')}`);
}

async function imported(file: string) {
  const result = await runQcode(['codebook', 'import', file]);
  expect(result.code).toBe(0);
  const { codebook, diagnostics } = parseCodebook('imported.yaml', result.stdout);
  expect(diagnostics).toEqual([]);
  return { codebook: codebook!, stderr: result.stderr };
}

describe('codebook import keeps every category, nesting and entry the dictionary holds', () => {
  test('LIWC .dic: an entry in two categories goes to both; an empty category is left out, with a message', async () => {
    const { codebook, stderr } = await imported('fixtures/dictionaries/partnership.dic');
    expect(outline(codebook.themes)).toEqual(['care-work: care, home care, worried | carer*', 'negative-emotion: sad, worried | upset*']);
    expect(codebook.themes.map((t) => t.label)).toEqual(['care_work', 'negative emotion']);
    expect(stderr).toBe(
      "qcode: category 'empty category' of fixtures/dictionaries/partnership.dic has no entries; left out\nImported 2 categories from fixtures/dictionaries/partnership.dic\n",
    );
  });

  test('WordStat .cat: indentation becomes child themes; underscores become spaces', async () => {
    const { codebook } = await imported('fixtures/dictionaries/partnership.cat');
    expect(outline(codebook.themes)).toEqual([
      'partnership:  | ',
      'partnership > trust: TRUST, RELY ON | CONFIDEN*',
      'partnership > communication: MEETING | COMMUNICAT*',
      'resources: FUNDING | BUDGET*',
    ]);
  });

  test('quanteda YAML: nested keys become child themes', async () => {
    const { codebook } = await imported('fixtures/dictionaries/partnership.yml');
    expect(outline(codebook.themes)).toEqual([
      'trust: trust, rely on | confiden*',
      'communication:  | ',
      'communication > channels: email | meeting*, phone call*',
      'communication > problems: jargon, no reply | ',
      'resources: funding | budget*',
    ]);
  });

  test('the imported codebook codes as the dictionary would: phrases, wildcards, any case', async () => {
    const { codebook } = await imported('fixtures/dictionaries/partnership.cat');
    const yaml = (await runQcode(['codebook', 'import', 'fixtures/dictionaries/partnership.cat'])).stdout;
    expect(codebook.options.stemmer).toBe('none');
    const { tempDir } = await import('./helpers.js');
    const { writeFileSync } = await import('node:fs');
    const dir = tempDir();
    writeFileSync(join(dir, 'cb.yaml'), yaml);
    writeFileSync(join(dir, 't.txt'), 'We rely on the Confidential budgets; trusting is not trust.');
    const result = await runQcode(['code', 't.txt', '-c', 'cb.yaml', '--table', 'excerpts', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(result.stdout).map((r: { theme_id: string; matched_terms: string }) => `${r.theme_id}: ${r.matched_terms}`)).toEqual([
      'trust: rely on; confidential; trust',
      'resources: budgets',
    ]);
  });

  test.each([
    [
      'an unknown format',
      'dict.txt',
      'qcode: cannot import dict.txt: qcode reads LIWC dictionary (.dic), WordStat categories (.cat), quanteda YAML dictionary (.yml), quanteda YAML dictionary (.yaml)\n',
    ],
    ['an undeclared LIWC category', 'bad.dic', "qcode: bad.dic:4:1 category '7' is not declared\n"],
  ])('refuses %s', async (_, file, message) => {
    const { tempDir } = await import('./helpers.js');
    const { writeFileSync } = await import('node:fs');
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.dic'), '%\n1\tone\n%\nword\t7\n');
    writeFileSync(join(dir, 'dict.txt'), 'x');
    expect(await runQcode(['codebook', 'import', file], { cwd: dir })).toMatchObject({ code: 2, stderr: message });
  });
});
