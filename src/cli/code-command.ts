import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { codeCorpus } from '../code-corpus.js';
import { compileCodebook } from '../codebook/compile.js';
import { BUILT_IN_CODEBOOK, loadCodebook } from '../codebook/load.js';
import { UNITS, type Unit } from '../codebook/types.js';
import { formatDiagnostic, QcodeError } from '../diagnostics.js';
import { FORMAT_NAMES, FORMATTERS, type FormatName } from '../report/formats/index.js';
import { frequencyMatrix } from '../report/matrix.js';
import { OUTPUT_FILES, renderOutputFiles, summaryJson, tableByName } from '../report/outputs.js';
import { buildSummary } from '../report/summary.js';
import { TABLE_NAMES, type TableName } from '../report/tables.js';
import { writeFilesAtomically } from '../report/write.js';
import { parseAttributeTable } from '../transcript/attributes.js';
import { chalkFor, formatCount, VERSION, type Io } from './io.js';

export interface CodeFlags {
  codebook?: string;
  out?: string;
  table?: string;
  format?: string;
  unit?: string;
  by?: string;
  attributes?: string;
  perspectiveFrom?: string;
  includeInterviewer?: boolean;
  interviewer?: string;
  context?: string;
  excel?: boolean;
  sanitize?: boolean;
  quiet?: boolean;
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new QcodeError(`${flag} '${value}' is not one of: ${allowed.join(', ')}`, 2);
}

function wholeNumber(value: string | undefined, flag: string): number {
  if (value === undefined) return 0;
  if (!/^\d+$/.test(value) || Number(value) > 1000) throw new QcodeError(`${flag} takes a whole number of words from 0 to 1000, not '${value}'`, 2);
  return Number(value);
}

/** Refuses an output folder whose files would replace one of the inputs. */
function guardOutputs(outDir: string, inputs: string[]): void {
  if (existsSync(outDir) && !statSync(outDir).isDirectory()) {
    throw new QcodeError(`--out ${outDir} is a file; --out takes a folder to write ${OUTPUT_FILES.join(', ')} into`, 2);
  }
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return resolve(p);
    }
  };
  const inputPaths = new Set(inputs.map(real));
  for (const name of OUTPUT_FILES) {
    const target = join(outDir, name);
    if (inputPaths.has(real(target))) throw new QcodeError(`refusing to write ${target}: it is one of the inputs`, 2);
  }
}

/** `qcode code`: transcripts in; excerpts, frequency tables and a summary out. */
export async function codeCommand(inputs: string[], flags: CodeFlags, io: Io): Promise<number> {
  if (inputs.length === 0) {
    throw new QcodeError('qcode code needs at least one transcript, folder or glob (or - for standard input)', 2);
  }
  const unit = oneOf<Unit>(flags.unit, UNITS, '--unit');
  const table = oneOf<TableName>(flags.table, TABLE_NAMES, '--table');
  const format = oneOf<FormatName>(flags.format, FORMAT_NAMES, '--format');
  const context = wholeNumber(flags.context, '--context');
  if (flags.perspectiveFrom !== undefined && flags.perspectiveFrom !== 'folder') {
    throw new QcodeError(`--perspective-from '${flags.perspectiveFrom}' is not supported; the only source is: folder`, 2);
  }
  if (table === 'summary' && format !== undefined && format !== 'json') {
    throw new QcodeError('--table summary is JSON; use --format json (or leave --format out)', 2);
  }

  const codebookPath = flags.codebook === undefined ? BUILT_IN_CODEBOOK : resolve(io.cwd, flags.codebook);
  const codebookName = flags.codebook ?? 'codebooks/partnership.yaml';
  const { codebook, warnings } = loadCodebook(codebookPath, codebookName);
  const quiet = flags.quiet === true;
  if (!quiet) for (const w of warnings) io.stderr.write(`${formatDiagnostic(w)}\n`);

  const attributes = flags.attributes === undefined ? undefined : readAttributes(resolve(io.cwd, flags.attributes), flags.attributes);
  const outDir = flags.out === undefined ? undefined : resolve(io.cwd, flags.out);
  const interviewer = flags.interviewer?.split(',').map((s) => s.trim()).filter(Boolean);
  const compiled = compileCodebook(codebook);
  const result = await codeCorpus(compiled, {
    inputs,
    cwd: io.cwd,
    readStdin: io.readStdin,
    unit,
    includeInterviewer: flags.includeInterviewer === true,
    interviewer,
    attributes,
    perspectiveFromFolder: flags.perspectiveFrom === 'folder',
    groupBy: flags.by ?? 'perspective',
  });
  const summary = buildSummary(result, codebook, {
    version: VERSION,
    codebookSource: flags.codebook ?? 'built-in',
    unit: unit ?? codebook.options.unit ?? 'auto',
    includeInterviewer: flags.includeInterviewer === true,
  });
  const formatOptions = { sanitize: flags.sanitize !== false, excel: flags.excel === true, chalk: chalkFor(io, io.stdout) };

  if (outDir !== undefined) {
    guardOutputs(outDir, result.documents.map((d) => resolve(io.cwd, d.document)));
    writeFilesAtomically(outDir, renderOutputFiles(result, codebook.themes, summary, { ...formatOptions, context }));
  }

  const stdoutIsTerminal = io.stdout.isTTY === true;
  if (table !== undefined || outDir === undefined || stdoutIsTerminal) {
    const name = table ?? 'frequencies';
    const chosen = format ?? (stdoutIsTerminal ? 'table' : name === 'summary' ? 'json' : 'csv');
    if (name === 'summary') io.stdout.write(summaryJson(summary));
    else if (name === 'frequencies' && chosen === 'table') io.stdout.write(frequencyMatrix(result.tally, codebook.themes, formatOptions.chalk));
    else io.stdout.write(FORMATTERS[chosen](tableByName(name, result, codebook.themes, context), formatOptions));
  }

  for (const s of result.skipped) io.stderr.write(`qcode: skipped ${s.input}: ${s.reason}\n`);
  if (!quiet) {
    for (const w of result.warnings) io.stderr.write(`qcode: warning: ${w}\n`);
    const skipped = result.skipped.length > 0 ? `, ${formatCount(result.skipped.length)} skipped` : '';
    const where = outDir === undefined ? '' : ` → ${flags.out}`;
    io.stderr.write(
      `Coded ${formatCount(result.tally.documents)} transcript${result.tally.documents === 1 ? '' : 's'} (${formatCount(result.tally.codedSegments)} segments)${skipped}${where}\n`,
    );
  }
  return result.skipped.length > 0 ? 1 : 0;
}

function readAttributes(path: string, name: string) {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new QcodeError(`cannot read attributes file ${name}: no such file`, 2);
  }
  return parseAttributeTable(name, text);
}
