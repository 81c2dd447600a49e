import { decodeTranscript } from '../text/decode.js';
import { speakerPatternProblem } from '../text/speaker-pattern.js';
import { SPEAKER_DOUBT } from '../run/code-document.js';
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { codeCorpus, runRecord, type ExcerptDestination } from '../run/code-corpus.js';
import { parseShard, sourcesInShard } from '../run/shard.js';
import { codebookRecord, shardFileJson, type ShardSettings } from '../run/shard-file.js';
import { loadReadyCodebook } from '../codebook/cache.js';
import { BUILT_IN_CODEBOOK } from '../codebook/load.js';
import { UNITS, type Unit } from '../codebook/types.js';
import { formatDiagnostic, QcodeError } from '../diagnostics.js';
import { FORMAT_NAMES, FORMATTERS, isStreamFormat, type FormatName } from '../report/formats/index.js';
import { frequencyMatrix } from '../report/matrix.js';
import { renderAggregateFiles, summaryJson } from '../report/outputs.js';
import { CsvPrefix, reportFromFiles } from '../report/html.js';
import { projectHead, projectVariables, QdpxProject } from '../refi-qda/project.js';
import { buildSummary, type RunRecord } from '../report/summary.js';
import { BUILT_IN_GROUPS } from '../analysis/tally.js';
import { cooccurrenceTable, frequencyTable, SEGMENT_COLUMNS, TABLE_NAMES, type TableName } from '../report/tables.js';
import { AtomicOutputs } from '../output/atomic.js';
import { parseAttributeTable } from '../transcript/attributes.js';
import { discoverSources } from '../transcript/discover.js';
import { formatCount, paintFor, VERSION, type Io } from './io.js';
import { FILES, OUTPUT_FILES, RESULT_FILES } from '../output/names.js';

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
  speakerPattern?: string;
  context?: string;
  excel?: boolean;
  sanitize?: boolean;
  quiet?: boolean;
  jobs?: string;
  shard?: string;
  /** A path for the REFI-QDA project, or false (`--no-qdpx`) for none. */
  qdpx?: string | false;
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new QcodeError(`${flag} '${value}' is not one of: ${allowed.join(', ')}`, 2);
}

/** A --speaker-pattern, checked before any file is read. */
export function checkedSpeakerPattern(source: string | undefined): string | undefined {
  if (source === undefined) return undefined;
  const problem = speakerPatternProblem(source);
  if (problem) throw new QcodeError(`--speaker-pattern '${source}' ${problem}`, 2);
  return source;
}

function wholeNumber(value: string | undefined, flag: string): number {
  if (value === undefined) return 0;
  if (!/^\d+$/.test(value) || Number(value) > 1000) throw new QcodeError(`${flag} takes a whole number of words from 0 to 1000, not '${value}'`, 2);
  return Number(value);
}

const realPath = (p: string) => {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
};

/** Refuses an output folder whose files would replace one of the inputs (given as real paths). */
function guardOutputs(outDir: string, shownOut: string, inputs: Set<string>): void {
  if (existsSync(outDir) && !statSync(outDir).isDirectory()) {
    throw new QcodeError(`--out ${outDir} is a file; --out takes a folder to write ${OUTPUT_FILES.join(', ')} into`, 2);
  }
  for (const name of OUTPUT_FILES) {
    if (inputs.has(realPath(join(outDir, name)))) throw new QcodeError(`refusing to write ${join(shownOut, name)}: it is one of the inputs`, 2);
  }
}

/** Where the REFI-QDA project goes: `--qdpx FILE`, else `project.qdpx` in `--out`, unless `--no-qdpx`. */
function projectTarget(flags: CodeFlags, outDir: string | undefined, cwd: string, inputs: Set<string>): string | undefined {
  if (flags.qdpx === false) return undefined;
  if (flags.qdpx === undefined) return outDir === undefined ? undefined : join(outDir, FILES.project);
  const path = resolve(cwd, flags.qdpx);
  if (existsSync(path) && statSync(path).isDirectory()) throw new QcodeError(`--qdpx ${flags.qdpx} is a folder; --qdpx takes the project file to write`, 2);
  if (inputs.has(realPath(path))) throw new QcodeError(`refusing to write ${flags.qdpx}: it is one of the inputs`, 2);
  if (outDir !== undefined && dirname(path) === outDir && basename(path) !== FILES.project && RESULT_FILES.includes(basename(path))) {
    throw new QcodeError(`--qdpx ${flags.qdpx} is one of the files --out writes; name another file`, 2);
  }
  return path;
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

  const jobs = flags.jobs === undefined ? 'auto' : positive(flags.jobs, '--jobs');
  const codebookPath = flags.codebook === undefined ? BUILT_IN_CODEBOOK : resolve(io.cwd, flags.codebook);
  const codebookName = flags.codebook ?? 'codebooks/partnership.yaml';
  const { codebook, warnings, terms } = loadReadyCodebook(codebookPath, codebookName, io.env);
  const quiet = flags.quiet === true;
  if (!quiet) for (const w of warnings) io.stderr.write(`${formatDiagnostic(w)}\n`);

  const attributes = flags.attributes === undefined ? undefined : readAttributes(resolve(io.cwd, flags.attributes), flags.attributes);
  const { sources: allSources, skipped: missing, realPaths: inputPaths } = discoverSources(inputs, io.cwd);
  const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
  if (shard && flags.out === undefined) throw new QcodeError('--shard needs --out: each shard writes its partial results for qcode merge', 2);
  if (shard && allSources.some((s) => s.path === '-')) throw new QcodeError('--shard cannot split standard input; name files or folders', 2);
  const sources = shard ? sourcesInShard(allSources, shard) : allSources;
  const outDir = flags.out === undefined ? undefined : resolve(io.cwd, flags.out);
  if (outDir !== undefined) guardOutputs(outDir, flags.out ?? outDir, inputPaths);
  const projectPath = projectTarget(flags, outDir, io.cwd, inputPaths);
  const stdin = sources.some((s) => s.path === '-') ? await io.readStdin() : undefined;

  const paint = await paintFor(io, io.stdout);
  const formatOptions = { sanitize: flags.sanitize !== false, excel: flags.excel === true, paint };
  const stdoutIsTerminal = io.stdout.isTTY === true;
  const shown = table !== undefined || outDir === undefined || stdoutIsTerminal ? (table ?? 'frequencies') : undefined;
  const shownFormat = format ?? (stdoutIsTerminal ? 'table' : shown === 'summary' ? 'json' : 'csv');

  const outputs = outDir === undefined ? undefined : openOutputs(outDir, flags.out ?? outDir, RESULT_FILES);
  // The project shares --out's commit when it goes there; elsewhere it appears on its own.
  // A shard's project in its folder comes with an index of its pieces, for qcode merge.
  const indexed = shard !== undefined && outDir !== undefined && projectPath === join(outDir, FILES.project);
  const projectOutputs =
    projectPath === undefined ? undefined : dirname(projectPath) === outDir ? outputs : openOutputs(dirname(projectPath), typeof flags.qdpx === 'string' ? flags.qdpx : projectPath);
  try {
    const project =
      projectPath === undefined || projectOutputs === undefined
        ? undefined
        : new QdpxProject(
            projectOutputs.open(basename(projectPath)),
            projectOutputs,
            codebook.name,
            indexed ? outputs?.open(FILES.projectIndex) : undefined,
          );
    const destinations: ExcerptDestination[] = [];
    const reportExcerpts = new CsvPrefix();
    if (outputs) {
      const file = outputs.open(FILES.excerpts);
      destinations.push({
        format: 'csv',
        options: formatOptions,
        write: (data) => {
          file.write(data);
          reportExcerpts.add(data);
        },
      });
    }
    if (shown === 'excerpts' && isStreamFormat(shownFormat)) {
      destinations.push({ format: shownFormat, options: formatOptions, write: (text) => io.stdout.write(text) });
    }
    const segments: ExcerptDestination[] = [];
    if (outputs) {
      const file = outputs.open(FILES.segments);
      segments.push({ format: 'csv', options: formatOptions, write: (data) => file.write(data) });
    }
    if (shown === 'segments' && isStreamFormat(shownFormat)) {
      segments.push({ format: shownFormat, options: formatOptions, write: (text) => io.stdout.write(text) });
    }
    const result = await codeCorpus(codebook, {
      terms,
      sources,
      columnsFrom: allSources,
      stdin,
      unit,
      includeInterviewer: flags.includeInterviewer === true,
      interviewer: flags.interviewer?.split(',').map((l) => l.trim()).filter(Boolean),
      speakerPattern: checkedSpeakerPattern(flags.speakerPattern),
      attributes,
      perspectiveFromFolder: flags.perspectiveFrom === 'folder',
      groupBy: flags.by ?? 'perspective',
      context,
      jobs,
      excerpts: destinations,
      keepExcerptRows: shown === 'excerpts' && !isStreamFormat(shownFormat),
      segments,
      keepSegmentRows: shown === 'segments' && !isStreamFormat(shownFormat),
      onProgress: quiet || io.stderr.isTTY !== true ? undefined : progressLine(io),
      project,
    });
    if (!quiet && io.stderr.isTTY === true) io.stderr.write('\r\u001b[K');
    // A typo in --by would give one column of 'unspecified' and look like a finding.
    const groups = [...BUILT_IN_GROUPS, ...result.attributeColumns];
    if (flags.by !== undefined && !groups.includes(flags.by)) {
      throw new QcodeError(`--by '${flags.by}' is not an attribute of these transcripts; they have: ${groups.join(', ')}; nothing was written`, 2);
    }
    const record = runRecord(result, missing);
    const summaryOptions = {
      version: VERSION,
      codebookSource: flags.codebook ?? 'built-in',
      unit: unit ?? codebook.options.unit ?? 'auto',
      includeInterviewer: flags.includeInterviewer === true,
    };
    const summary = buildSummary(record, codebook, summaryOptions);
    const layout = project?.finish(projectHead(basename(projectPath ?? '').replace(/\.qdpx$/i, ''), codebook, projectVariables(result.attributeColumns)));
    if (outputs) {
      const files = renderAggregateFiles(result.tally, codebook.themes, summary, formatOptions);
      for (const [name, content] of files) outputs.file(name, content);
      outputs.file(FILES.report, reportFromFiles(files.get(FILES.summary) ?? '', files.get(FILES.frequencies) ?? '', files.get(FILES.cooccurrence) ?? '', reportExcerpts.start()));
      if (shard) {
        const settings: ShardSettings = {
          codebook: codebookRecord(codebook, summaryOptions.codebookSource),
          options: summary.options,
          output: { sanitize: formatOptions.sanitize, excel: formatOptions.excel, context },
          excerpt_columns: result.excerptColumns,
          input_skipped: missing,
        };
        outputs.file(FILES.shard, shardFileJson(shard, settings, result, indexed ? layout : undefined));
      }
      outputs.commit();
    }
    if (projectOutputs !== outputs) projectOutputs?.commit();
    if (shown === 'summary') io.stdout.write(summaryJson(summary));
    else if (shown === 'excerpts' && !isStreamFormat(shownFormat)) {
      io.stdout.write(FORMATTERS[shownFormat]({ name: 'excerpts', columns: result.excerptColumns, rows: result.excerptRows }, formatOptions));
    } else if (shown === 'segments' && !isStreamFormat(shownFormat)) {
      io.stdout.write(FORMATTERS[shownFormat]({ name: 'segments', columns: SEGMENT_COLUMNS, rows: result.segmentRows }, formatOptions));
    } else if (shown === 'frequencies' && shownFormat === 'table') io.stdout.write(frequencyMatrix(result.tally, codebook.themes, paint));
    else if (shown === 'frequencies') io.stdout.write(FORMATTERS[shownFormat](frequencyTable(result.tally, codebook.themes), formatOptions));
    else if (shown === 'cooccurrence') io.stdout.write(FORMATTERS[shownFormat](cooccurrenceTable(result.tally, codebook.themes), formatOptions));
    reportRun(io, record, flags, quiet);
    return record.skipped.length > 0 ? 1 : 0;
  } catch (error) {
    outputs?.abort();
    if (projectOutputs !== outputs) projectOutputs?.abort();
    throw writeError(error, flags.out ?? (typeof flags.qdpx === 'string' ? flags.qdpx : ''));
  }
}

const WRITE_ERRORS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  ENOTDIR: 'a part of the path is a file',
  EEXIST: 'a part of the path is a file',
  EISDIR: "an output's name is taken by a folder",
};

/** A failure to write results, as a message naming the folder (the previous results are left as they were). */
function writeError(error: unknown, shownOut: string): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  const why = code ? WRITE_ERRORS[code] : undefined;
  return why ? new QcodeError(`cannot write results to ${shownOut}: ${why}; nothing was replaced`, 2) : error;
}

function openOutputs(outDir: string, shownOut: string, owned: readonly string[] = []): AtomicOutputs {
  try {
    return new AtomicOutputs(outDir, owned);
  } catch (error) {
    throw writeError(error, shownOut);
  }
}

/** Skipped inputs, warnings and the one-line summary, on standard error. */
const SHOWN_DOUBTS = 10;

export function reportRun(io: Io, result: RunRecord, flags: { out?: string | undefined }, quiet: boolean, verb = 'Coded'): void {
  for (const s of result.skipped) io.stderr.write(`qcode: skipped ${s.input}: ${s.reason}\n`);
  if (quiet) return;
  // A corpus exported by one service repeats one doubt in every file: the first few say it, a
  // count says the rest, and summary.json keeps them all.
  let doubts = 0;
  for (const w of result.warnings) {
    if (w.includes(SPEAKER_DOUBT) && ++doubts > SHOWN_DOUBTS) continue;
    io.stderr.write(`qcode: warning: ${w}\n`);
  }
  if (doubts > SHOWN_DOUBTS) io.stderr.write(`qcode: warning: speakers may be misread in ${formatCount(doubts - SHOWN_DOUBTS)} more transcripts (all in summary.json); qcode speakers shows them\n`);
  const { documents, codedSegments } = result.tally;
  const skipped = result.skipped.length > 0 ? `, ${formatCount(result.skipped.length)} skipped` : '';
  const where = flags.out === undefined ? '' : ` → ${flags.out}`;
  io.stderr.write(`${verb} ${formatCount(documents)} transcript${documents === 1 ? '' : 's'} (${formatCount(codedSegments)} segment${codedSegments === 1 ? '' : 's'})${skipped}${where}\n`);
}

/** A progress line on a terminal's standard error, redrawn at most ten times a second. */
function progressLine(io: Io): (done: number, total: number) => void {
  let last = 0;
  return (done, total) => {
    const now = Date.now();
    if (now - last < 100 && done < total) return;
    last = now;
    io.stderr.write(`\rCoding ${formatCount(done)}/${formatCount(total)} transcripts…`);
  };
}

function positive(value: string, flag: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 256) throw new QcodeError(`${flag} takes a whole number from 1 to 256, not '${value}'`, 2);
  return Number(value);
}

function readAttributes(path: string, name: string) {
  let text: string;
  try {
    // Decoded as transcripts are: a spreadsheet may save it as Windows-1252 or UTF-16.
    text = decodeTranscript(readFileSync(path)).text;
  } catch {
    throw new QcodeError(`cannot read attributes file ${name}: no such file`, 2);
  }
  return parseAttributeTable(name, text);
}
