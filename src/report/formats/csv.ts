import { stringify } from 'csv-stringify/sync';
import type { Cell } from '../tables.js';
import { neutralise, type TextOptions, type StreamFormat } from './types.js';

// Any CR or LF is quoted, whatever the line ends: spreadsheets read either as a line break.
const settings = (options: TextOptions) => ({ record_delimiter: options.excel ? ('windows' as const) : ('unix' as const), quoted_match: /[\r\n]/ });
/** What makes a field quoted. */
export const NEEDS_QUOTES = /[",\r\n]/;

/** One field, neutralised and quoted exactly as csv-stringify quotes by default (a test holds the two byte-identical). */
export function csvField(value: Cell, sanitize: boolean): string {
  const cell = neutralise(value, sanitize);
  const text = typeof cell === 'number' ? String(cell) : cell;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Fields joined into (most of) one RFC 4180 record. Excerpt files run to hundreds of megabytes,
 * and csv-stringify's per-field option handling costs three times as long as this.
 */
export function csvFields(cells: Cell[], sanitize: boolean): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) line += (i > 0 ? ',' : '') + csvField(cells[i] as Cell, sanitize);
  return line;
}

/** RFC 4180 CSV, UTF-8; `excel` adds a BOM and CRLF line ends. Streams row chunks. */
export const csv: StreamFormat = {
  head: (columns, options) => (options.excel ? '\ufeff' : '') + stringify([columns], settings(options)),
  rows: (_, rows, options) => {
    const eol = options.excel ? '\r\n' : '\n';
    let out = '';
    for (const row of rows) out += csvFields(row, options.sanitize) + eol;
    return out;
  },
  separator: '',
  tail: () => '',
};

/** Whole tables (frequencies, co-occurrence) go through csv-stringify itself. */
export const csvTable = (table: { columns: string[]; rows: Cell[][] }, options: TextOptions) =>
  (options.excel ? '\ufeff' : '') +
  stringify(
    table.rows.map((row) => row.map((cell) => neutralise(cell, options.sanitize))),
    { ...settings(options), header: true, columns: table.columns },
  );
