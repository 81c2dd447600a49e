import type { Unit } from '../codebook/types.js';
import { formatDiagnostic, UsageError } from '../diagnostics.js';
import type { FormatName } from '../report/formats/index.js';
import type { TableName } from '../report/tables.js';
import { codeToFolder, type TableView } from '../run/code-to-folder.js';
import { paintFor, type Io } from './io.js';
import { checkedSpeakerPattern, progressLine, reportRun } from './run-report.js';

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
}

function wholeNumber(value: string | undefined, flag: string, max: number, min = 0): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max)
    throw new UsageError(`${flag} takes a whole number${flag === '--context' ? ' of words' : ''} from ${min} to ${max}, not '${value}'`);
  return Number(value);
}

/** `qcode code`: transcripts in; excerpts, frequency tables and a summary out. */
export async function codeCommand(inputs: string[], flags: CodeFlags, io: Io): Promise<number> {
  const quiet = flags.quiet === true;
  const paint = await paintFor(io, io.stdout);
  const terminal = io.stdout.isTTY === true;
  // Without --out the frequencies are shown; with it, only what --table asks for (or, in a terminal, the frequencies).
  const table = flags.table ?? (flags.out === undefined || terminal ? 'frequencies' : undefined);
  const format = flags.format ?? (terminal ? 'table' : table === 'summary' ? 'json' : 'csv');
  const view: TableView | undefined = table && { table, format, write: (text) => io.stdout.write(text) };
  const progress = !quiet && io.stderr.isTTY === true;
  const clearProgress = () => progress && io.stderr.write('\r\u001b[K');
  try {
    const { record } = await codeToFolder({
      inputs,
      cwd: io.cwd,
      codebook: flags.codebook,
      out: flags.out,
      qdpx: flags.qdpx,
      unit: flags.unit,
      includeInterviewer: flags.includeInterviewer === true,
      interviewer: flags.interviewer
        ?.split(',')
        .map((l) => l.trim())
        .filter(Boolean),
      speakerPattern: checkedSpeakerPattern(flags.speakerPattern),
      attributes: flags.attributes,
      perspectiveFromFolder: flags.perspectiveFrom === 'folder',
      by: flags.by,
      columns: flags.columns
        ?.split(',')
        .map((c) => c.trim())
        .filter(Boolean),
      context: wholeNumber(flags.context, '--context', 1000),
      jobs: wholeNumber(flags.jobs, '--jobs', 256, 1) ?? 'auto',
      shard: flags.shard,
      output: { sanitize: flags.sanitize !== false, excel: flags.excel === true, paint },
      view,
      readStdin: io.readStdin,
      env: io.env,
      onProgress: progress ? progressLine(io) : undefined,
      onCodebookWarning: quiet ? undefined : (w) => io.stderr.write(`${formatDiagnostic(w)}\n`),
    });
    clearProgress();
    reportRun(io, record, flags, quiet);
    return record.skipped.length > 0 ? 1 : 0;
  } catch (error) {
    clearProgress();
    throw error;
  }
}
