import { parse } from 'csv-parse/sync';
import { PLAIN } from '../src/report/paint.js';
import { describe, expect, test } from 'vitest';
import { FORMATTERS, STREAM_FORMATS } from '../src/report/formats/index.js';
import { wholeTable } from '../src/report/formats/types.js';
import { parseCsv } from '../src/output/csv-read.js';
import { csvRecords } from '../src/output/csv-records.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cell, Table } from '../src/report/tables.js';

const ALPHABET = ['a', 'Z', ' ', ',', '"', '\n', '\r', '\t', '=', '+', '-', '@', "'", 'é', '🙂', '|', '\\', ';', '1'];

/** A deterministic pseudo-random table of awkward cells. */
function randomTable(seed: number, rows: number): Table {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const cell = (): Cell => {
    if (next() < 0.2) return Math.floor(next() * 1000) / (next() < 0.5 ? 1 : 7);
    let text = '';
    const length = Math.floor(next() * 12);
    for (let i = 0; i < length; i++) text += ALPHABET[Math.floor(next() * ALPHABET.length)];
    return text;
  };
  return { name: 't', columns: ['a', 'b', 'c', 'd'], rows: Array.from({ length: rows }, () => [cell(), cell(), cell(), cell()]) };
}

const options = (sanitize: boolean, excel: boolean) => ({ sanitize, excel, paint: PLAIN });

describe('CSV', () => {
  test.each([1, 2, 3])("qcode's CSV reader reads what csv-parse reads, and any cut of a file gives its complete records (seed %i)", (seed) => {
    const table = randomTable(seed, 150);
    for (const excel of [false, true]) {
      const text = FORMATTERS.csv(table, options(false, excel));
      const all = parse(text, { bom: true, relax_column_count: true }) as string[][];
      expect(parseCsv(text)).toEqual(all);
      // Where each record ends: the header, then each row as the stream writes it.
      const ends: number[] = [];
      let end = STREAM_FORMATS.csv.head(table.columns, options(false, excel)).length;
      ends.push(end);
      for (const row of table.rows) ends.push((end += STREAM_FORMATS.csv.rows(table.columns, [row], options(false, excel)).length));
      expect(end).toBe(text.length);
      for (let cut = 0; cut <= text.length; cut += 37) {
        const records = parseCsv(text.slice(0, cut), { truncated: true });
        expect(records).toEqual(all.slice(0, ends.filter((e) => e <= cut).length));
      }
    }
  });

  test('a file of several megabytes read a block of records at a time gives the records csv-parse reads, quoted line breaks and quotes across block ends intact', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qcode-records-'));
    const table = randomTable(7, 60_000);
    for (const excel of [false, true]) {
      const text = FORMATTERS.csv(table, options(false, excel));
      expect(Buffer.byteLength(text)).toBeGreaterThan(2 * 1024 * 1024);
      writeFileSync(join(dir, 't.csv'), text);
      expect([...csvRecords(join(dir, 't.csv'))]).toEqual(parse(text, { bom: true, relax_column_count: true }));
    }
  });

  test.each([1, 2, 3, 4, 5])('streamed excerpts are byte-identical to csv-stringify (seed %i)', (seed) => {
    const table = randomTable(seed, 200);
    for (const [sanitize, excel] of [
      [true, false],
      [false, true],
      [false, false],
    ] as const) {
      expect(wholeTable(STREAM_FORMATS.csv)(table, options(sanitize, excel))).toBe(FORMATTERS.csv(table, options(sanitize, excel)));
    }
  });

  test('every field round-trips through csv-parse (with --no-sanitize)', () => {
    const table = randomTable(9, 300);
    const parsed = parse(FORMATTERS.csv(table, options(false, false)), { columns: false, relax_quotes: false }) as string[][];
    expect(parsed.slice(1)).toEqual(table.rows.map((row) => row.map(String)));
  });

  test('formula-like text is prefixed with a quote; numbers are not', () => {
    const table: Table = { name: 't', columns: ['x'], rows: [['=1+1'], ['+44 20'], ['-x'], ['@me'], ['\tx'], ['\rx'], ['ok'], [5]] };
    expect(FORMATTERS.csv(table, options(true, false))).toBe("x\n'=1+1\n'+44 20\n'-x\n'@me\n'\tx\n\"'\rx\"\nok\n5\n");
  });
});

describe('streamed formats equal their whole-table rendering when split into chunks', () => {
  test.each(['csv', 'tsv', 'json', 'jsonl', 'md'] as const)('%s', (name) => {
    const format = STREAM_FORMATS[name];
    const table = randomTable(3, 30);
    const o = options(true, false);
    const chunks = [table.rows.slice(0, 7), [], table.rows.slice(7, 8), table.rows.slice(8)];
    let streamed = format.head(table.columns, o);
    let wrote = false;
    for (const chunk of chunks) {
      if (chunk.length === 0) continue;
      if (wrote) streamed += format.separator;
      streamed += format.rows(table.columns, chunk, o);
      wrote = true;
    }
    streamed += format.tail(!wrote, o);
    expect(streamed).toBe(wholeTable(format)(table, o));
  });

  test('json is what JSON.stringify writes, also for an empty table', () => {
    const table = randomTable(4, 5);
    const o = options(false, false);
    const objects = table.rows.map((r) => Object.fromEntries(table.columns.map((c, i) => [c, r[i]])));
    expect(FORMATTERS.json(table, o)).toBe(`${JSON.stringify(objects, null, 2)}\n`);
    expect(FORMATTERS.json({ ...table, rows: [] }, o)).toBe('[]\n');
  });
});
