import type { Formatter } from './types.js';

const MAX_CELL = 60;

function fit(cell: string | number): string {
  const text = String(cell).replace(/\s+/g, ' ');
  return text.length > MAX_CELL ? `${text.slice(0, MAX_CELL - 1)}…` : text;
}

/** Columns aligned with spaces for reading in a terminal; long text is shortened with `…`. */
export const textTable: Formatter = (table, options) => {
  const cells = table.rows.map((row) => row.map(fit));
  const widths = table.columns.map((c, i) => Math.max(c.length, ...cells.map((r) => (r[i] ?? '').length)));
  const numeric = table.columns.map((_, i) => table.rows.length > 0 && table.rows.every((r) => typeof r[i] === 'number'));
  const line = (row: string[]) =>
    row
      .map((cell, i) => (numeric[i] ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [options.paint.bold(line(table.columns)), ...cells.map(line)].join('\n') + '\n';
};
