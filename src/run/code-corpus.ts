import { createTally, mergeTally, type Tally } from '../analysis/tally.js';
import type { Term } from '../codebook/compile.js';
import type { Codebook, Unit } from '../codebook/types.js';
import { STREAM_FORMATS, type StreamFormatName, type TextOptions } from '../report/formats/index.js';
import { excerptColumns, SEGMENT_COLUMNS, type Cell } from '../report/tables.js';
import type { QdpxDocument } from '../refi-qda/project.js';
import type { DeflatedPiece } from '../refi-qda/deflate.js';
import type { RunRecord } from '../report/summary.js';
import type { AttributeTable } from '../transcript/attributes.js';
import type { ReadOptions } from '../transcript/read.js';
import type { Skipped, Source } from '../transcript/discover.js';
import { codeDocument, type DocumentOutcome, type DocumentSettings, type DocumentStream, type DocumentSummary } from './code-document.js';
import { spreadOverThreads, namesInParallel, nextTurn, threadsFor, WorkerPool } from './pool.js';
import { attributeColumns, extractedNames, frontMatterNames, stdinNames } from './prescan.js';
import { codeSources, readAndCodeSource, prepare, type WorkerSetup } from './worker.js';

/** Somewhere a table (excerpts, segments) is streamed to, in one format. */
export interface ExcerptDestination {
  format: StreamFormatName;
  options: TextOptions;
  /** Takes the bytes before it returns (writes or copies them): a buffer given may be written again after. */
  write(text: string | Buffer): void;
}

/** Writes a table's head to each destination, then documents' chunks as they come, then its tail. */
class StreamedTable {
  private readonly wrote: boolean[];

  constructor(
    private readonly destinations: ExcerptDestination[],
    header: string[],
  ) {
    this.wrote = destinations.map(() => false);
    this.inDocument = destinations.map(() => false);
    destinations.forEach((d) => d.write(STREAM_FORMATS[d.format].head(header, d.options)));
  }

  /** One document's rows (or the rest of them, after `addPiece`), rendered for each destination in order (empty: none). */
  add(chunks: Uint8Array[][]): void {
    chunks.forEach((pieces, i) => pieces.forEach((piece) => this.addPiece(i, piece)));
    this.inDocument.fill(false);
  }

  /** Whether a destination has had bytes of the current document (its separator is then written). */
  private readonly inDocument: boolean[];

  /** Part of the current document's rows for destination `i`: the separator goes before its first bytes. */
  addPiece(i: number, piece: Uint8Array): void {
    if (piece.length === 0) return;
    const d = this.destinations[i] as ExcerptDestination;
    const separator = STREAM_FORMATS[d.format].separator;
    if (this.wrote[i] && separator !== '' && !this.inDocument[i]) d.write(separator);
    d.write(Buffer.from(piece.buffer, piece.byteOffset, piece.length));
    this.wrote[i] = true;
    this.inDocument[i] = true;
  }

  end(): void {
    this.destinations.forEach((d, i) => d.write(STREAM_FORMATS[d.format].tail(!this.wrote[i], d.options)));
  }
}

export interface CorpusOptions {
  /** The codebook's rules already compiled (from a cache), if at hand. */
  terms?: Term[] | undefined;
  sources: Source[];
  /** Sources whose front matter sets the excerpt columns (all inputs when coding one shard of them). */
  columnsFrom?: Source[] | undefined;
  /** The attributes that become excerpt columns, in this order (default: the codebook's, else every one found). */
  columns?: string[] | undefined;
  /** Standard input's bytes, for a source whose path is `-`. */
  stdin?: Uint8Array | undefined;
  /** Overrides the codebook's unit and the transcript's default. */
  unit?: Unit | undefined;
  includeInterviewer: boolean;
  /** Overrides the codebook's interviewer labels. */
  interviewer?: string[] | undefined;
  /** Overrides the codebook's speaker-label pattern. */
  speakerPattern?: string | undefined;
  attributes?: AttributeTable | undefined;
  perspectiveFromFolder: boolean;
  /** The attribute frequency tables are grouped by (`perspective` by default). */
  groupBy: string;
  /** Words of context around excerpts. */
  context?: number;
  /**
   * Threads to code on (this one and `jobs - 1` workers); 1 codes in this thread only; `'auto'`
   * one per core as far as the corpus's size makes threads worth starting (`threadsFor`).
   */
  jobs?: number | 'auto';
  /** Where excerpts stream to as documents are coded. */
  excerpts?: ExcerptDestination[];
  /** Keep every excerpt row in the result (for views that need the whole table at once). */
  keepExcerptRows?: boolean;
  /** Where the segments table (every segment, coded or not) streams to. */
  segments?: ExcerptDestination[];
  /** Keep every segment row in the result. */
  keepSegmentRows?: boolean;
  /** Where each document's share of a REFI-QDA project goes, in input order (its text, where it can take it, as soon as it is read). */
  project?: { add(document: QdpxDocument): void; addText?(document: string, text: DeflatedPiece): void } | undefined;
  /** Called after each document with the number done and the total. */
  onProgress?: ((done: number, total: number) => void) | undefined;
}

export interface CorpusResult {
  tally: Tally;
  /** The attributes given columns (all found, in code-point order, unless chosen), besides `perspective`. */
  attributeColumns: string[];
  /** Every attribute name found, besides `perspective`, in code-point order: what `--by` may name. */
  attributeNames: string[];
  excerptColumns: string[];
  excerptRows: Cell[][];
  segmentRows: Cell[][];
  documents: DocumentSummary[];
  /** Files that could not be coded, with the document each belongs to. */
  fileSkipped: (Skipped & { document: string })[];
  /** Problems that did not stop a file being coded. */
  documentWarnings: { document: string; message: string }[];
}

/** A run as the summary reports it: inputs skipped before coding first, then files in document order. */
export function runRecord(result: CorpusResult, inputSkipped: Skipped[]): RunRecord {
  return {
    tally: result.tally,
    documents: result.documents,
    skipped: [...inputSkipped, ...result.fileSkipped.map(({ input, reason }) => ({ input, reason }))],
    warnings: result.documentWarnings.map((w) => `${w.document}: ${w.message}`),
  };
}

/**
 * Codes every source in order, on worker threads when there are enough files. Excerpts stream
 * to their destinations as documents finish, in input order; only the tally is kept in memory.
 * A file that cannot be read is skipped with its reason and the rest are still coded.
 */
export async function codeCorpus(codebook: Codebook, options: CorpusOptions): Promise<CorpusResult> {
  const files = options.sources.filter((s) => s.path !== '-');
  // Started first, so the threads load while the front matter is read.
  const counting =
    (options.excerpts ?? []).length === 0 &&
    (options.segments ?? []).length === 0 &&
    options.project === undefined &&
    options.keepExcerptRows !== true &&
    options.keepSegmentRows !== true;
  const threads = threadsFor(
    files.map((f) => f.path),
    options.jobs ?? 1,
    counting,
  );
  const pool = threads >= 2 ? new WorkerPool(threads - 1) : undefined;
  try {
    return await collectOutcomes(codebook, options, files, pool);
  } finally {
    await pool?.close();
  }
}

/**
 * Codes the files (on the pool's threads, or here) and takes their outcomes in input order:
 * streams each document's rows to the destinations, merges its tally, keeps the rest of the record.
 */
async function collectOutcomes(codebook: Codebook, options: CorpusOptions, files: Source[], pool: WorkerPool | undefined): Promise<CorpusResult> {
  const read = { interviewer: options.interviewer ?? codebook.options.interviewer, speakerPattern: options.speakerPattern ?? codebook.options.speakerPattern };
  const destinations = options.excerpts ?? [];
  // Excerpt columns and the project's variables must be known before the first row goes out (and a
  // shard's names come from every shard's files); a run that only counts learns the names (for
  // --by's check) from the documents as they are coded.
  const prescan =
    destinations.length > 0 ||
    options.keepExcerptRows === true ||
    options.project !== undefined ||
    options.columnsFrom !== undefined ||
    (options.columns ?? codebook.options.columns) !== undefined;
  const names = prescan ? await namesBeforeCoding(options, read, pool) : { names: [], extracted: new Map<string, string>() };
  if (names.extracted.size > 0) {
    files = files.map((f) => {
      const text = names.extracted.get(f.path);
      return text === undefined ? f : { ...f, extracted: text };
    });
  }
  const found = attributeColumns(names.names, options.attributes);
  const columns = attributeColumns(
    names.names,
    options.attributes,
    options.columns ?? codebook.options.columns,
    options.columns ? '--columns' : `options.columns of ${codebook.source}`,
  );
  const context = options.context ?? 0;
  const settings: DocumentSettings = {
    unit: options.unit ?? codebook.options.unit,
    includeInterviewer: options.includeInterviewer,
    ...read,
    perspectiveFromFolder: options.perspectiveFromFolder,
    groupBy: options.groupBy,
    qdpx: options.project !== undefined,
    names: !prescan,
    excerpts: {
      attributeColumns: columns,
      context,
      formats: destinations.map((d) => ({ format: d.format, options: { sanitize: d.options.sanitize, excel: d.options.excel } })),
      rows: options.keepExcerptRows === true,
    },
    segments: {
      formats: (options.segments ?? []).map((d) => ({ format: d.format, options: { sanitize: d.options.sanitize, excel: d.options.excel } })),
      rows: options.keepSegmentRows === true,
    },
  };
  const header = excerptColumns(settings.excerpts);
  const excerptTable = new StreamedTable(destinations, header);
  const segmentTable = new StreamedTable(options.segments ?? [], SEGMENT_COLUMNS);

  const tally = createTally(options.groupBy, codebook.themes.length);
  const result: CorpusResult = {
    tally,
    attributeColumns: columns,
    attributeNames: found,
    excerptColumns: header,
    excerptRows: [],
    segmentRows: [],
    documents: [],
    fileSkipped: [],
    documentWarnings: [],
  };
  let finished = 0;
  const namesFound = new Set<string>();
  const consume = (outcome: DocumentOutcome) => {
    options.onProgress?.(++finished, options.sources.length);
    if (outcome.names) for (const name of outcome.names) namesFound.add(name);
    if (outcome.skipped) result.fileSkipped.push({ document: outcome.document, ...outcome.skipped });
    if (outcome.tally) mergeTally(tally, outcome.tally);
    if (outcome.summary) result.documents.push(outcome.summary);
    for (const message of outcome.warnings) result.documentWarnings.push({ document: outcome.document, message });
    if (outcome.rows) for (const row of outcome.rows) result.excerptRows.push(row);
    if (outcome.segmentRows) for (const row of outcome.segmentRows) result.segmentRows.push(row);
    if (outcome.qdpx) options.project?.add(outcome.qdpx);
    excerptTable.add(outcome.chunks);
    segmentTable.add(outcome.segmentChunks);
  };

  const setup: WorkerSetup = {
    codebook,
    terms: options.terms,
    attributes: options.attributes ? { source: options.attributes.source, text: options.attributes.text } : undefined,
    settings,
  };
  pool?.setup(setup);
  const prepared = prepare(setup);
  const stdinSource = options.sources.find((s) => s.path === '-');
  if (stdinSource) consume(await codeDocument(prepared.compiled, stdinSource, prepared.attributes, settings, { bytes: options.stdin ?? new Uint8Array() }));
  if (pool) {
    await spreadOverThreads(files, pool, (batch) => codeSources(prepared, batch), consume);
  } else {
    // Each document here is next in line, so its rows may go to the files as they are rendered.
    const project = options.project;
    const stream: DocumentStream = {
      excerpts: (i, piece) => excerptTable.addPiece(i, piece),
      segments: (i, piece) => segmentTable.addPiece(i, piece),
      ...(project?.addText ? { text: (document: string, text: DeflatedPiece) => project.addText?.(document, text) } : {}),
    };
    for (let i = 0; i < files.length; i++) {
      consume(await readAndCodeSource(prepared, files[i] as Source, stream));
      // Now and then the event loop runs, so Ctrl-C is heard mid-run rather than at its end.
      if (i % 8 === 7) await nextTurn();
    }
  }

  excerptTable.end();
  segmentTable.end();
  if (!prescan) {
    result.attributeNames = attributeColumns(namesFound, options.attributes);
    result.attributeColumns = [...result.attributeNames];
  }
  return result;
}

/**
 * Every attribute name in the corpus, read before coding (the prescan), with the text of any
 * Word document it had to extract to find them, for coding to use rather than extract again.
 */
async function namesBeforeCoding(
  options: CorpusOptions,
  read: ReadOptions,
  pool: WorkerPool | undefined,
): Promise<{ names: string[]; extracted: Map<string, string> }> {
  const scanned = options.columnsFrom ?? options.sources;
  const paths = scanned.filter((s) => s.path !== '-').map((s) => s.path);
  const names = pool ? [...(await namesInParallel(paths, read, pool, frontMatterNames))] : frontMatterNames(paths, read);
  const extracted = new Map<string, string>();
  names.push(...(await extractedNames(paths, read, extracted)));
  if (scanned.some((s) => s.path === '-')) names.push(...stdinNames(options.stdin ?? new Uint8Array(), read));
  return { names, extracted };
}
