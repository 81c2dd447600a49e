import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { QcodeError } from '../diagnostics.js';
import { reportFromFiles } from '../report/html.js';
import { AtomicOutputs } from '../report/write.js';
import type { Io } from './io.js';

function readText(dir: string, shown: string, name: string): string {
  try {
    return readFileSync(join(dir, name), 'utf8');
  } catch {
    throw new QcodeError(`${join(shown, name)} is missing: qcode report reads the folder a qcode code --out run wrote`, 2);
  }
}

/** `qcode report RESULTS_DIR`: builds report.html from the files of a `qcode code --out` run. */
export function reportCommand(dir: string, flags: { quiet?: boolean }, io: Io): number {
  const folder = resolve(io.cwd, dir);
  let summary: string;
  try {
    summary = readFileSync(join(folder, 'summary.json'), 'utf8');
    JSON.parse(summary);
  } catch {
    throw new QcodeError(`${join(dir, 'summary.json')} is missing or not valid JSON: qcode report reads the folder a qcode code --out run wrote`, 2);
  }
  const html = reportFromFiles(summary, readText(folder, dir, 'frequencies.csv'), readText(folder, dir, 'cooccurrence.csv'), readText(folder, dir, 'excerpts.csv'));
  const outputs = new AtomicOutputs(folder);
  outputs.file('report.html', html);
  outputs.commit();
  if (!flags.quiet) io.stderr.write(`Wrote ${join(dir, 'report.html')}\n`);
  return 0;
}
