import { csv } from './csv.js';
import { json, jsonl } from './json.js';
import { markdown } from './markdown.js';
import { textTable } from './text-table.js';
import { tsv } from './tsv.js';
import type { Formatter } from './types.js';

/** Output formats by name: the single source for `--format` checking and `--help`. */
export const FORMATTERS = {
  csv,
  tsv,
  json,
  jsonl,
  md: markdown,
  table: textTable,
} as const satisfies Record<string, Formatter>;

export type FormatName = keyof typeof FORMATTERS;
export const FORMAT_NAMES = Object.keys(FORMATTERS) as FormatName[];

export type { FormatOptions, Formatter } from './types.js';
