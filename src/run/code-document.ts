import { createTally, tallyTranscript, type Tally } from '../analysis/tally.js';
import type { CompiledCodebook } from '../codebook/compile.js';
import type { Unit } from '../codebook/types.js';
import { codeRead, readSource } from '../coding/read-segments.js';
import { STREAM_FORMATS, type StreamFormatName, type TextOptions } from '../report/formats/index.js';
import { projectVariables, qdpxDocument, storedText, type QdpxDocument } from '../refi-qda/project.js';
import type { DeflatedPiece } from '../refi-qda/deflate.js';
import { sourceBytes } from '../transcript/source-bytes.js';
import { collectGarbage, LARGE_DOCUMENT } from './collect-garbage.js';
import { excerptCsv, segmentCsv } from '../report/excerpt-csv.js';
import { excerptColumns, excerptRows, SEGMENT_COLUMNS, segmentRows, type Cell } from '../report/tables.js';
import type { AttributeTable } from '../transcript/attributes.js';
import type { Skipped, Source } from '../transcript/discover.js';
import type { Transcript } from '../transcript/types.js';
import { TranscriptError } from '../diagnostics.js';
import type { DocumentSummary } from '../report/summary.js';

export type { DocumentSummary };

/** How excerpts are rendered: one stream format per destination, or raw rows. */
export interface ExcerptSpec {
  attributeColumns: string[];
  context: number;
  formats: { format: StreamFormatName; options: TextOptions }[];
  /** Also return the rows themselves (for a view that needs the whole table). */
  rows: boolean;
}

/** How a table other than the excerpts is rendered: one stream format per destination, or raw rows. */
export interface TableSpec {
  formats: { format: StreamFormatName; options: TextOptions }[];
  rows: boolean;
}

/** Everything needed to code a document, the same in the main thread and in a worker. */
export interface DocumentSettings {
  unit: Unit | undefined;
  includeInterviewer: boolean;
  interviewer: string[];
  speakerPattern: string | undefined;
  perspectiveFromFolder: boolean;
  groupBy: string;
  excerpts: ExcerptSpec;
  /** How the segments table is rendered (no formats: not at all). */
  segments: TableSpec;
  /** Also make the document's share of a REFI-QDA project. */
  qdpx: boolean;
  /** Also list the document's attribute names (when no prescan read them before coding). */
  names: boolean;
}

export interface DocumentOutcome {
  document: string;
  summary?: DocumentSummary;
  tally?: Tally;
  /** Excerpt rows rendered in each of `ExcerptSpec.formats`, in that order, as UTF-8 pieces (none or empty: no rows). */
  chunks: Uint8Array[][];
  rows?: Cell[][];
  /** Segment rows rendered in each of `DocumentSettings.segments.formats`, as UTF-8. */
  segmentChunks: Uint8Array[][];
  segmentRows?: Cell[][];
  qdpx?: QdpxDocument;
  /** The document's attribute names: front-matter and header fields, speaker attributes. */
  names?: string[];
  skipped?: Skipped;
  /** Problems that did not stop the document being coded. */
  warnings: string[];
}

const FILE_ERRORS: Record<string, string> = { EACCES: 'permission denied', EPERM: 'permission denied', EISDIR: 'is a folder', ENOENT: 'no such file' };

/** The outcome for a document that could not be coded, with the reason a user can act on. */
export function skippedOutcome(document: string, error: unknown): DocumentOutcome {
  let input = document;
  let reason: string;
  if (error instanceof TranscriptError) {
    if (error.line !== undefined) input = `${document}:${error.line}:${error.column ?? 1}`;
    reason = error.message;
  } else {
    const code = (error as NodeJS.ErrnoException).code;
    reason = (code && FILE_ERRORS[code]) ?? `could not be coded: ${error instanceof Error ? error.message : String(error)}`;
  }
  return { document, chunks: [], segmentChunks: [], skipped: { input, reason }, warnings: [] };
}

/**
 * Reads, segments and codes one transcript — from `bytes`, or from its file — and renders its
 * excerpts. Never throws (unless some of it already went out through `stream`): a file that
 * cannot be coded, for whatever reason, becomes a skipped outcome so the rest of the run goes on.
 */
export async function codeDocument(
  compiled: CompiledCodebook,
  source: Source,
  attributes: AttributeTable | undefined,
  settings: DocumentSettings,
  given: { bytes?: Uint8Array; stream?: DocumentStream | undefined } = {},
): Promise<DocumentOutcome> {
  const watched = new WatchedStream(given.stream);
  let read: ReadDocument;
  try {
    read = given.bytes
      ? readDocument(source, given.bytes, attributes, settings, watched.stream)
      : await readFileDocument(source, attributes, settings, watched.stream);
  } catch (error) {
    return skippedOutcome(source.document, error);
  }
  // A very large transcript's bytes are garbage now (its text decoded and in the project) but sit
  // in the old generation, which V8 would not collect before coding grew the heap on top of them.
  if (read.transcript.text.length >= LARGE_DOCUMENT) collectGarbage();
  return renderRead(compiled, source, read, attributes, settings, watched);
}

/**
 * A file's bytes are read here and not passed on: V8 keeps a function's arguments alive for the
 * whole call, and a very large transcript's bytes should not be held while it is coded.
 */
async function readFileDocument(source: Source, attributes: AttributeTable | undefined, settings: DocumentSettings, stream: DocumentStream | undefined) {
  return readDocument(source, await sourceBytes(source), attributes, settings, stream);
}

/** A document read, and its text as the project stores it (none: no project, or already given to it). */
interface ReadDocument {
  transcript: Transcript;
  text: DeflatedPiece | undefined;
}

function readDocument(
  source: Source,
  bytes: Uint8Array,
  attributes: AttributeTable | undefined,
  settings: DocumentSettings,
  stream: DocumentStream | undefined,
): ReadDocument {
  const transcript = readSource(source.document, source.path === '-' ? 'stdin.txt' : source.path, bytes, { ...settings, attributes });
  if (!settings.qdpx) return { transcript, text: undefined };
  const text = storedText(transcript, bytes);
  // Only a very large text goes out before its document is coded (its bytes then need not be held
  // while coding grows the heap): an ordinary document puts nothing in the output until it is
  // rendered whole, so one that fails to render is skipped, on this thread as on any other.
  if (!stream?.text || transcript.text.length < LARGE_DOCUMENT) return { transcript, text };
  stream.text(source.document, text);
  return { transcript, text: undefined };
}

/** The read document coded and rendered; never throws, unless some of it already went out. */
function renderRead(
  compiled: CompiledCodebook,
  source: Source,
  read: ReadDocument,
  attributes: AttributeTable | undefined,
  settings: DocumentSettings,
  watched: WatchedStream,
): DocumentOutcome {
  try {
    return renderedOutcome(compiled, source, read, attributes, settings, watched.stream);
  } catch (error) {
    // What is already in the output cannot be taken back: the run fails rather than keep it for a skipped file.
    if (watched.handedOver) throw error;
    return skippedOutcome(source.document, error);
  }
}

/**
 * Where a document's CSV rows may go while it is rendered, by the index of their format in
 * `ExcerptSpec.formats` / `DocumentSettings.segments.formats`, and its text in the project as
 * soon as it is read: given only for the document next in line for the output, and only in the
 * thread that writes it. The outcome's chunks then hold what was not handed over yet, as views
 * of memory that the thread's next document is rendered into: they are written before it is.
 * A piece is valid only during the call.
 */
export interface DocumentStream {
  excerpts(format: number, piece: Uint8Array): void;
  segments(format: number, piece: Uint8Array): void;
  text?(document: string, text: DeflatedPiece): void;
}

/** A stream that notes whether anything went through it. */
class WatchedStream {
  handedOver = false;
  readonly stream: DocumentStream | undefined;

  constructor(stream: DocumentStream | undefined) {
    const note = () => (this.handedOver = true);
    this.stream = stream && {
      excerpts: (format, piece) => (note(), stream.excerpts(format, piece)),
      segments: (format, piece) => (note(), stream.segments(format, piece)),
      ...(stream.text ? { text: (document: string, text: DeflatedPiece) => (note(), stream.text?.(document, text)) } : {}),
    };
  }
}

/** The document coded, tallied, and its rows rendered in every format asked for. */
function renderedOutcome(
  compiled: CompiledCodebook,
  source: Source,
  read: ReadDocument,
  attributes: AttributeTable | undefined,
  settings: DocumentSettings,
  stream: DocumentStream | undefined,
): DocumentOutcome {
  const { document } = source;
  const { transcript } = read;
  const coded = codeRead(compiled, transcript, { ...settings, attributes });
  const tally = createTally(settings.groupBy, compiled.themes.length);
  tallyTranscript(tally, coded);
  const { excerpts } = settings;
  // CSV, what --out writes, is rendered straight to bytes; other formats and views want rows.
  const needRows = excerpts.rows || excerpts.formats.some((f) => f.format !== 'csv');
  const rows = needRows ? excerptRows(coded, compiled.themes, excerpts) : [];
  const columns = excerptColumns(excerpts);
  // Encoded here, where the work is spread over threads, and moved (not copied) to the writer.
  const encoder = new TextEncoder();
  const chunks = excerpts.formats.map(({ format, options }, i) =>
    format === 'csv'
      ? excerptCsv(coded, compiled.themes, { ...excerpts, ...options }, stream && { sink: (piece) => stream.excerpts(i, piece), slot: i })
      : [encoder.encode(rows.length === 0 ? '' : STREAM_FORMATS[format].rows(columns, rows, options))],
  );
  const segmentSpec = settings.segments;
  const segmentTable = segmentSpec.rows || segmentSpec.formats.some((f) => f.format !== 'csv') ? segmentRows(coded) : [];
  const segmentChunks = segmentSpec.formats.map(({ format, options }, i) =>
    format === 'csv'
      ? segmentCsv(coded, options, stream && { sink: (piece) => stream.segments(i, piece), slot: excerpts.formats.length + i })
      : [encoder.encode(segmentTable.length === 0 ? '' : STREAM_FORMATS[format].rows(SEGMENT_COLUMNS, segmentTable, options))],
  );
  let words = 0;
  let eligible = 0;
  for (const s of coded.segments) {
    if (!s.eligible) continue;
    eligible++;
    words += s.words;
  }
  return {
    document,
    summary: { document, segments: coded.segments.length, coded_segments: eligible, words, speakers: transcript.hasSpeakers },
    tally,
    chunks,
    ...(excerpts.rows ? { rows } : {}),
    segmentChunks,
    ...(segmentSpec.rows ? { segmentRows: segmentTable } : {}),
    ...(settings.qdpx
      ? {
          qdpx: qdpxDocument(transcript, read.text, coded.segments, compiled.codebook, projectVariables(excerpts.attributeColumns)),
        }
      : {}),
    ...(settings.names ? { names: attributeNames(transcript) } : {}),
    warnings: transcript.reading.doubts.length === 0 ? transcript.warnings : [...transcript.warnings, doubtWarning(transcript.reading.doubts)],
  };
}

/** What the prescan would have found in the document (`frontMatterNames`). */
function attributeNames(transcript: Transcript): string[] {
  const names = new Set(Object.keys(transcript.attributes));
  for (const speaker of Object.values(transcript.speakers)) for (const key of Object.keys(speaker)) names.add(key);
  return [...names];
}

/** One line for a document whose speakers look misread: the first doubt, and where to see them all. */
function doubtWarning(doubts: string[]): string {
  const more = doubts.length > 1 ? ` (and ${doubts.length - 1} more)` : '';
  return `${SPEAKER_DOUBT}${doubts[0]}${more}; see qcode speakers`;
}

/** How a document warning about its speakers begins. */
export const SPEAKER_DOUBT = 'speakers may be misread: ';
