import type { Cell } from '../tables.js';
import type { StreamFormat } from './types.js';

const escape = (cell: Cell) =>
  String(cell)
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ');
const line = (row: Cell[]) => `| ${row.map(escape).join(' | ')} |\n`;

/** A GitHub-flavoured Markdown table. */
export const markdown: StreamFormat = {
  head: (columns) => line(columns) + line(columns.map(() => '---')),
  rows: (_, rows) => rows.map(line).join(''),
  separator: '',
  tail: () => '',
};
