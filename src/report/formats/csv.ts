import { stringify } from 'csv-stringify/sync';
import { neutralise, type Formatter } from './types.js';

/** RFC 4180 CSV, UTF-8; `excel` adds a BOM and CRLF line ends. */
export const csv: Formatter = (table, options) =>
  stringify(
    table.rows.map((row) => row.map((cell) => neutralise(cell, options.sanitize))),
    { header: true, columns: table.columns, bom: options.excel, record_delimiter: options.excel ? 'windows' : 'unix' },
  );
