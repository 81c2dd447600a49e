import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { QcodeError } from '../diagnostics.js';
import { buildReportHtml, type ReportInput } from '../report/html.js';
import type { Table } from '../report/tables.js';
import { AtomicOutputs } from '../report/write.js';
import type { Io } from './io.js';

const require = createRequire(import.meta.url);

/** A CSV output of qcode as a table; cells neutralised for spreadsheets are shown as they were written. */
function readTable(dir: string, shown: string, name: string): Table {
  let text: string;
  try {
    text = readFileSync(join(dir, name), 'utf8');
  } catch {
    throw new QcodeError(`${join(shown, name)} is missing: qcode report reads the folder a qcode code --out run wrote`, 2);
  }
  const { parse } = require('csv-parse/sync') as { parse: (t: string, o: object) => string[][] };
  const [columns = [], ...rows] = parse(text, { bom: true, relax_column_count: true });
  return { name, columns, rows: rows.map((row) => row.map((cell) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell))) };
}

/** `qcode report RESULTS_DIR`: builds report.html from the files of a `qcode code --out` run. */
export function reportCommand(dir: string, flags: { quiet?: boolean }, io: Io): number {
  const folder = resolve(io.cwd, dir);
  let summary: ReportInput['summary'];
  try {
    summary = JSON.parse(readFileSync(join(folder, 'summary.json'), 'utf8')) as ReportInput['summary'];
  } catch {
    throw new QcodeError(`${join(dir, 'summary.json')} is missing or not valid JSON: qcode report reads the folder a qcode code --out run wrote`, 2);
  }
  const html = buildReportHtml({
    summary,
    frequencies: readTable(folder, dir, 'frequencies.csv'),
    cooccurrence: readTable(folder, dir, 'cooccurrence.csv'),
    excerpts: readTable(folder, dir, 'excerpts.csv'),
  });
  const outputs = new AtomicOutputs(folder);
  outputs.file('report.html', html);
  outputs.commit();
  if (!flags.quiet) io.stderr.write(`Wrote ${join(dir, 'report.html')}\n`);
  return 0;
}
