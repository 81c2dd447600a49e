import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import { ROOT, spawnQcode, tempDir } from './helpers.js';

const require = createRequire(import.meta.url);
const JSZip = require('jszip') as { loadAsync(data: Buffer): Promise<{ file(name: string): { async(type: 'string'): Promise<string> } | null; files: Record<string, unknown> }> };
const xmllint = spawnSync('xmllint', ['--version']).status === 0;
const CODEBOOK = join(ROOT, 'fixtures/codebooks/small.yaml');

async function project(dir: string) {
  const zip = await JSZip.loadAsync(readFileSync(join(dir, 'study.qdpx')));
  const qde = (await zip.file('project.qde')?.async('string')) ?? '';
  return { zip, qde };
}

describe('--qdpx REFI-QDA project', () => {
  test('every selection\'s code-point range slices out exactly its segment, also after emoji and accents', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.txt'), 'Interviewer: 🙂 Zoë?\n\nP01: Café 🙂🙂 — we trust them 👍 and rely on each other.\n\nInterviewer: And?\n\nP01: Communication with Siobhán is good.\n');
    const run = spawnQcode(['code', 'a.txt', '-c', CODEBOOK, '--qdpx', 'study.qdpx', '--table', 'excerpts', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(0);
    const excerpts = JSON.parse(run.stdout) as { segment_id: string; text: string }[];
    const { zip, qde } = await project(dir);
    const source = /<TextSource guid="([^"]+)" name="a\.txt" plainTextPath="internal:\/\/\1\.txt"/.exec(qde);
    expect(source).not.toBeNull();
    const text = (await zip.file(`sources/${source?.[1]}.txt`)?.async('string')) ?? '';
    const points = Array.from(text);
    const selections = [...qde.matchAll(/<PlainTextSelection guid="[^"]+" name="([^"]+)" startPosition="(\d+)" endPosition="(\d+)"/g)];
    expect(selections.map((m) => m[1])).toEqual(['a.txt#2', 'a.txt#4']);
    for (const [, id, start, end] of selections) {
      expect(points.slice(Number(start), Number(end)).join('')).toBe(excerpts.find((e) => e.segment_id === id)?.text);
    }
    // Interviewer turns are in the source text but not coded.
    expect(qde).not.toContain('a.txt#1');
    expect(qde).toContain('<Case guid=');
  });

  test('the same inputs give the same bytes', () => {
    const dir = tempDir();
    for (const run of ['one', 'two']) {
      mkdirSync(join(dir, run));
      spawnQcode(['code', join(ROOT, 'fixtures/e2e/transcripts'), '-c', CODEBOOK, '--qdpx', join(run, 'study.qdpx'), '-q', '--table', 'summary'], { cwd: dir });
    }
    expect(readFileSync(join(dir, 'one', 'study.qdpx')).equals(readFileSync(join(dir, 'two', 'study.qdpx')))).toBe(true);
  });

  test.skipIf(!xmllint)('project.qde validates against the REFI-QDA Project-mrt2019.xsd (xmllint)', async () => {
    const dir = tempDir();
    expect(spawnQcode(['code', join(ROOT, 'fixtures/transcripts'), '--qdpx', 'study.qdpx', '-q', '--table', 'summary'], { cwd: dir }).code).toBe(0);
    const { qde } = await project(dir);
    writeFileSync(join(dir, 'project.qde'), qde);
    const check = spawnSync('xmllint', ['--noout', '--schema', join(ROOT, '..', 'shared', 'refi-qda', 'Project-mrt2019.xsd'), join(dir, 'project.qde')], { encoding: 'utf8' });
    expect(check.stderr.trim()).toBe(`${join(dir, 'project.qde')} validates`);
  });
});
