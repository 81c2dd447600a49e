import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputError } from '../diagnostics.js';
import { readAt } from '../file-bytes.js';
import { REPORT_EXCERPT_BYTES, reportFromFiles, type ExcerptsStart } from '../report/html.js';
import { AtomicOutputs } from '../output/atomic.js';
import type { Io } from './io.js';
import { FILES } from '../output/names.js';

function readText(dir: string, shown: string, name: string): string {
  try {
    return readFileSync(join(dir, name), 'utf8');
  } catch {
    throw new InputError(`${join(shown, name)} is missing: qcode report reads the folder a qcode code --out run wrote`);
  }
}

/** The start of `excerpts.csv`, as much as the report reads: the file may run to gigabytes. */
function readExcerptsStart(dir: string, shown: string): ExcerptsStart {
  let fd: number;
  try {
    fd = openSync(join(dir, FILES.excerpts), 'r');
  } catch {
    throw new InputError(`${join(shown, FILES.excerpts)} is missing: qcode report reads the folder a qcode code --out run wrote`);
  }
  try {
    const size = fstatSync(fd).size;
    return { text: readAt(fd, Math.min(size, REPORT_EXCERPT_BYTES), 0).toString('utf8'), truncated: size > REPORT_EXCERPT_BYTES };
  } finally {
    closeSync(fd);
  }
}

/** `qcode report RESULTS_DIR`: builds report.html from the files of a `qcode code --out` run. */
export function reportCommand(dir: string, flags: { quiet?: boolean }, io: Io): number {
  const folder = resolve(io.cwd, dir);
  let summary: string;
  try {
    summary = readFileSync(join(folder, FILES.summary), 'utf8');
    JSON.parse(summary);
  } catch {
    throw new InputError(`${join(dir, FILES.summary)} is missing or not valid JSON: qcode report reads the folder a qcode code --out run wrote`);
  }
  const html = reportFromFiles(summary, readText(folder, dir, FILES.frequencies), readText(folder, dir, FILES.cooccurrence), readExcerptsStart(folder, dir));
  const outputs = new AtomicOutputs(folder);
  try {
    outputs.file(FILES.report, html);
    outputs.commit();
  } catch (error) {
    outputs.abort();
    throw error;
  }
  if (!flags.quiet) io.stderr.write(`Wrote ${join(dir, FILES.report)}\n`);
  return 0;
}
