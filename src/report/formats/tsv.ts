import { neutralise, type Formatter } from './types.js';

/** Tab-separated values: TSV cannot quote, so tabs and line breaks inside cells become spaces. */
export const tsv: Formatter = (table, options) => {
  const clean = (cell: string | number) => String(neutralise(cell, options.sanitize)).replace(/[\t\r\n]+/g, ' ');
  const eol = options.excel ? '\r\n' : '\n';
  const lines = [table.columns, ...table.rows].map((row) => row.map(clean).join('\t'));
  return (options.excel ? '\ufeff' : '') + lines.join(eol) + eol;
};
