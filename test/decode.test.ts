import { describe, expect, test } from 'vitest';
import { decodeTranscript } from '../src/transcript/decode.js';

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
