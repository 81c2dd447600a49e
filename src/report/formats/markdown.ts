import type { Formatter } from './types.js';

const escape = (cell: string | number) => String(cell).replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

/** A GitHub-flavoured Markdown table; numbers right-aligned. */
export const markdown: Formatter = (table) => {
  const numeric = table.columns.map((_, i) => table.rows.length > 0 && table.rows.every((r) => typeof r[i] === 'number'));
  const lines = [
    `| ${table.columns.map(escape).join(' | ')} |`,
    `| ${numeric.map((n) => (n ? '---:' : '---')).join(' | ')} |`,
    ...table.rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
  ];
  return `${lines.join('\n')}\n`;
};
