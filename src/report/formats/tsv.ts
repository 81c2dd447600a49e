import { neutralise, type TextOptions, type StreamFormat } from './types.js';

const line = (row: (string | number)[], options: TextOptions) =>
  row.map((cell) => String(neutralise(cell, options.sanitize)).replace(/[\t\r\n]+/g, ' ')).join('\t') + (options.excel ? '\r\n' : '\n');

/** Tab-separated values: TSV cannot quote, so tabs and line breaks inside cells become spaces. */
export const tsv: StreamFormat = {
  head: (columns, options) => (options.excel ? '\ufeff' : '') + line(columns, options),
  rows: (_, rows, options) => rows.map((row) => line(row, options)).join(''),
  separator: '',
  tail: () => '',
};
