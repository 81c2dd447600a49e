import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { ROOT, spawnQcode, tempDir } from './helpers.js';

const CODEBOOK = join(ROOT, 'fixtures/codebooks/small.yaml');

test('bad files are skipped with their reason and the rest are coded (exit 1, no stack trace)', () => {
  const dir = tempDir();
  const write = (name: string, content: string | Buffer) => writeFileSync(join(dir, name), content);
  let bomb = '---\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i < 5; i++)
    bomb += `a${i}: &a${i} [${Array(10)
      .fill(`*a${i - 1}`)
      .join(', ')}]\n`;
  write('bomb.txt', `${bomb}---\nP01: trust\n`);
  write('nul.txt', Buffer.from('abc\0def'));
  write('badfm.txt', '---\n: : :\n---\nx');
  write('listfm.txt', '---\n- a\n- b\n---\ntrust');
  write('unclosed.md', '---\nperspective: X\n\nP01: we trust them');
  write('empty.txt', '');
  write('onlyfm.txt', '---\nperspective: X\n---\n');
  write('utf16.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('P01: we trust them\nQ: ok', 'utf16le')]));
  write('latin1.txt', Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x74, 0x72, 0x75, 0x73, 0x74]));
  write('crlf.txt', 'Q: hello\r\nP01: we trust\r\nthem\r\n');
  write('name with spaces, commas & "quotes".txt', 'We trust them.');
  mkdirSync(join(dir, 'folder.txt'));
  symlinkSync('loop', join(dir, 'loop'));
  symlinkSync('.', join(dir, 'self'));
  const run = spawnQcode(['code', '.', '-c', CODEBOOK, '--table', 'summary'], { cwd: dir });
  expect(run.code).toBe(1);
  expect(run.stderr).toBe(
    [
      'qcode: skipped badfm.txt:2:3: front matter is not valid YAML: Nested mappings are not allowed in compact mappings',
      'qcode: skipped bomb.txt:2:1: front matter expands through too many YAML aliases; refusing to read it',
      'qcode: skipped listfm.txt:2:1: front matter must be a list of `name: value` fields',
      'qcode: skipped nul.txt: it contains NUL bytes (a binary file?)',
      'qcode: skipped unclosed.md:1:1: front matter opened with --- on line 1 is never closed with ---',
      'qcode: warning: empty.txt: no text to code',
      'qcode: warning: latin1.txt: not valid UTF-8; read as Windows-1252',
      'qcode: warning: onlyfm.txt: no text to code',
      'Coded 6 transcripts (4 segments), 5 skipped',
      '',
    ].join('\n'),
  );
  const summary = JSON.parse(run.stdout);
  // The link back to the folder itself is followed once, not forever; each file is coded once.
  expect(summary.documents.map((d: { document: string }) => d.document)).toEqual([
    'crlf.txt',
    'empty.txt',
    'latin1.txt',
    'name with spaces, commas & "quotes".txt',
    'onlyfm.txt',
    'utf16.txt',
  ]);
  expect(summary.skipped).toHaveLength(5);
});

test('a reader that closes the pipe early ends the run quietly', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'big.txt'), 'We trust them and we rely on each other.\n\n'.repeat(50_000));
  const command = `"${process.execPath}" "${join(ROOT, 'bin/qcode')}" code big.txt -c "${CODEBOOK}" --table excerpts --format csv | head -c 20; exit \${PIPESTATUS[0]}`;
  const run = spawnSync('bash', ['-c', command], { encoding: 'utf8', cwd: dir });
  expect(run.stdout).toBe('document,segment_id,');
  expect(run.stderr).not.toMatch(/EPIPE|Error|at /);
  expect(run.status).toBe(0);
});

test('codebooks: binary refused by name, UTF-16 with a BOM read, deep nesting an error not a crash', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 't.txt'), 'P01: we trust them\n');
  writeFileSync(join(dir, 'bin.yaml'), Buffer.from([0, 1, 2]));
  writeFileSync(
    join(dir, 'utf16.yaml'),
    Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('themes:\n  - {id: a, label: A, keywords: [trust]}\n', 'utf16le')]),
  );
  // Children nested 5,000 deep in flow style: small on disk, deeper than the parser's stack.
  let deep = '{id: last, label: L, keywords: [y]}';
  for (let i = 0; i < 5000; i++) deep = `{id: t${i}, label: T, keywords: [x], children: [${deep}]}`;
  writeFileSync(join(dir, 'deep.yaml'), `themes: [${deep}]\n`);
  const env = { QCODE_CACHE: '0' };
  expect(spawnQcode(['code', 't.txt', '-c', 'bin.yaml'], { cwd: dir, env })).toMatchObject({
    code: 2,
    stderr: 'qcode: cannot read codebook bin.yaml: it contains NUL bytes (a binary file?)\n',
  });
  expect(spawnQcode(['code', 't.txt', '-c', 'utf16.yaml', '-q', '--table', 'excerpts', '--format', 'csv'], { cwd: dir, env }).stdout).toContain(',a,A,trust,');
  const deepRun = spawnQcode(['code', 't.txt', '-c', 'deep.yaml'], { cwd: dir, env });
  expect(deepRun.code).toBe(2);
  expect(deepRun.stderr).toMatch(/^qcode: codebook deep\.yaml has 1 problem:\ndeep\.yaml:\d+:\d+ /);
});

test('a run killed part-way leaves the previous results whole, never half-written files', async () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'corpus'));
  const turn = 'P01: We trust the district nurses and we rely on each other. Communication is good.\n\nQ: And?\n\n';
  for (let i = 0; i < 400; i++) writeFileSync(join(dir, 'corpus', `i${String(i).padStart(3, '0')}.txt`), turn.repeat(300));
  const args = ['code', 'corpus', '-c', CODEBOOK, '-o', 'out', '--jobs', '1'];
  expect(spawnQcode(args, { cwd: dir }).code).toBe(0);
  const before = new Map(readdirSync(join(dir, 'out')).map((f) => [f, readFileSync(join(dir, 'out', f), 'utf8')]));
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [join(ROOT, 'bin/qcode'), ...args, '--context', '3'], { cwd: dir });
  // Kill it once it has started writing its outputs.
  const staged = () => readdirSync(join(dir, 'out')).some((f) => f.startsWith('.excerpts.csv.'));
  for (let waited = 0; !staged() && waited < 10_000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
  child.kill('SIGKILL');
  await new Promise((resolve) => child.on('exit', resolve));
  const files = readdirSync(join(dir, 'out'));
  // The killed run was writing: its staged excerpts file is there, hidden, beside the old results.
  expect(files.filter((f) => f.startsWith('.excerpts.csv.'))).toHaveLength(1);
  expect(files.filter((f) => !f.startsWith('.')).sort()).toEqual([...before.keys()].sort());
  for (const [name, content] of before) expect(readFileSync(join(dir, 'out', name), 'utf8')).toBe(content);
  // The next run clears what the killed one left behind.
  expect(spawnQcode(args, { cwd: dir }).code).toBe(0);
  expect(readdirSync(join(dir, 'out')).sort()).toEqual([...before.keys()].sort());
});

test('Word documents: paragraphs and speaker labels read; a broken .docx is skipped by name', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'interview.docx'), readFileSync(join(ROOT, 'fixtures/formats/interview.docx')));
  writeFileSync(join(dir, 'broken.docx'), 'not a zip');
  const run = spawnQcode(['code', '.', '-c', CODEBOOK, '--table', 'excerpts', '--format', 'jsonl'], { cwd: dir });
  expect(run.code).toBe(1);
  expect(run.stderr).toBe(
    'qcode: skipped broken.docx: not a readable Word document: the file is not a .docx (zip) archive; an old .doc must be saved as .docx first\n' +
      'Coded 1 transcript (2 segments), 1 skipped\n',
  );
  const rows = run.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  expect(rows.map((r) => [r.segment_id, r.speaker, r.theme_id])).toEqual([
    ['interview.docx#2', 'P07', 'trust'],
    ['interview.docx#2', 'P07', 'communication'],
  ]);
});
