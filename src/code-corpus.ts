import { readFileSync } from 'node:fs';
import { createTally, tallyTranscript, type Tally } from './analysis/tally.js';
import type { CompiledCodebook } from './codebook/compile.js';
import type { Unit } from './codebook/types.js';
import { codeTranscript } from './coding/code-transcript.js';
import type { ThemeHits } from './coding/code-span.js';
import { compareCodePoints } from './text/compare.js';
import type { AttributeTable } from './transcript/attributes.js';
import { discoverSources, type Skipped, type Source } from './transcript/discover.js';
import { TranscriptError } from './transcript/errors.js';
import { readTranscript } from './transcript/read.js';
import { segmentTranscript } from './transcript/segment-transcript.js';
import type { Segment } from './transcript/types.js';

export interface CorpusOptions {
  inputs: string[];
  cwd: string;
  /** Reads standard input, for the input `-`. */
  readStdin?: () => Promise<Uint8Array>;
  /** Overrides the codebook's unit and the transcript's default. */
  unit?: Unit | undefined;
  includeInterviewer: boolean;
  /** Overrides the codebook's interviewer labels. */
  interviewer?: string[] | undefined;
  attributes?: AttributeTable | undefined;
  perspectiveFromFolder: boolean;
  /** The attribute frequency tables are grouped by (`perspective` by default). */
  groupBy: string;
}

/** One coded segment and theme: a row of `excerpts.csv`. */
export interface Excerpt {
  segment: Segment;
  hit: ThemeHits;
  text: string;
  /** The whole transcript text, for context around the excerpt. */
  source: string;
}

export interface DocumentSummary {
  document: string;
  segments: number;
  coded_segments: number;
  words: number;
  speakers: boolean;
}

export interface CorpusResult {
  tally: Tally;
  excerpts: Excerpt[];
  /** Attribute names seen on segments, besides `perspective`, in code-point order. */
  attributeColumns: string[];
  documents: DocumentSummary[];
  skipped: Skipped[];
  /** Problems that did not stop a file being coded, as `document: message`. */
  warnings: string[];
}

function describeReadError(error: unknown): string {
  if (error instanceof TranscriptError) return error.message;
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'EACCES' || e.code === 'EPERM') return 'permission denied';
  if (e.code === 'EISDIR') return 'is a folder';
  if (e.code === 'ENOENT') return 'no such file';
  return e.message ?? String(error);
}

function locate(source: Source, error: unknown): string {
  if (error instanceof TranscriptError && error.line !== undefined) return `${source.document}:${error.line}:${error.column ?? 1}`;
  return source.document;
}

/**
 * Codes every transcript the inputs name, in document order. A file that cannot be read is
 * skipped with its reason and the rest are still coded.
 */
export async function codeCorpus(compiled: CompiledCodebook, options: CorpusOptions): Promise<CorpusResult> {
  const discovery = discoverSources(options.inputs, options.cwd);
  const skipped = [...discovery.skipped];
  const interviewer = options.interviewer ?? compiled.codebook.options.interviewer;
  const interviewerSet = new Set(interviewer.map((l) => l.toLowerCase()));
  const unit = options.unit ?? compiled.codebook.options.unit;
  const tally = createTally(options.groupBy, compiled.themes.length);
  const excerpts: Excerpt[] = [];
  const attributeNames = new Set<string>(options.attributes?.columns ?? []);
  const documents: DocumentSummary[] = [];
  const warnings: string[] = [];

  for (const source of discovery.sources) {
    let bytes: Uint8Array;
    try {
      bytes = source.path === '-' ? await (options.readStdin ?? (async () => new Uint8Array()))() : readFileSync(source.path);
    } catch (error) {
      skipped.push({ input: source.document, reason: describeReadError(error) });
      continue;
    }
    let transcript;
    try {
      transcript = readTranscript(source.document, source.path === '-' ? 'stdin.txt' : source.path, bytes, { interviewer });
    } catch (error) {
      if (!(error instanceof TranscriptError)) throw error;
      skipped.push({ input: locate(source, error), reason: describeReadError(error) });
      continue;
    }
    for (const w of transcript.warnings) warnings.push(`${source.document}: ${w}`);
    const segments = segmentTranscript(transcript, unit, {
      attributes: options.attributes,
      fromFolder: options.perspectiveFromFolder,
      interviewer: interviewerSet,
    });
    const coded = codeTranscript(compiled, transcript, segments, options.includeInterviewer);
    tallyTranscript(tally, coded);
    let words = 0;
    let eligible = 0;
    for (const s of coded.segments) {
      for (const name of Object.keys(s.segment.attributes)) attributeNames.add(name);
      if (!s.eligible) continue;
      eligible++;
      words += s.words;
      const text = transcript.text.slice(s.segment.start, s.segment.end);
      for (const hit of s.themes) excerpts.push({ segment: s.segment, hit, text, source: transcript.text });
    }
    documents.push({
      document: source.document,
      segments: segments.length,
      coded_segments: eligible,
      words,
      speakers: transcript.hasSpeakers,
    });
  }
  attributeNames.delete('perspective');
  return {
    tally,
    excerpts,
    attributeColumns: [...attributeNames].sort(compareCodePoints),
    documents,
    skipped,
    warnings,
  };
}
