import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT, spawnQcode, tempDir } from './helpers.js';

/**
 * One row per case of the README's "What qcode does with bad input" table: the case is set up in
 * a fresh folder (which also holds a good transcript, ok.txt), qcode is run as a user would, and
 * the message quoted in the README must be on standard error with the exit code it gives.
 */
interface Case {
  name: string;
  files: Record<string, string | Buffer>;
  args: string[];
  exit: 0 | 1 | 2;
  message: string;
  links?: [string, string][];
}

const CODEBOOK = join(ROOT, 'fixtures/codebooks/small.yaml');
const utf16 = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);

const CASES: Case[] = [
  { name: 'a path that does not exist', files: {}, args: ['ok.txt', 'missing.txt'], exit: 1, message: 'qcode: skipped missing.txt: no such file or folder' },
  {
    name: 'a file that is not a transcript',
    files: { 'notes.pdf': 'x' },
    args: ['ok.txt', 'notes.pdf'],
    exit: 1,
    message: 'qcode: skipped notes.pdf: not a transcript format qcode reads (.txt, .md, .markdown, .docx, .vtt, .srt)',
  },
  {
    name: 'a folder with no transcripts',
    files: { 'empty/x.pdf': 'x' },
    args: ['ok.txt', 'empty'],
    exit: 1,
    message: 'qcode: skipped empty: the folder has no transcripts (.txt, .md, .markdown, .docx, .vtt, .srt)',
  },
  {
    name: 'a binary file (NUL bytes)',
    files: { 'bin.txt': Buffer.from([0x50, 0, 1, 2]) },
    args: ['.'],
    exit: 1,
    message: 'qcode: skipped bin.txt: it contains NUL bytes (a binary file?)',
  },
  {
    name: 'bytes that are not UTF-8',
    files: { 'latin1.txt': Buffer.from([0x63, 0x61, 0x66, 0xe9]) },
    args: ['.'],
    exit: 0,
    message: 'qcode: warning: latin1.txt: not valid UTF-8; read as Windows-1252',
  },
  {
    name: 'bytes Windows-1252 gives no character',
    files: { 'odd.txt': Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x81]) },
    args: ['.'],
    exit: 0,
    message: 'qcode: warning: odd.txt: not valid UTF-8; read as Windows-1252; byte 0x81 has no character there and is kept as a control character',
  },
  {
    name: 'a transcript with no text',
    files: { 'empty.txt': ' \u00a0\u3000\u200b\n\n', 'onlyfm.md': '---\nsite: Ealing\n---\n' },
    args: ['.'],
    exit: 0,
    message: 'qcode: warning: empty.txt: no text to code',
  },
  {
    name: 'a caption cue without its timing line',
    files: { 'zoom.vtt': 'WEBVTT\n\n1\n00:00:01.000 --> 00:00:03.000\nAnn: We trust them.\n\n2\nThe GP too.\n' },
    args: ['.'],
    exit: 0,
    message: 'qcode: warning: zoom.vtt: cue at line 7 has no timing line; its text is kept with the previous cue',
  },
  {
    name: 'UTF-16 with a BOM, CRLF line ends',
    files: { 'word.txt': utf16('Q: hi\r\nP01: we trust them\r\n') },
    args: ['.'],
    exit: 0,
    message: 'Coded 2 transcripts (2 segments)',
  },
  {
    name: 'front matter that is not valid YAML',
    files: { 'fm.txt': '---\nsite: [Ealing\n---\nP01: hi' },
    args: ['.'],
    exit: 1,
    message: 'qcode: skipped fm.txt:3:1: front matter is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
  },
  {
    name: 'front matter never closed',
    files: { 'open.md': '---\nsite: Ealing\nP01: hi' },
    args: ['.'],
    exit: 1,
    message: 'qcode: skipped open.md:1:1: front matter opened with --- on line 1 is never closed with ---',
  },
  {
    name: 'a caption file without cues',
    files: { 'zoom.vtt': 'WEBVTT\n\njust text\n' },
    args: ['.'],
    exit: 1,
    message: 'qcode: skipped zoom.vtt:1:1: no caption cues found: a WebVTT file needs timing lines such as 00:00:01.000 --> 00:00:04.000',
  },
  {
    name: 'a .docx that is not a Word file',
    files: { 'old.docx': 'PK? no' },
    args: ['.'],
    exit: 1,
    message: 'qcode: skipped old.docx: not a readable Word document: the file is not a .docx (zip) archive; an old .doc must be saved as .docx first',
  },
  { name: 'a symbolic link loop', files: {}, links: [['loop', 'loop']], args: ['.'], exit: 0, message: 'Coded 1 transcript (1 segment)' },
  {
    name: 'names with spaces, commas, quotes and other scripts',
    files: { 'a, "b" é 名前.txt': 'P01: trust' },
    args: ['.'],
    exit: 0,
    message: 'Coded 2 transcripts (2 segments)',
  },
  {
    name: 'a codebook that is not valid',
    files: { 'bad.yaml': 'themes:\n  - id: a\n    label: A\n    keywrds: [x]\n' },
    args: ['ok.txt', '-c', 'bad.yaml'],
    exit: 2,
    message: "bad.yaml:4:5 unknown key 'keywrds' in theme 1 (did you mean 'keywords'?)",
  },
  {
    name: 'a duplicate key in a codebook',
    files: { 'dup.yaml': 'themes:\n  - id: a\n    id: b\n    label: A\n    keywords: [x]\n' },
    args: ['ok.txt', '-c', 'dup.yaml'],
    exit: 2,
    message: 'dup.yaml:3:5 duplicate key: each key may appear once in a mapping',
  },
  {
    name: 'a regex rule that is not valid',
    files: { 're.yaml': 'themes:\n  - id: a\n    label: A\n    regex: ["(x"]\n' },
    args: ['ok.txt', '-c', 're.yaml'],
    exit: 2,
    message: "re.yaml:4:13 regex '(x' of theme 'a' is not valid: ",
  },
  {
    name: 'a YAML alias bomb as codebook',
    files: {
      'bomb.yaml': `a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n${[1, 2, 3, 4, 5, 6]
        .map(
          (i) =>
            `a${i}: &a${i} [${Array(10)
              .fill(`*a${i - 1}`)
              .join(', ')}]`,
        )
        .join('\n')}\nthemes: *a6\n`,
    },
    args: ['ok.txt', '-c', 'bomb.yaml'],
    exit: 2,
    message: "bomb.yaml:8:9 the codebook's aliases expand to 20 MB of text, more than the 5 MB a codebook may hold; refusing to read it",
  },
  {
    name: 'a codebook whose aliases expand past 5 MB',
    files: {
      'big.yaml': `name: big\nbig: &big ${'x'.repeat(1_000_000)}\nthemes:\n  - id: a\n    label: A\n    keywords: [*big, *big, *big, *big, *big, *big]\n`,
    },
    args: ['ok.txt', '-c', 'big.yaml'],
    exit: 2,
    message: "big.yaml:6:16 the codebook's aliases expand to 6.7 MB of text, more than the 5 MB a codebook may hold; refusing to read it",
  },
  {
    name: 'front matter whose aliases expand past 1 MB',
    files: { 'fm.txt': `---\nsite: &s ${'y'.repeat(300_000)}\nmany: [*s, *s, *s, *s]\n---\nP01: we trust them\n` },
    args: ['.'],
    exit: 1,
    message: 'qcode: skipped fm.txt:3:8: front matter aliases expand to 1.4 MB of text, more than the 1 MB front matter may hold; refusing to read it',
  },
  {
    name: 'a binary codebook',
    files: { 'cb.yaml': Buffer.from([0, 1, 2]) },
    args: ['ok.txt', '-c', 'cb.yaml'],
    exit: 2,
    message: 'qcode: cannot read codebook cb.yaml: it contains NUL bytes (a binary file?)',
  },
  {
    name: 'an attributes file without a join column',
    files: { 'people.csv': 'name,perspective\nA,B\n' },
    args: ['ok.txt', '--attributes', 'people.csv'],
    exit: 2,
    message: "qcode: people.csv:1:1 the attributes file needs a 'file' or a 'speaker' column to join on; found: name, perspective",
  },
  {
    name: 'an --out that would overwrite an input',
    files: { 'out/x.txt': 'x' },
    links: [['out/excerpts.csv', '../ok.txt']],
    args: ['ok.txt', '-o', 'out'],
    exit: 2,
    message: 'qcode: refusing to write out/excerpts.csv: it is one of the inputs',
  },
  {
    name: 'an --out that would overwrite a file found through a linked folder',
    files: { 'real/a.txt': 'P01: we trust them\n', 'out/x.txt': 'x' },
    links: [
      ['data', 'real'],
      ['out/excerpts.csv', '../real/a.txt'],
    ],
    args: ['data', '-o', 'out'],
    exit: 2,
    message: 'qcode: refusing to write out/excerpts.csv: it is one of the inputs',
  },
  {
    name: 'an --out that cannot be written',
    files: { file: 'x' },
    args: ['ok.txt', '-o', 'file/results'],
    exit: 2,
    message: 'qcode: cannot write results to file/results: a part of the path is a file; nothing was replaced',
  },
  {
    name: 'an --out whose output name is taken by a folder',
    files: { 'out/report.html/mine.txt': 'keep' },
    args: ['ok.txt', '-o', 'out'],
    exit: 2,
    message: "qcode: cannot write results to out: an output's name is taken by a folder; nothing was replaced",
  },
  {
    name: 'a --qdpx that names a folder',
    files: { 'out/x.pdf': 'x' },
    args: ['ok.txt', '--qdpx', 'out'],
    exit: 2,
    message: 'qcode: --qdpx out is a folder; --qdpx takes the project file to write',
  },
  {
    name: 'a --qdpx that would overwrite an input',
    files: {},
    args: ['ok.txt', '--qdpx', 'ok.txt'],
    exit: 2,
    message: 'qcode: refusing to write ok.txt: it is one of the inputs',
  },
  {
    name: "a --qdpx that is one of --out's files",
    files: {},
    args: ['ok.txt', '-o', 'out', '--qdpx', 'out/summary.json'],
    exit: 2,
    message: 'qcode: --qdpx out/summary.json is one of the files --out writes; name another file',
  },
  {
    name: 'a --by that is not an attribute',
    files: {},
    args: ['ok.txt', '--by', 'sitee'],
    exit: 2,
    message: "qcode: --by 'sitee' is not an attribute of these transcripts; they have: perspective, speaker, role; nothing was written",
  },
  {
    name: 'an unknown option value',
    files: {},
    args: ['ok.txt', '--unit', 'page'],
    exit: 2,
    message: "error: option '--unit <unit>' argument 'page' is invalid. Allowed choices are turn, paragraph, sentence.",
  },
];

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const table = readme.split('## What qcode does with bad input')[1]?.split('\n## ')[0] ?? '';

describe('bad input', () => {
  test.each(CASES)('$name', (c) => {
    const dir = tempDir();
    writeFileSync(join(dir, 'ok.txt'), 'P01: we trust them\n');
    for (const [name, content] of Object.entries(c.files)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), content);
    }
    for (const [link, target] of c.links ?? []) symlinkSync(target, join(dir, link));
    const args = c.args.includes('-c') ? c.args : [...c.args, '-c', CODEBOOK];
    const run = spawnQcode(['code', ...args, '--table', 'summary'], { cwd: dir, env: { QCODE_CACHE: '0' } });
    expect(run.stderr).toContain(c.message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.code).toBe(c.exit);
    const row = table.split('\n').find((line) => line.startsWith(`| ${c.name} |`));
    expect(row, `README row for "${c.name}"`).toBeDefined();
    expect(row).toContain(`\`${c.message.replace(/\|/g, '\\|')}`);
    expect(row?.trim().endsWith(`| ${c.exit} |`)).toBe(true);
  });
});

describe('outputs never replace an input', () => {
  test('--qdpx or an --out file named like the codebook or the attributes file is refused, and the file kept', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'ok.txt'), 'Interviewer: Hello?\n\nP1: We trust them.\n');
    const codebook = readFileSync(join(ROOT, 'fixtures/codebooks/small.yaml'));
    writeFileSync(join(dir, 'cb.yaml'), codebook);
    const project = spawnQcode(['code', 'ok.txt', '-c', 'cb.yaml', '--qdpx', 'cb.yaml'], { cwd: dir });
    expect(project.code).toBe(2);
    expect(project.stderr).toBe('qcode: refusing to write cb.yaml: it is one of the inputs\n');
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'out', 'summary.json'), 'file,perspective\nok.txt,Care Home\n');
    const attributes = spawnQcode(['code', 'ok.txt', '-c', 'cb.yaml', '--attributes', 'out/summary.json', '-o', 'out'], { cwd: dir });
    expect(attributes.code).toBe(2);
    expect(attributes.stderr).toBe('qcode: refusing to write out/summary.json: it is one of the inputs\n');
    expect(readFileSync(join(dir, 'cb.yaml'))).toEqual(codebook);
    expect(readFileSync(join(dir, 'out', 'summary.json'), 'utf8')).toBe('file,perspective\nok.txt,Care Home\n');
  });
});
