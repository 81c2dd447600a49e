import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { constants, crc32, inflateRawSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { crc32Combine, deflatePiece, PieceWriter } from '../src/refi-qda/deflate.js';
import type { ScratchFile } from '../src/output/atomic.js';
import { ZipWriter } from '../src/refi-qda/zip.js';
import { ROOT, spawnQcode, tempDir } from './helpers.js';

// jszip, a reader qcode does not use itself, opens every archive the tests check.
const require = createRequire(import.meta.url);
type Archive = { file(name: string): { async(type: 'string'): Promise<string> } | null; files: Record<string, unknown> };
const JSZip = require('jszip') as { loadAsync(data: Buffer): Promise<Archive> };
const SCHEMA = join(ROOT, '..', 'shared', 'refi-qda', 'Project-mrt2019.xsd');
// Validation needs xmllint (Debian libxml2-utils) and the schemas in ../shared beside the checkout.
const xmllint = spawnSync('xmllint', ['--version']).status === 0 && existsSync(SCHEMA);
if (!xmllint) console.warn(`skipped: validating project.qde needs xmllint (apt-get install libxml2-utils) and ${SCHEMA}`);
const python = spawnSync('python3', ['-c', 'import zipfile']).status === 0;
const CODEBOOK = join(ROOT, 'fixtures/codebooks/small.yaml');

async function project(path: string) {
  const zip = await JSZip.loadAsync(readFileSync(path));
  const qde = (await zip.file('project.qde')?.async('string')) ?? '';
  return { zip, qde };
}

function validate(dir: string, qde: string) {
  writeFileSync(join(dir, 'project.qde'), qde);
  const check = spawnSync('xmllint', ['--noout', '--schema', SCHEMA, join(dir, 'project.qde')], { encoding: 'utf8' });
  expect(check.stderr.trim()).toBe(`${join(dir, 'project.qde')} validates`);
}

/** Each `<Case>` by name: its variable values (by variable name) and its selection refs. */
function cases(qde: string) {
  const variables = new Map([...qde.matchAll(/<Variable guid="([^"]+)" name="([^"]+)"/g)].map((m) => [m[1], m[2]]));
  return new Map(
    [...qde.matchAll(/<Case guid="[^"]+" name="([^"]+)">([\s\S]*?)<\/Case>/g)].map((m) => [
      m[1],
      {
        values: Object.fromEntries(
          [...(m[2] ?? '').matchAll(/<VariableRef targetGUID="([^"]+)"\/><TextValue>([^<]*)</g)].map((v) => [variables.get(v[1]), v[2]]),
        ),
        selections: [...(m[2] ?? '').matchAll(/<SelectionRef targetGUID="([^"]+)"/g)].map((s) => s[1]),
        source: /<SourceRef targetGUID="([^"]+)"/.exec(m[2] ?? '')?.[1],
      },
    ]),
  );
}

describe('REFI-QDA project', () => {
  test("--out writes project.qdpx; every selection's code-point range slices out exactly its segment, also after emoji and accents, a BOM and CRLF", async () => {
    const dir = tempDir();
    // A long interviewer turn first, so the coded turns start well into the stored text.
    const said = `Interviewer: 🙂 Zoë? ${'Tell me more. '.repeat(400)}\n\nP01: Café 🙂🙂 — we trust them 👍 and rely on each other.\n\nInterviewer: And?\n\nP01: Communication with Siobhán is good.\n`;
    writeFileSync(join(dir, 'a.txt'), said);
    // Stored as the text qcode codes (no BOM, LF), not as the file's bytes.
    writeFileSync(join(dir, 'b.txt'), `\ufeff${said.replace(/\n/g, '\r\n')}`);
    const run = spawnQcode(['code', 'a.txt', 'b.txt', '-c', CODEBOOK, '-o', 'out', '--table', 'excerpts', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(0);
    const excerpts = JSON.parse(run.stdout) as { segment_id: string; text: string }[];
    const { zip, qde } = await project(join(dir, 'out', 'project.qdpx'));
    for (const name of ['a.txt', 'b.txt']) {
      const source = new RegExp(`<TextSource guid="([^"]+)" name="${name.replace('.', '\\.')}" plainTextPath="internal://\\1\\.txt"`).exec(qde);
      expect(source).not.toBeNull();
      const text = (await zip.file(`sources/${source?.[1]}.txt`)?.async('string')) ?? '';
      expect(text).toBe(said);
      const points = Array.from(text);
      const selections = [
        ...qde.matchAll(
          new RegExp(`<PlainTextSelection guid="[^"]+" name="(${name.replace('.', '\\.')}#\\d+)" startPosition="(\\d+)" endPosition="(\\d+)"`, 'g'),
        ),
      ];
      expect(selections.map((m) => m[1])).toEqual([`${name}#2`, `${name}#4`]);
      for (const [, id, start, end] of selections) {
        expect(points.slice(Number(start), Number(end)).join('')).toBe(excerpts.find((e) => e.segment_id === id)?.text);
      }
      // Interviewer turns are in the source text but neither coded nor a case.
      expect(qde).not.toContain(`${name}#1"`);
    }
    expect([...cases(qde).keys()]).toEqual(['unspecified', 'P01 (a.txt)', 'P01 (b.txt)']);
  });

  test('the same inputs give the same bytes, with --qdpx FILE as with --out, on any number of threads', () => {
    const dir = tempDir();
    for (const [run, jobs] of [
      ['one', '1'],
      ['two', '3'],
    ] as const) {
      mkdirSync(join(dir, run));
      spawnQcode(
        ['code', join(ROOT, 'fixtures/e2e/transcripts'), '-c', CODEBOOK, '--qdpx', join(run, 'project.qdpx'), '-q', '--table', 'summary', '--jobs', jobs],
        { cwd: dir },
      );
    }
    spawnQcode(['code', join(ROOT, 'fixtures/e2e/transcripts'), '-c', CODEBOOK, '-o', 'out', '-q'], { cwd: dir });
    const one = readFileSync(join(dir, 'one', 'project.qdpx'));
    expect(one.equals(readFileSync(join(dir, 'two', 'project.qdpx')))).toBe(true);
    expect(one.equals(readFileSync(join(dir, 'out', 'project.qdpx')))).toBe(true);
  });

  test("a transcript of over 16 million characters, its text put in the project before it is coded, gives the same project on one thread as on two, its text the file's", async () => {
    const dir = tempDir();
    const turn = 'P1: we trust the home, and the home trusts us 🙂\n\nInterviewer: go on\n\n';
    const large = turn.repeat(Math.ceil((16 * 1024 * 1024) / turn.length) + 1);
    mkdirSync(join(dir, 'in'));
    writeFileSync(join(dir, 'in', 'large.txt'), large);
    for (let i = 0; i < 7; i++) writeFileSync(join(dir, 'in', `small-${i}.txt`), turn.repeat(i + 1));
    // The projects go beside the transcripts' folder: a project is named after its file.
    for (const jobs of ['1', '2']) {
      mkdirSync(join(dir, `jobs-${jobs}`));
      const run = spawnQcode(['code', 'in', '-c', CODEBOOK, '--qdpx', join(`jobs-${jobs}`, 'project.qdpx'), '-q', '--table', 'summary', '--jobs', jobs], {
        cwd: dir,
      });
      expect(run.code).toBe(0);
    }
    const one = readFileSync(join(dir, 'jobs-1', 'project.qdpx'));
    expect(one.equals(readFileSync(join(dir, 'jobs-2', 'project.qdpx')))).toBe(true);
    const { zip, qde } = await project(join(dir, 'jobs-1', 'project.qdpx'));
    const guid = /<TextSource guid="([^"]+)" name="in - large.txt"/.exec(qde)?.[1];
    const stored = await zip.file(`sources/${guid}.txt`)?.async('string');
    expect(stored?.length).toBe(large.length);
    expect(stored === large).toBe(true);
  });

  test('speakers are cases holding their segments, with perspective and other attributes as variables', async () => {
    const dir = tempDir();
    const run = spawnQcode([
      'code',
      'fixtures/transcripts',
      '--attributes',
      'fixtures/attributes.csv',
      '-o',
      join(dir, 'out'),
      '--table',
      'excerpts',
      '--format',
      'json',
    ]);
    expect(run.code).toBe(0);
    const { qde } = await project(join(dir, 'out', 'project.qdpx'));
    const all = cases(qde);
    const helen = all.get('Helen (fixtures - transcripts - partners - group01-forum.txt)');
    expect(helen?.values).toEqual({
      perspective: 'Local Authority',
      role: 'Commissioner',
      sector: 'Council',
      participant: 'G01',
      site: 'Hounslow',
      date: '2025-05-12',
    });
    const excerpts = JSON.parse(run.stdout) as { segment_id: string; speaker: string; perspective: string }[];
    const ids = new Map([...qde.matchAll(/<PlainTextSelection guid="([^"]+)" name="([^"]+)"/g)].map((m) => [m[1], m[2]]));
    const helenSegments = [...new Set(excerpts.filter((e) => e.speaker === 'Helen').map((e) => e.segment_id))];
    expect(helen?.selections.map((s) => ids.get(s))).toEqual(helenSegments);
    // Each perspective case holds exactly the segments excerpts.csv gives that perspective.
    for (const perspective of new Set(excerpts.map((e) => e.perspective))) {
      expect(
        all.get(perspective)?.selections.map((s) => ids.get(s)),
        perspective,
      ).toEqual([...new Set(excerpts.filter((e) => e.perspective === perspective).map((e) => e.segment_id))]);
    }
    if (xmllint) validate(dir, qde);
  });

  test.skipIf(!xmllint)('project.qde validates against the REFI-QDA Project-mrt2019.xsd (xmllint), also for a run with nothing coded', async () => {
    const dir = tempDir();
    expect(spawnQcode(['code', join(ROOT, 'fixtures/transcripts'), '-o', 'out', '-q'], { cwd: dir }).code).toBe(0);
    validate(dir, (await project(join(dir, 'out', 'project.qdpx'))).qde);
    writeFileSync(join(dir, 'empty.txt'), 'Nothing here matches.\n');
    expect(spawnQcode(['code', 'empty.txt', '-c', CODEBOOK, '-o', 'none', '-q'], { cwd: dir }).code).toBe(0);
    validate(dir, (await project(join(dir, 'none', 'project.qdpx'))).qde);
  });

  test.skipIf(!xmllint)("names and attributes with XML's special characters still give a valid project", async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'a & <b>.txt'),
      '---\nsite: "A & B <x> \\u0001"\nspeakers:\n  Zoë & Ann: "Care & Home <1>"\n---\nInterviewer: Hi?\n\nZoë & Ann: We trust them & rely on each other.\n',
    );
    expect(spawnQcode(['code', 'a & <b>.txt', '-c', CODEBOOK, '-o', 'out', '-q'], { cwd: dir }).code).toBe(0);
    const { qde } = await project(join(dir, 'out', 'project.qdpx'));
    validate(dir, qde);
    expect(cases(qde).get('Zoë &amp; Ann (a &amp; _b_.txt)')?.values).toEqual({ perspective: 'Care &amp; Home &lt;1&gt;', site: 'A &amp; B &lt;x&gt; ' });
  });

  test('hundreds of perspectives need no more open files than a handful (run with ulimit -n 64)', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'in'));
    for (let i = 0; i < 120; i++) writeFileSync(join(dir, 'in', `${i}.txt`), `---\nperspective: Group ${i}\n---\nP${i}: we trust them.\n`);
    const run = spawnSync('bash', ['-c', `ulimit -n 64 && "${process.execPath}" "${join(ROOT, 'bin', 'qcode')}" code in -c "${CODEBOOK}" -o out -q --jobs 1`], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const { qde } = await project(join(dir, 'out', 'project.qdpx'));
    expect([...cases(qde).keys()].filter((name) => name.startsWith('Group '))).toHaveLength(120);
  });

  test('--no-qdpx skips the project; --qdpx refuses a folder or one of the inputs', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.txt'), 'P01: we trust them.\n');
    expect(spawnQcode(['code', 'a.txt', '-c', CODEBOOK, '-o', 'out', '--no-qdpx', '-q'], { cwd: dir }).code).toBe(0);
    expect(readdirSync(join(dir, 'out')).sort()).toEqual([
      'cooccurrence.csv',
      'excerpts.csv',
      'frequencies.csv',
      'report.html',
      'segments.csv',
      'summary.json',
    ]);
    mkdirSync(join(dir, 'folder'));
    expect(spawnQcode(['code', 'a.txt', '-c', CODEBOOK, '--qdpx', 'folder', '-q'], { cwd: dir })).toMatchObject({
      code: 2,
      stderr: 'qcode: --qdpx folder is a folder; --qdpx takes the project file to write\n',
    });
    expect(spawnQcode(['code', 'a.txt', '-c', CODEBOOK, '--qdpx', 'a.txt', '-q'], { cwd: dir })).toMatchObject({
      code: 2,
      stderr: 'qcode: refusing to write a.txt: it is one of the inputs\n',
    });
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('P01: we trust them.\n');
  });

  test('a run into a folder of earlier results leaves none of their files that it does not write itself', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.txt'), 'P01: we trust them.\n');
    writeFileSync(join(dir, 'b.txt'), 'P02: we rely on them.\n');
    const code = (...args: string[]) => expect(spawnQcode(['code', 'a.txt', 'b.txt', '-c', CODEBOOK, '-q', ...args], { cwd: dir }).code).toBe(0);
    code('--shard', '1/2', '-o', 'out');
    expect(readdirSync(join(dir, 'out'))).toEqual(expect.arrayContaining(['project.qdpx', 'project-index.jsonl', 'shard.json']));
    // An earlier shard's record would make this folder look like a shard to qcode merge.
    code('-o', 'out');
    expect(readdirSync(join(dir, 'out')).sort()).toEqual([
      'cooccurrence.csv',
      'excerpts.csv',
      'frequencies.csv',
      'project.qdpx',
      'report.html',
      'segments.csv',
      'summary.json',
    ]);
    // A project from before --no-qdpx would not match the results beside it.
    code('-o', 'out', '--no-qdpx');
    expect(readdirSync(join(dir, 'out')).sort()).toEqual([
      'cooccurrence.csv',
      'excerpts.csv',
      'frequencies.csv',
      'report.html',
      'segments.csv',
      'summary.json',
    ]);
    // Files qcode does not write are the user's, and stay.
    writeFileSync(join(dir, 'out', 'notes.txt'), 'mine');
    code('-o', 'out');
    expect(readFileSync(join(dir, 'out', 'notes.txt'), 'utf8')).toBe('mine');
  });

  test('merge refuses shards of which only some wrote a project', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'corpus'));
    for (const n of [1, 2, 3, 4]) writeFileSync(join(dir, 'corpus', `${n}.txt`), `P0${n}: we trust them.\n`);
    spawnQcode(['code', 'corpus', '-c', CODEBOOK, '--shard', '1/2', '-o', 's1', '-q'], { cwd: dir });
    spawnQcode(['code', 'corpus', '-c', CODEBOOK, '--shard', '2/2', '-o', 's2', '--no-qdpx', '-q'], { cwd: dir });
    expect(spawnQcode(['merge', 's1', 's2', '-o', 'merged'], { cwd: dir })).toMatchObject({
      code: 2,
      stderr: 'qcode: s2 has no project.qdpx but s1 has; shards must come from the same command\n',
    });
    expect(existsSync(join(dir, 'merged', 'summary.json'))).toBe(false);
  });

  test('merge refuses shards whose projects describe the codes differently (a definition edited between runs)', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'corpus'));
    for (const n of [1, 2, 3, 4]) writeFileSync(join(dir, 'corpus', `${n}.txt`), `P0${n}: we trust them.\n`);
    const codebook = join(dir, 'cb.yaml');
    writeFileSync(codebook, readFileSync(CODEBOOK, 'utf8'));
    spawnQcode(['code', 'corpus', '-c', codebook, '--shard', '1/2', '-o', 's1', '-q'], { cwd: dir });
    writeFileSync(codebook, readFileSync(CODEBOOK, 'utf8').replace('Confidence in partners, or its absence.', 'Confidence in partners.'));
    spawnQcode(['code', 'corpus', '-c', codebook, '--shard', '2/2', '-o', 's2', '-q'], { cwd: dir });
    expect(spawnQcode(['merge', 's1', 's2', '-o', 'merged'], { cwd: dir })).toMatchObject({
      code: 2,
      stderr: 'qcode: s2/project.qdpx has other codes or variables than s1/project.qdpx\n',
    });
  });

  test("merge copies each document from the shards' projects by their index, and refuses a damaged index", () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'corpus'));
    for (const n of [1, 2, 3, 4, 5, 6]) writeFileSync(join(dir, 'corpus', `${n}.txt`), `P0${n}: we trust them 🙂 and rely on each other.\n`);
    for (const k of [1, 2]) spawnQcode(['code', 'corpus', '-c', CODEBOOK, '--shard', `${k}/2`, '-o', `s${k}`, '-q'], { cwd: dir });
    spawnQcode(['code', 'corpus', '-c', CODEBOOK, '-o', 'single', '-q'], { cwd: dir });
    expect(spawnQcode(['merge', 's2', 's1', '-o', 'merged', '-q'], { cwd: dir }).code).toBe(0);
    expect(readFileSync(join(dir, 'merged', 'project.qdpx')).equals(readFileSync(join(dir, 'single', 'project.qdpx')))).toBe(true);
    // A byte changed in a shard's archive is caught by the index's CRCs.
    const archive = readFileSync(join(dir, 's1', 'project.qdpx'));
    const changed = Buffer.from(archive);
    changed[90] = (changed[90] as number) ^ 0x20;
    writeFileSync(join(dir, 's1', 'project.qdpx'), changed);
    const damaged = spawnQcode(['merge', 's1', 's2', '-o', 'broken'], { cwd: dir });
    expect(damaged.code).toBe(2);
    expect(damaged.stderr).toMatch(
      /^qcode: s1\/project\.qdpx does not match its project-index\.jsonl at corpus\/\d\.txt; was either changed after the run\?\n$/,
    );
    expect(existsSync(join(dir, 'broken', 'summary.json'))).toBe(false);
    writeFileSync(join(dir, 's1', 'project.qdpx'), archive);
    const index = join(dir, 's1', 'project-index.jsonl');
    expect(
      readFileSync(index, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { n: string }).n),
    ).toEqual(expect.arrayContaining([expect.stringMatching(/^corpus\/\d\.txt$/)]));
    writeFileSync(index, `${readFileSync(index, 'utf8').slice(0, 40)}\n`);
    expect(spawnQcode(['merge', 's1', 's2', '-o', 'again'], { cwd: dir })).toMatchObject({
      code: 2,
      stderr: 'qcode: s1/project-index.jsonl is damaged: a line is not JSON\n',
    });
    expect(existsSync(join(dir, 'again', 'project.qdpx'))).toBe(false);
    // An index whose lines no longer follow its shard.json (two swapped) is refused too.
    expect(spawnQcode(['code', 'corpus', '-c', CODEBOOK, '--shard', '1/2', '-o', 's1', '-q'], { cwd: dir }).code).toBe(0);
    const lines = readFileSync(index, 'utf8').split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(1);
    writeFileSync(index, `${[lines[1], lines[0], ...lines.slice(2)].join('\n')}\n`);
    expect(spawnQcode(['merge', 's1', 's2', '-o', 'swapped'], { cwd: dir })).toMatchObject({
      code: 2,
      stderr: 'qcode: s1/project-index.jsonl does not list its documents as its shard.json does; was it edited?\n',
    });
  });
});

describe('archive writing', () => {
  test('CRC-32 of joined pieces from their CRCs; pieces deflated apart inflate as one stream', () => {
    const parts = ['<Project>\n', 'x'.repeat(100_000), '', 'Zoë 🙂\n'];
    const pieces = parts.map((p, i) => deflatePiece(p, i === parts.length - 1));
    const joined = Buffer.from(parts.join(''));
    expect(inflateRawSync(Buffer.concat(pieces.map((p) => p.data))).equals(joined)).toBe(true);
    expect(pieces.reduce((crc, p) => crc32Combine(crc, p.crc, p.size), 0)).toBe(crc32(joined));
  });

  test("a large document's XML, deflated as it is written, inflates to the text written, with its CRC; short text as deflatePiece makes it", () => {
    const writer = new PieceWriter();
    const parts = Array.from({ length: 60_000 }, (_, i) => `      <SelectionRef targetGUID="${i}-Zoë"/>\n`);
    for (const part of parts) writer.write(part);
    const piece = writer.finish();
    const joined = Buffer.from(parts.join(''));
    expect(joined.length).toBeGreaterThan(2 * 1024 * 1024);
    expect(inflateRawSync(piece.data, { finishFlush: constants.Z_SYNC_FLUSH }).equals(joined)).toBe(true);
    expect([piece.crc, piece.size]).toEqual([crc32(joined), joined.length]);
    const short = new PieceWriter();
    short.write('<Case>');
    short.write('</Case>');
    expect(Buffer.from(short.finish().data).equals(Buffer.from(deflatePiece('<Case></Case>').data))).toBe(true);
  });

  test.skipIf(!python)("an archive past 65,535 entries gets Zip64 records that Python's zipfile reads", () => {
    const dir = tempDir();
    const chunks: Buffer[] = [];
    const central: Buffer[] = [];
    const scratch: ScratchFile = { write: (d) => central.push(Buffer.from(d)), copyTo: (sink) => central.forEach((c) => sink.write(c)) };
    const zip = new ZipWriter({ write: (d) => chunks.push(Buffer.from(d)) }, scratch);
    const count = 70_000;
    for (let i = 0; i < count; i++) zip.addPiece(`sources/${i}.txt`, deflatePiece(`text ${i}`, true), 8);
    zip.finish();
    const bytes = Buffer.concat(chunks);
    writeFileSync(join(dir, 'big.zip'), bytes);
    const check = spawnSync(
      'python3',
      [
        '-c',
        'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print(len(z.namelist()), z.read("sources/69999.txt").decode(), z.testzip())',
        join(dir, 'big.zip'),
      ],
      { encoding: 'utf8' },
    );
    expect(check.stdout).toBe(`${count} text 69999 None\n`);
  });
});

describe('source names in the project', () => {
  test('are plain file names an importing program can copy to, the path kept as the description', async () => {
    const { sourceName } = await import('../src/refi-qda/project.js');
    expect(sourceName('fixtures/transcripts/care-home/ch01-manager.txt')).toBe('fixtures - transcripts - care-home - ch01-manager.txt');
    expect(sourceName('../../data/a:b*c?.txt')).toBe('(up 2) data - a_b_c_.txt');
    expect(sourceName('./x.md')).toBe('x.md');
    for (const name of ['a/b.txt', '../a/b.txt', 'c:\\\\x/y.txt', '..'].map(sourceName)) expect(name).not.toMatch(/[/\\\\]|^\.\.$/);
  });
});

describe('codes and dates in the project', () => {
  test('each code has a colour that depends on its theme id only, and creationDateTime comes from SOURCE_DATE_EPOCH', async () => {
    const { codebookToQdc } = await import('../src/refi-qda/export-qdc.js');
    const { parseCodebook } = await import('../src/codebook/parse.js');
    const { creationDateTime } = await import('../src/refi-qda/project.js');
    const one = parseCodebook('a.yaml', 'name: a\nthemes:\n  - id: trust\n    label: Trust\n    keywords: [trust]\n').codebook!;
    const two = parseCodebook(
      'b.yaml',
      'name: a\nthemes:\n  - id: added\n    label: Added\n    keywords: [x]\n  - id: trust\n    label: Trust\n    keywords: [trust]\n',
    ).codebook!;
    const colour = (xml: string, label: string) => new RegExp(`name="${label}" isCodable="true" color="(#[0-9A-F]{6})"`).exec(xml)?.[1];
    expect(colour(codebookToQdc(one), 'Trust')).toMatch(/^#[0-9A-F]{6}$/);
    expect(colour(codebookToQdc(two), 'Trust')).toBe(colour(codebookToQdc(one), 'Trust'));
    expect(creationDateTime({ SOURCE_DATE_EPOCH: '1764633600' })).toBe('2025-12-02T00:00:00Z');
    expect(creationDateTime({})).toBeUndefined();
    expect(creationDateTime({ SOURCE_DATE_EPOCH: 'yesterday' })).toBeUndefined();
  });
});

describe('an edge-case project, checked as an importing program reads it', () => {
  test('emoji, a BOM, CRLF, front matter and a Word interview: every source name can be a file, every coding slices out its excerpt', async () => {
    const dir = tempDir();
    const inputs = [join(ROOT, 'fixtures/offsets/emoji-crlf-bom.md'), join(ROOT, 'fixtures/formats/interview.docx')];
    const run = spawnQcode(['code', ...inputs, '-o', 'out', '--table', 'excerpts', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(0);
    const excerpts = JSON.parse(run.stdout) as { segment_id: string; text: string }[];
    const { zip, qde } = await project(join(dir, 'out', 'project.qdpx'));
    const sources = [...qde.matchAll(/<TextSource guid="([^"]+)" name="([^"]+)"/g)];
    expect(sources).toHaveLength(2);
    // QualCoder copies each source to documents/<name>: a plain, unique file name, no way out of the folder.
    const names = sources.map((m) => m[2] as string);
    // eslint-disable-next-line no-control-regex -- control characters are as unusable in a file name as separators
    for (const name of names) expect(name).toMatch(/^(?!\.\.?$)[^/\\:*?"<>|\u0000-\u001f]+$/);
    expect(new Set(names).size).toBe(names.length);
    let codings = 0;
    for (const [, guid] of sources) {
      const points = Array.from((await zip.file(`sources/${guid}.txt`)?.async('string')) ?? '');
      const block = new RegExp(`<TextSource guid="${guid}"[\\s\\S]*?</TextSource>`).exec(qde)?.[0] ?? '';
      for (const [, id, start, end] of block.matchAll(/<PlainTextSelection guid="[^"]+" name="([^"]+)" startPosition="(\d+)" endPosition="(\d+)"/g)) {
        expect(points.slice(Number(start), Number(end)).join(''), id).toBe(excerpts.find((e) => e.segment_id === id)?.text);
        codings++;
      }
    }
    expect(codings).toBe(new Set(excerpts.map((e) => e.segment_id)).size);
    if (xmllint) validate(dir, qde);
  });
});
