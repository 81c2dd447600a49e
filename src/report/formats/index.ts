import { csv, csvTable } from './csv.js';
import { json, jsonl } from './json.js';
import { markdown } from './markdown.js';
import { textTable } from './text-table.js';
import { tsv } from './tsv.js';
import { wholeTable, type Formatter, type StreamFormat } from './types.js';

/** Formats that can be written a chunk of rows at a time. */
export const STREAM_FORMATS = { csv, tsv, json, jsonl, md: markdown } as const satisfies Record<string, StreamFormat>;

/** Output formats by name: the single source for `--format` checking and `--help`. */
export const FORMATTERS = {
  csv: csvTable,
  tsv: wholeTable(tsv),
  json: wholeTable(json),
  jsonl: wholeTable(jsonl),
  md: wholeTable(markdown),
  table: textTable,
} as const satisfies Record<string, Formatter>;

export type FormatName = keyof typeof FORMATTERS;
export type StreamFormatName = keyof typeof STREAM_FORMATS;
export const FORMAT_NAMES = Object.keys(FORMATTERS) as FormatName[];

export function isStreamFormat(name: string): name is StreamFormatName {
  return name in STREAM_FORMATS;
}

export type { FormatOptions, Formatter, StreamFormat, TextOptions } from './types.js';
