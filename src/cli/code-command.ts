import type { Unit } from '../codebook/types.js';
import { formatDiagnostic } from '../diagnostics.js';
import type { FormatName } from '../report/formats/index.js';
import type { TableName } from '../report/tables.js';
import { codeToFolder, type CodeRunOptions, type TableView } from '../run/code-to-folder.js';
import { keepCoding } from './watch.js';
import { paintFor, type Io } from './io.js';
import { checkedSpeakerPattern, commaList, wholeNumber } from './flags.js';
import { progressLine, reportRun } from './run-report.js';

/** The flags of `qcode code`, as commander gives them (it has checked the choices). */
export interface CodeFlags {
  codebook?: string;
  out?: string;
  table?: TableName;
  format?: FormatName;
  unit?: Unit;
  by?: string;
  columns?: string;
  attributes?: string;
  perspectiveFrom?: 'folder';
  includeInterviewer?: boolean;
  interviewer?: string;
  speakerPattern?: string;
  context?: string;
  excel?: boolean;
  sanitize?: boolean;
  quiet?: boolean;
  jobs?: string;
  shard?: string;
  qdpx?: string | false; // false: --no-qdpx
  watch?: boolean;
}

/** `qcode code`: transcripts in; excerpts, frequency tables and a summary out. */
export async function codeCommand(inputs: string[], flags: CodeFlags, io: Io): Promise<number> {
  const [quiet, paint, terminal] = [flags.quiet === true, await paintFor(io, io.stdout), io.stdout.isTTY === true];
  // Without --out the frequencies are shown; with it, only what --table asks for (or, in a terminal, the frequencies).
  const table = flags.table ?? (flags.out === undefined || terminal ? 'frequencies' : undefined);
  const format = flags.format ?? (terminal ? 'table' : table === 'summary' ? 'json' : 'csv');
  const view: TableView | undefined = table && { table, format, write: (text) => io.stdout.write(text) };
  const progress = !quiet && io.stderr.isTTY === true;
  const clearProgress = () => progress && io.stderr.write('\r\u001b[K');
  try {
    const options: CodeRunOptions = {
      inputs,
      cwd: io.cwd,
      codebook: flags.codebook,
      out: flags.out,
      qdpx: flags.qdpx,
      unit: flags.unit,
      includeInterviewer: flags.includeInterviewer === true,
      interviewer: commaList(flags.interviewer),
      speakerPattern: checkedSpeakerPattern(flags.speakerPattern),
      attributes: flags.attributes,
      perspectiveFromFolder: flags.perspectiveFrom === 'folder',
      by: flags.by,
      columns: commaList(flags.columns),
      context: wholeNumber(flags.context, '--context', 1000),
      jobs: wholeNumber(flags.jobs, '--jobs', 256, 1) ?? 'auto',
      shard: flags.shard,
      output: { sanitize: flags.sanitize !== false, excel: flags.excel === true, paint },
      view,
      readStdin: io.readStdin,
      env: io.env,
      onProgress: progress ? progressLine(io) : undefined,
      onCodebookWarning: quiet ? undefined : (w) => io.stderr.write(`${formatDiagnostic(w)}\n`),
    };
    const first = await codeToFolder(options);
    clearProgress();
    reportRun(io, first.record, flags, quiet);
    if (!flags.watch) return first.record.skipped.length > 0 ? 1 : 0;
    return keepCoding(first, options, io);
  } catch (error) {
    clearProgress();
    throw error;
  }
}
