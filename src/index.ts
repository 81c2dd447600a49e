/**
 * qcode's library API: everything the CLI does, as typed functions.
 *
 * @example
 *   const { record } = await codeToFolder({ inputs: ['interviews'], cwd: process.cwd(), out: 'results' });
 */
export { codeToFolder, type CodeRunOptions, type CodeRunResult, type TableView } from './run/code-to-folder.js';
export { mergeFolders } from './run/merge-folders.js';
export { codeSource, readCodedTranscripts, segmentSettings, type SegmentSettings } from './coding/read-segments.js';
export { fitCodebook, type FitResult } from './refine/fit.js';
export { readSample } from './refine/fit-sample.js';
export { fitPatch } from './refine/fit-patch.js';
export { run } from './cli/run.js';
export type { Io, Output } from './cli/io.js';
export { parseCodebook } from './codebook/parse.js';
export { loadCodebook, BUILT_IN_CODEBOOK } from './codebook/load.js';
export { compileCodebook, type CompiledCodebook } from './codebook/compile.js';
export type { Codebook, CodebookOptions, Theme, Unit } from './codebook/types.js';
export { CodebookError, formatDiagnostic, InputError, OutputError, QcodeError, TranscriptError, UsageError, type Diagnostic } from './diagnostics.js';
export { tokenize, type Token } from './text/tokenize.js';
export { createStemmer, STEMMERS, type StemmerName } from './text/stem.js';
export { discoverSources, type Source, type Skipped } from './transcript/discover.js';
export { readTranscript } from './transcript/read.js';
export { segmentTranscript } from './transcript/segment-transcript.js';
export { parseAttributeTable, type AttributeTable } from './transcript/attributes.js';
export type { Attributes, Paragraph, Segment, Transcript } from './transcript/types.js';
export { codeSpan, type SpanCoding, type ThemeHits } from './coding/code-span.js';
export { codeTranscript, type CodedSegment, type CodedTranscript } from './coding/code-transcript.js';
export { codeCorpus, type CorpusOptions, type CorpusResult, type ExcerptDestination } from './run/code-corpus.js';
export { codeDocument, type DocumentOutcome } from './run/code-document.js';
export { createTally, mergeTally, tallyTranscript, type Tally } from './analysis/tally.js';
export { frequencyTable, cooccurrenceTable, TABLE_NAMES, type Table } from './report/tables.js';
export { excerptRows, excerptColumns } from './report/tables.js';
export { renderAggregateFiles } from './report/outputs.js';
export { FORMATTERS, FORMAT_NAMES, STREAM_FORMATS } from './report/formats/index.js';
