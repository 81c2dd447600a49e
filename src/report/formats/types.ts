import type { ChalkInstance } from 'chalk';
import type { Cell, Table } from '../tables.js';

export interface FormatOptions {
  /** Neutralise cells a spreadsheet would run as a formula. */
  sanitize: boolean;
  /** BOM and CRLF, for Excel. */
  excel: boolean;
  chalk: ChalkInstance;
}

/** Renders a table as text. Pure: no files, no process. */
export type Formatter = (table: Table, options: FormatOptions) => string;

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Prefixes a quote to text a spreadsheet would evaluate (`=`, `+`, `-`, `@`, tab, CR), as OWASP's
 * CSV-injection guidance advises. Numbers are qcode's own counts and are left alone.
 */
export function neutralise(cell: Cell, sanitize: boolean): Cell {
  return sanitize && typeof cell === 'string' && FORMULA_START.test(cell) ? `'${cell}` : cell;
}

export function rowObjects(table: Table): Record<string, Cell>[] {
  return table.rows.map((row) => Object.fromEntries(table.columns.map((c, i) => [c, row[i] ?? ''])));
}
