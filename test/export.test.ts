import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseCodebook } from '../src/codebook/parse.js';
import { ROOT, runQcode, tempDir } from './helpers.js';

const XSD = join(ROOT, '..', 'shared', 'refi-qda', 'Codebook.xsd');
// Validation needs xmllint (Debian libxml2-utils) and the schemas in ../shared beside the checkout.
const xmllint = spawnSync('xmllint', ['--version']).status === 0 && existsSync(XSD);
if (!xmllint) console.warn(`skipped: validating the .qdc needs xmllint (apt-get install libxml2-utils) and ${XSD}`);

const decode = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The codes of a .qdc as `depth name`, read back with a regular expression (the file is ours). */
function codes(xml: string): string[] {
  const out: string[] = [];
  let depth = 0;
  for (const m of xml.matchAll(/<Code [^>]*name="([^"]*)"[^>]*?(\/?)>|<\/Code>/g)) {
    if (m[0] === '</Code>') depth--;
    else {
      out.push(`${depth} ${decode(m[1] as string)}`);
      if (m[2] !== '/') depth++;
    }
  }
  return out;
}

describe('codebook export --to qdc', () => {
  test('keeps every theme, its nesting and its documentation, with GUIDs stable across runs', async () => {
    const first = await runQcode(['codebook', 'export', 'codebooks/partnership.yaml', '--to', 'qdc']);
    expect(first.code).toBe(0);
    const { codebook } = parseCodebook('p', (await import('node:fs')).readFileSync(join(ROOT, 'codebooks/partnership.yaml'), 'utf8'));
    expect(codes(first.stdout)).toEqual(codebook!.themes.map((t) => `${t.parent ? 1 : 0} ${t.label}`));
    for (const theme of codebook!.themes) expect(decode(first.stdout)).toContain(theme.definition.trim());
    expect((await runQcode(['codebook', 'export', 'codebooks/partnership.yaml', '--to', 'qdc'])).stdout).toBe(first.stdout);
  });

  test('a theme that weighs evidence says how in its description, as REFI-QDA has no place for rules', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'w.yaml'),
      'name: w\nthemes:\n  - id: families\n    label: Families\n    definition: Relatives as partners.\n    keywords: [family, unpaid carer]\n    weights: { family: 0.5 }\n',
    );
    const { stdout } = await runQcode(['codebook', 'export', 'w.yaml', '--to', 'qdc'], { cwd: dir });
    expect(decode(stdout)).toContain(
      '<Description>Relatives as partners.\nCoded by qcode when its rules\' hits weigh 1 or more (each hit 1, but "family" 0.5).</Description>',
    );
  });

  test('children nest, and markup in labels is escaped', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'cb.yaml'), 'themes:\n  - id: a\n    label: "A <b> & \\"c\\""\n    children:\n      - {id: b, label: B, keywords: [x]}\n');
    const result = await runQcode(['codebook', 'export', 'cb.yaml', '--to', 'qdc'], { cwd: dir });
    expect(codes(result.stdout)).toEqual(['0 A <b> & "c"', '1 B']);
    expect(result.stdout).toContain('name="A &lt;b&gt; &amp; &quot;c&quot;"');
  });

  test.skipIf(!xmllint)('validates against the REFI-QDA Codebook.xsd (xmllint)', async () => {
    const dir = tempDir();
    for (const file of ['codebooks/partnership.yaml', 'fixtures/codebooks/small.yaml']) {
      const qdc = join(dir, 'out.qdc');
      writeFileSync(qdc, (await runQcode(['codebook', 'export', file, '--to', 'qdc'])).stdout);
      const check = spawnSync('xmllint', ['--noout', '--schema', XSD, qdc], { encoding: 'utf8' });
      expect(check.stderr.trim()).toBe(`${qdc} validates`);
    }
  });
});

if (!xmllint) console.warn('skipped: REFI-QDA schema validation needs xmllint (Debian: apt-get install libxml2-utils)');
