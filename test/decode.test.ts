import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { decodeTranscript } from '../src/text/decode.js';
import { ROOT, spawnQcode, tempDir } from './helpers.js';

const bom = (bytes: number[], body: Buffer) => Buffer.concat([Buffer.from(bytes), body]);
const utf16be = (text: string) => Buffer.from(text, 'utf16le').swap16();

describe('decodeTranscript', () => {
  test.each([
    // Only plain UTF-8 is verbatim: its bytes are the text's UTF-8, so the project stores them as they are.
    ['UTF-8', Buffer.from('Zoë: we trust\n'), 'utf-8', true],
    ['UTF-8 with BOM', bom([0xef, 0xbb, 0xbf], Buffer.from('Zoë: we trust\n')), 'utf-8', false],
    ['UTF-16 LE with BOM', bom([0xff, 0xfe], Buffer.from('Zoë: we trust\n', 'utf16le')), 'utf-16le', false],
    ['UTF-16 BE with BOM', bom([0xfe, 0xff], utf16be('Zoë: we trust\n')), 'utf-16be', false],
    ['Windows-1252', Buffer.from([0x5a, 0x6f, 0xeb, 0x3a, 0x20, 0x77, 0x65, 0x20, 0x74, 0x72, 0x75, 0x73, 0x74, 0x0a]), 'windows-1252', false],
  ])('%s', (_, bytes, encoding, verbatim) => {
    expect(decodeTranscript(bytes)).toEqual({ text: 'Zoë: we trust\n', encoding, verbatim });
  });

  test('CRLF and lone CR line ends become LF (and the bytes no longer stand for the text)', () => {
    expect(decodeTranscript(Buffer.from('a\r\nb\rc\n'))).toEqual({ text: 'a\nb\nc\n', encoding: 'utf-8', verbatim: false });
  });

  test('a very long line and an empty file decode', () => {
    expect(decodeTranscript(Buffer.from('trust '.repeat(500_000))).text).toHaveLength(3_000_000);
    expect(decodeTranscript(Buffer.alloc(0)).text).toBe('');
  });

  test('NUL bytes mark a binary file', () => {
    expect(() => decodeTranscript(Buffer.from([0x61, 0, 0x62]))).toThrow('it contains NUL bytes (a binary file?)');
  });
});

describe('Windows-1252', () => {
  const index = readFileSync(join(ROOT, 'fixtures/encodings/index-windows-1252.txt'), 'utf8')
    .split('\n')
    .filter((line) => /^\s*\d/.test(line))
    .map((line) => line.trim().split('\t').slice(0, 2).map(Number) as [number, number]);

  test('every byte from 0x80 to 0xFF is read as the index gives it, not as Latin-1', () => {
    expect(index).toHaveLength(128);
    // An invalid UTF-8 sequence first, so the file is read as Windows-1252.
    const bytes = Buffer.from([0xff, 0x20, ...index.map(([pointer]) => pointer + 0x80)]);
    const text = decodeTranscript(bytes).text.slice(2);
    expect([...text].map((c) => c.codePointAt(0))).toEqual(index.map(([, code]) => code));
  });

  test('curly quotes and dashes come through, and the unassigned bytes are named', () => {
    const bytes = Buffer.from([0x49, 0x20, 0x64, 0x6f, 0x6e, 0x92, 0x74, 0x20, 0x97, 0x20, 0x81, 0x8d]);
    expect(decodeTranscript(bytes)).toEqual({ text: 'I don’t — \u0081\u008d', encoding: 'windows-1252', verbatim: false, unassigned: [0x81, 0x8d] });
  });

  test('a Windows-1252 transcript is coded as its UTF-8 twin is, negation included', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'utf8.txt'), 'I don’t trust the council.\n');
    writeFileSync(join(dir, 'cp1252.txt'), Buffer.from([...Buffer.from('I don'), 0x92, ...Buffer.from('t trust the council.\n')]));
    writeFileSync(join(dir, 'odd.txt'), Buffer.from([...Buffer.from('We trust them '), 0x81, 0x0a]));
    const run = spawnQcode(['code', '.', '-c', join(ROOT, 'fixtures/codebooks/small.yaml'), '--table', 'excerpts', '--format', 'csv'], { cwd: dir });
    expect(run.stdout).toContain('cp1252.txt,cp1252.txt#1,1,0,26,,,unspecified,trust,Trust,trust,1,1,I don’t trust the council.');
    expect(run.stdout).toContain('utf8.txt,utf8.txt#1,1,0,26,,,unspecified,trust,Trust,trust,1,1,I don’t trust the council.');
    expect(run.stderr).toContain('qcode: warning: cp1252.txt: not valid UTF-8; read as Windows-1252\n');
    expect(run.stderr).toContain(
      'qcode: warning: odd.txt: not valid UTF-8; read as Windows-1252; byte 0x81 has no character there and is kept as a control character\n',
    );
  });
});
