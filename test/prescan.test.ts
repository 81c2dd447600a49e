import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { attributeColumns, frontMatterNames } from '../src/run/prescan.js';
import { simpleFrontMatter } from '../src/transcript/front-matter.js';
import { tempDir } from './helpers.js';

/** The excerpt columns a corpus of one file gets, as `qcode code` works them out before coding. */
function columnsOf(bytes: Buffer): string[] {
  const path = join(tempDir(), 'a.txt');
  writeFileSync(path, bytes);
  return attributeColumns(frontMatterNames([path], { interviewer: ['Interviewer'] }), undefined);
}

const turns = (n: number, eol: string) => Array.from({ length: n }, (_, i) => `P01: Turn ${i}, we trust them.`).join(eol);

describe('attribute columns read before coding are the ones coding finds', () => {
  test('front matter with CR-only line ends in a file past 4 KB', () => {
    expect(columnsOf(Buffer.from(`---\rregion: North\rperspective: Care Home\r---\r${turns(400, '\r')}`))).toEqual(['region']);
  });

  test('a byte that is not UTF-8 far into the file makes the front matter Windows-1252 too', () => {
    const file = Buffer.concat([Buffer.from(`---\nGéo: Lyon\n---\n${turns(300, '\n')}`), Buffer.from([0xe9, 0x0a])]);
    expect(file.length).toBeGreaterThan(8000);
    expect(columnsOf(file)).toEqual(['GÃ©o']);
  });

  test('a file that will be refused (a NUL byte past 4 KB) adds no columns', () => {
    expect(columnsOf(Buffer.concat([Buffer.from(`---\nnulkey: x\n---\n${turns(300, '\n')}`), Buffer.from([0])]))).toEqual([]);
  });

  test('front matter longer than 64 KB', () => {
    const long = Array.from({ length: 5000 }, (_, i) => `field${i}: value ${i}`).join('\n');
    expect(long.length).toBeGreaterThan(64 * 1024);
    expect(columnsOf(Buffer.from(`---\n${long}\nlast: one\n---\nP01: hi\n`))).toContain('last');
  });

  test('UTF-16 with CRLF', () => {
    const text = `---\r\nsite: Ealing\r\n---\r\n${turns(300, '\r\n')}`;
    expect(columnsOf(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))).toEqual(['site']);
  });
});

describe('front matter read without the YAML parser', () => {
  test('defers to the parser where YAML reads otherwise', () => {
    expect(simpleFrontMatter('site: Ealing\n\u00a0')).toBeUndefined();
    expect(simpleFrontMatter(`${'k'.repeat(1025)}: v`)).toBeUndefined();
    expect(simpleFrontMatter('site: Ealing\n \t\n')).toEqual({ site: 'Ealing' });
  });
});

describe('files the prescan does not read', () => {
  test('captions, which have no front matter when coded, add no columns even if they open like it', () => {
    const path = join(tempDir(), 'a.vtt');
    writeFileSync(path, '---\nsite: Leeds\n---\nWEBVTT\n\n00:00:01.000 --> 00:00:02.000\nP01: we trust them\n');
    expect(attributeColumns(frontMatterNames([path], { interviewer: ['Interviewer'] }), undefined)).toEqual([]);
  });
});
