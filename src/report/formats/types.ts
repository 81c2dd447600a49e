import type { Paint } from '../paint.js';
import type { Cell, Table } from '../tables.js';

/** What text formats need to know. */
export interface TextOptions {
  /** Neutralise cells a spreadsheet would run as a formula. */
  sanitize: boolean;
  /** BOM and CRLF, for Excel. */
  excel: boolean;
}

export interface FormatOptions extends TextOptions {
  /** Colours for terminal views (plain when colour is off). */
  paint: Paint;
}

/** Renders a whole table as text. Pure: no files, no process. */
export type Formatter = (table: Table, options: FormatOptions) => string;

/**
 * A format that can be written a chunk of rows at a time, so excerpts stream to their file
 * without being held in memory: `head`, then `rows` chunks joined by `separator`, then `tail`.
 */
export interface StreamFormat {
  head(columns: string[], options: TextOptions): string;
  rows(columns: string[], rows: Cell[][], options: TextOptions): string;
  /** Put between two non-empty chunks of rows. */
  separator: string;
  tail(empty: boolean, options: TextOptions): string;
}

/** The whole-table formatter of a stream format: one implementation for both uses. */
export function wholeTable(format: StreamFormat): Formatter {
  return (table, options) => {
    const body = table.rows.length > 0 ? format.rows(table.columns, table.rows, options) : '';
    return format.head(table.columns, options) + body + format.tail(table.rows.length === 0, options);
  };
}

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Prefixes a quote to text a spreadsheet would evaluate (`=`, `+`, `-`, `@`, tab, CR), as OWASP's
 * CSV-injection guidance advises. Numbers are qcode's own counts and are left alone.
 */
export function neutralise(cell: Cell, sanitize: boolean): Cell {
  return sanitize && typeof cell === 'string' && isFormulaStart(cell) ? `'${cell}` : cell;
}

/** Whether a spreadsheet would run `text` as a formula (what `neutralise` quotes). */
export const isFormulaStart = (text: string): boolean => FORMULA_START.test(text);

export function rowObject(columns: string[], row: Cell[]): Record<string, Cell> {
  const object: Record<string, Cell> = {};
  columns.forEach((c, i) => (object[c] = row[i] ?? ''));
  return object;
}
