import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { BUILT_IN_GROUPS } from '../analysis/tally.js';
import { loadReadyCodebook } from '../codebook/cache.js';
import { BUILT_IN_CODEBOOK } from '../codebook/load.js';
import type { Codebook, Unit } from '../codebook/types.js';
import { InputError, OutputError, UsageError, type Diagnostic } from '../diagnostics.js';
import { AtomicOutputs } from '../output/atomic.js';
import { FILES, OUTPUT_FILES, RESULT_FILES } from '../output/names.js';
import { creationDateTime, projectHead, projectVariables, QdpxProject } from '../refi-qda/project.js';
import { FORMATTERS, isStreamFormat, type FormatName, type FormatOptions } from '../report/formats/index.js';
import { CsvPrefix, reportFromFiles } from '../report/html.js';
import { frequencyMatrix } from '../report/matrix.js';
import { PLAIN } from '../report/paint.js';
import { renderAggregateFiles, summaryJson } from '../report/outputs.js';
import { buildSummary, type RunRecord } from '../report/summary.js';
import { cooccurrenceTable, frequencyTable, SEGMENT_COLUMNS, type TableName } from '../report/tables.js';
import { decodeTranscript } from '../text/decode.js';
import { speakerPatternProblem } from '../text/speaker-pattern.js';
import { parseAttributeTable } from '../transcript/attributes.js';
import { discoverSources } from '../transcript/discover.js';
import { VERSION } from '../package-root.js';
import { codeCorpus, runRecord, type ExcerptDestination } from './code-corpus.js';
import { parseShard, sourcesInShard } from './shard.js';
import { codebookRecord, shardFileJson, type ShardSettings } from './shard-file.js';

/** One table shown while the run goes, e.g. on standard output. */
export interface TableView {
  table: TableName;
  format: FormatName;
  write(text: string): void;
}

/** A run of `qcode code`, as data: what to read, how to code it, where results go. */
export interface CodeRunOptions {
  inputs: string[];
  /** The folder relative paths are read from. */
  cwd: string;
  /** The codebook file as the user named it (relative to `cwd`); the built-in one when absent. */
  codebook?: string | undefined;
  /** Results folder (`excerpts.csv`, `segments.csv`, the tables, `summary.json`, `report.html`, `project.qdpx`). */
  out?: string | undefined;
  /** The REFI-QDA project: a file of its own, `false` for none; in `out` by default. */
  qdpx?: string | false | undefined;
  unit?: Unit | undefined;
  includeInterviewer?: boolean | undefined;
  interviewer?: string[] | undefined;
  speakerPattern?: string | undefined;
  /** A CSV of document and speaker attributes (relative to `cwd`). */
  attributes?: string | undefined;
  perspectiveFromFolder?: boolean | undefined;
  /** The attributes that become excerpt columns and project variables, in this order (default: every one found). */
  columns?: string[] | undefined;
  /** The attribute frequency tables are grouped by (default: perspective). */
  by?: string | undefined;
  /** Words of context around each excerpt. */
  context?: number | undefined;
  jobs?: number | 'auto' | undefined;
  /** `K/N`: code one shard and write it for `mergeFolders`. */
  shard?: string | undefined;
  output?: Partial<FormatOptions>;
  /** A table to show as well as (or instead of) the results folder. */
  view?: TableView | undefined;
  readStdin?: () => Promise<Uint8Array>;
  env?: Record<string, string | undefined>;
  onProgress?: ((done: number, total: number) => void) | undefined;
  /** Told of each warning about the codebook as soon as it is read, before any coding. */
  onCodebookWarning?: ((warning: Diagnostic) => void) | undefined;
}

export interface CodeRunResult {
  record: RunRecord;
  /** The codebook the run coded with. */
  codebook: Codebook;
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
    throw new UsageError(`--out ${outDir} is a file; --out takes a folder to write ${OUTPUT_FILES.join(', ')} into`);
  }
  for (const name of OUTPUT_FILES) {
    if (inputs.has(realPath(join(outDir, name)))) throw new UsageError(`refusing to write ${join(shownOut, name)}: it is one of the inputs`);
  }
}

/** Where the REFI-QDA project goes: `qdpx` if a file, else `project.qdpx` in `out`, unless `false`. */
function projectTarget(qdpx: string | false | undefined, outDir: string | undefined, cwd: string, inputs: Set<string>): string | undefined {
  if (qdpx === false) return undefined;
  if (qdpx === undefined) return outDir === undefined ? undefined : join(outDir, FILES.project);
  const path = resolve(cwd, qdpx);
  if (existsSync(path) && statSync(path).isDirectory()) throw new UsageError(`--qdpx ${qdpx} is a folder; --qdpx takes the project file to write`);
  if (inputs.has(realPath(path))) throw new UsageError(`refusing to write ${qdpx}: it is one of the inputs`);
  if (outDir !== undefined && dirname(path) === outDir && basename(path) !== FILES.project && RESULT_FILES.includes(basename(path))) {
    throw new UsageError(`--qdpx ${qdpx} is one of the files --out writes; name another file`);
  }
  return path;
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
  return why ? new OutputError(`cannot write results to ${shownOut}: ${why}; nothing was replaced`) : error;
}

function openOutputs(outDir: string, shownOut: string, owned: readonly string[] = []): AtomicOutputs {
  try {
    return new AtomicOutputs(outDir, owned);
  } catch (error) {
    throw writeError(error, shownOut);
  }
}

function readAttributes(path: string, name: string) {
  let text: string;
  try {
    // Decoded as transcripts are: a spreadsheet may save it as Windows-1252 or UTF-16.
    text = decodeTranscript(readFileSync(path)).text;
  } catch {
    throw new InputError(`cannot read attributes file ${name}: no such file`);
  }
  return parseAttributeTable(name, text);
}

/** Streams a table to the results folder's file and, when it is the view, to the view. */
function destinations(
  file: ((data: string | Buffer) => void) | undefined,
  view: TableView | undefined,
  table: TableName,
  options: FormatOptions,
): ExcerptDestination[] {
  const out: ExcerptDestination[] = [];
  if (file) out.push({ format: 'csv', options, write: file });
  if (view?.table === table && isStreamFormat(view.format)) out.push({ format: view.format, options, write: (text) => view.write(String(text)) });
  return out;
}

/**
 * Codes transcripts into a results folder (and/or a view): the whole of `qcode code` but its
 * command line. Every output is staged and renamed into place only when all are written, so a
 * failure leaves earlier results as they were.
 */
export async function codeToFolder(options: CodeRunOptions): Promise<CodeRunResult> {
  const { cwd, view } = options;
  if (options.inputs.length === 0) throw new UsageError('qcode code needs at least one transcript, folder or glob (or - for standard input)');
  const problem = options.speakerPattern === undefined ? undefined : speakerPatternProblem(options.speakerPattern);
  if (problem) throw new UsageError(`--speaker-pattern '${options.speakerPattern}' ${problem}`);
  if (view?.table === 'summary' && view.format !== 'json') throw new UsageError('--table summary is JSON; use --format json (or leave --format out)');
  const codebookPath = options.codebook === undefined ? BUILT_IN_CODEBOOK : resolve(cwd, options.codebook);
  const { codebook, warnings, terms } = loadReadyCodebook(codebookPath, options.codebook ?? 'codebooks/partnership.yaml', options.env ?? {});
  if (options.onCodebookWarning) warnings.forEach(options.onCodebookWarning);
  const attributes = options.attributes === undefined ? undefined : readAttributes(resolve(cwd, options.attributes), options.attributes);
  const { sources: allSources, skipped: missing, realPaths: transcriptPaths } = discoverSources(options.inputs, cwd);
  // Every file the run reads, not only the transcripts: an output must never replace one of them.
  const inputPaths = new Set([
    ...transcriptPaths,
    realPath(codebookPath),
    ...(options.attributes === undefined ? [] : [realPath(resolve(cwd, options.attributes))]),
  ]);
  const shard = options.shard === undefined ? undefined : parseShard(options.shard);
  if (shard && options.out === undefined) throw new UsageError('--shard needs --out: each shard writes its partial results for qcode merge');
  if (shard && allSources.some((s) => s.path === '-')) throw new UsageError('--shard cannot split standard input; name files or folders');
  const sources = shard ? sourcesInShard(allSources, shard) : allSources;
  const outDir = options.out === undefined ? undefined : resolve(cwd, options.out);
  const shownOut = options.out ?? '';
  if (outDir !== undefined) guardOutputs(outDir, shownOut, inputPaths);
  const projectPath = projectTarget(options.qdpx, outDir, cwd, inputPaths);
  const stdin = sources.some((s) => s.path === '-') ? await (options.readStdin ?? (async () => new Uint8Array()))() : undefined;
  const format: FormatOptions = { sanitize: true, excel: false, paint: PLAIN, ...options.output };

  const outputs = outDir === undefined ? undefined : openOutputs(outDir, shownOut, RESULT_FILES);
  // The project shares the folder's commit when it goes there; elsewhere it appears on its own.
  // A shard's project in its folder comes with an index of its pieces, for qcode merge.
  const indexed = shard !== undefined && outDir !== undefined && projectPath === join(outDir, FILES.project);
  const shownProject = typeof options.qdpx === 'string' ? options.qdpx : (projectPath ?? '');
  const projectOutputs = projectPath === undefined ? undefined : dirname(projectPath) === outDir ? outputs : openOutputs(dirname(projectPath), shownProject);
  try {
    const project =
      projectPath === undefined || projectOutputs === undefined
        ? undefined
        : new QdpxProject(projectOutputs.open(basename(projectPath)), projectOutputs, codebook.name, indexed ? outputs?.open(FILES.projectIndex) : undefined);
    const reportExcerpts = new CsvPrefix();
    const excerptsFile = outputs?.open(FILES.excerpts);
    const segmentsFile = outputs?.open(FILES.segments);
    const keepRows = (table: TableName) => view?.table === table && !isStreamFormat(view.format);
    const result = await codeCorpus(codebook, {
      terms,
      sources,
      // A shard's columns come from every shard's files; otherwise its own files are all there are.
      ...(shard ? { columnsFrom: allSources } : {}),
      stdin,
      unit: options.unit,
      includeInterviewer: options.includeInterviewer === true,
      interviewer: options.interviewer,
      speakerPattern: options.speakerPattern,
      attributes,
      perspectiveFromFolder: options.perspectiveFromFolder === true,
      groupBy: options.by ?? 'perspective',
      columns: options.columns,
      context: options.context ?? 0,
      jobs: options.jobs ?? 'auto',
      excerpts: destinations(excerptsFile && ((data) => (excerptsFile.write(data), reportExcerpts.add(data))), view, 'excerpts', format),
      keepExcerptRows: keepRows('excerpts'),
      segments: destinations(segmentsFile && ((data) => segmentsFile.write(data)), view, 'segments', format),
      keepSegmentRows: keepRows('segments'),
      onProgress: options.onProgress,
      project,
    });
    // A typo in --by would give one column of 'unspecified' and look like a finding.
    const groups = [...BUILT_IN_GROUPS, ...result.attributeNames];
    if (options.by !== undefined && !groups.includes(options.by)) {
      throw new UsageError(`--by '${options.by}' is not an attribute of these transcripts; they have: ${groups.join(', ')}; nothing was written`);
    }
    const record = runRecord(result, missing);
    const summaryOptions = {
      version: VERSION,
      codebookSource: options.codebook ?? 'built-in',
      unit: options.unit ?? codebook.options.unit ?? 'auto',
      includeInterviewer: options.includeInterviewer === true,
    };
    const summary = buildSummary(record, codebook, summaryOptions);
    const layout = project?.finish(
      projectHead(
        basename(projectPath ?? '').replace(/\.qdpx$/i, ''),
        codebook,
        projectVariables(result.attributeColumns),
        creationDateTime(options.env ?? {}),
      ),
    );
    if (outputs) {
      const files = renderAggregateFiles(result.tally, codebook.themes, summary, format);
      for (const [name, content] of files) outputs.file(name, content);
      outputs.file(
        FILES.report,
        reportFromFiles(files.get(FILES.summary) ?? '', files.get(FILES.frequencies) ?? '', files.get(FILES.cooccurrence) ?? '', reportExcerpts.start()),
      );
      if (shard) {
        const settings: ShardSettings = {
          codebook: codebookRecord(codebook, summaryOptions.codebookSource),
          options: summary.options,
          output: { sanitize: format.sanitize, excel: format.excel, context: options.context ?? 0 },
          excerpt_columns: result.excerptColumns,
          input_skipped: missing,
        };
        outputs.file(FILES.shard, shardFileJson(shard, settings, result, indexed ? layout : undefined));
      }
      outputs.commit();
    }
    if (projectOutputs !== outputs) projectOutputs?.commit();
    if (view) {
      const { table, format: name } = view;
      if (table === 'summary') view.write(summaryJson(summary));
      else if (table === 'excerpts' && !isStreamFormat(name))
        view.write(FORMATTERS[name]({ name: 'excerpts', columns: result.excerptColumns, rows: result.excerptRows }, format));
      else if (table === 'segments' && !isStreamFormat(name))
        view.write(FORMATTERS[name]({ name: 'segments', columns: SEGMENT_COLUMNS, rows: result.segmentRows }, format));
      else if (table === 'frequencies' && name === 'table') view.write(frequencyMatrix(result.tally, codebook.themes, format.paint));
      else if (table === 'frequencies') view.write(FORMATTERS[name](frequencyTable(result.tally, codebook.themes), format));
      else if (table === 'cooccurrence') view.write(FORMATTERS[name](cooccurrenceTable(result.tally, codebook.themes), format));
    }
    return { record, codebook };
  } catch (error) {
    outputs?.abort();
    if (projectOutputs !== outputs) projectOutputs?.abort();
    throw writeError(error, options.out ?? shownProject);
  }
}
