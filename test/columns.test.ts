import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { spawnQcode } from './helpers.js';

const INPUTS = 'fixtures/transcripts';
const header = (stdout: string) => stdout.split('\n')[0];

describe('choosing the attribute columns', () => {
  test('--columns gives excerpts.csv those attributes, in that order', () => {
    const run = spawnQcode(['code', INPUTS, '--columns', 'site,date', '--table', 'excerpts', '--format', 'csv', '-q']);
    expect(header(run.stdout)).toBe(
      'document,segment_id,line,start,end,speaker,speaker_name,perspective,site,date,theme_id,theme_label,matched_terms,hits,negated_hits,text',
    );
  });

  test("--columns '' gives none; the codebook's options.columns chooses when the flag is not given", () => {
    expect(header(spawnQcode(['code', INPUTS, '--columns', '', '--table', 'excerpts', '--format', 'csv', '-q']).stdout)).toBe(
      'document,segment_id,line,start,end,speaker,speaker_name,perspective,theme_id,theme_label,matched_terms,hits,negated_hits,text',
    );
    const dir = mkdtempSync(join(tmpdir(), 'qcode-columns-'));
    const codebook = join(dir, 'codebook.yaml');
    writeFileSync(codebook, 'name: c\noptions:\n  columns: [participant]\nthemes:\n  - id: trust\n    label: Trust\n    keywords: [trust]\n');
    expect(header(spawnQcode(['code', INPUTS, '-c', codebook, '--table', 'excerpts', '--format', 'csv', '-q']).stdout)).toContain(
      ',perspective,participant,theme_id,',
    );
  });

  test('a column no transcript has is refused before anything is written', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'qcode-columns-')), 'results');
    const run = spawnQcode(['code', INPUTS, '--columns', 'site,sitte', '-o', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("qcode: --columns 'sitte' is not an attribute of these transcripts; they have: date, participant, site; nothing was written");
    expect(existsSync(join(out, 'excerpts.csv'))).toBe(false);
  });

  test("perspective, always a column, may be named; a bad name in the codebook's options says it came from there", () => {
    const run = spawnQcode(['code', INPUTS, '--columns', 'perspective,site', '--table', 'excerpts', '--format', 'csv', '-q']);
    expect(header(run.stdout)).toContain(',perspective,site,theme_id,');
    const dir = mkdtempSync(join(tmpdir(), 'qcode-columns-'));
    writeFileSync(join(dir, 'codebook.yaml'), 'name: c\noptions:\n  columns: [sitte]\nthemes:\n  - id: trust\n    label: Trust\n    keywords: [trust]\n');
    const bad = spawnQcode(['code', join(process.cwd(), INPUTS), '-c', 'codebook.yaml'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("qcode: options.columns of codebook.yaml 'sitte' is not an attribute of these transcripts");
  });

  test('--by may name an attribute that is not a column', () => {
    const run = spawnQcode(['code', INPUTS, '--columns', 'site', '--by', 'participant', '--format', 'csv', '-q']);
    expect(run.code).toBe(0);
    expect(header(run.stdout)).toMatch(/^theme_id,theme_label,participant,/);
  });

  test('front matter: a list becomes one value, a mapping is left out with a warning, never silently', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qcode-columns-'));
    writeFileSync(
      join(dir, 'episode.md'),
      '---\ntitle: Episode 1\nauthors: [Ann, Bob]\nseo:\n  description: about care\n---\nHost: Do you trust them?\n\nGuest: We trust the nurses.\n',
    );
    const run = spawnQcode(['code', 'episode.md', '--table', 'excerpts', '--format', 'csv'], { cwd: dir });
    expect(header(run.stdout)).toContain(',perspective,authors,title,theme_id,');
    expect(run.stdout).toContain(',Ann; Bob,Episode 1,trust,');
    expect(run.stderr).toContain(
      "qcode: warning: episode.md: front matter field 'seo' holds a mapping, not a value a column can hold; left out (write it as text or a list)",
    );
  });
});
