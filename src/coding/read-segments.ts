import type { CompiledCodebook } from '../codebook/compile.js';
import type { Codebook, Unit } from '../codebook/types.js';
import type { AttributeTable } from '../transcript/attributes.js';
import type { Skipped, Source } from '../transcript/discover.js';
import { discoverSources } from '../transcript/discover.js';
import { readTranscript, type ReadOptions } from '../transcript/read.js';
import { segmentTranscript } from '../transcript/segment-transcript.js';
import { sourceBytes } from '../transcript/source-bytes.js';
import type { Transcript } from '../transcript/types.js';
import { codeTranscript, type CodedTranscript } from './code-transcript.js';

/** How transcripts are read and cut into segments: one set of settings for every command. */
export interface SegmentSettings {
  /** The unit asked for; `undefined` lets each transcript decide (turns where speakers are labelled). */
  unit: Unit | undefined;
  /** Code the interviewer's turns too (they are context otherwise). */
  includeInterviewer: boolean;
  interviewer: string[];
  speakerPattern: string | undefined;
  attributes: AttributeTable | undefined;
  perspectiveFromFolder: boolean;
}

/** The settings a codebook asks for, with what the command line overrides. */
export function segmentSettings(codebook: Codebook, overrides: { [K in keyof SegmentSettings]?: SegmentSettings[K] | undefined } = {}): SegmentSettings {
  const given = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) as Partial<SegmentSettings>;
  return {
    unit: codebook.options.unit,
    includeInterviewer: false,
    interviewer: codebook.options.interviewer,
    speakerPattern: codebook.options.speakerPattern,
    attributes: undefined,
    perspectiveFromFolder: false,
    ...given,
  };
}

/**
 * The one path from a transcript's bytes to its coded segments: read (format, speakers, header),
 * cut into units with their attributes, coded. `qcode code` and every command that looks at
 * segments go through here, so they all see the same segments.
 */
export function codeSource(
  compiled: CompiledCodebook,
  document: string,
  path: string,
  bytes: Uint8Array,
  settings: SegmentSettings,
): { transcript: Transcript; coded: CodedTranscript } {
  const transcript = readSource(document, path, bytes, settings);
  return { transcript, coded: codeRead(compiled, transcript, settings) };
}

/** `codeSource`'s first half: the transcript read from its bytes. */
export function readSource(document: string, path: string, bytes: Uint8Array, settings: SegmentSettings): Transcript {
  return readTranscript(document, path, bytes, readOptions(settings));
}

/** `codeSource`'s second half: a transcript read by `readSource`, cut into units and coded. */
export function codeRead(compiled: CompiledCodebook, transcript: Transcript, settings: SegmentSettings): CodedTranscript {
  const segments = segmentTranscript(transcript, settings.unit, { attributes: settings.attributes, fromFolder: settings.perspectiveFromFolder });
  return codeTranscript(compiled, transcript, segments, settings.includeInterviewer);
}

const readOptions = (settings: SegmentSettings): ReadOptions => ({ interviewer: settings.interviewer, speakerPattern: settings.speakerPattern });

/**
 * Reads every transcript the inputs name (files only, not standard input), for the commands
 * that look at a corpus without writing results (speakers). A file that cannot be read is
 * reported through `skip` and left out.
 */
export async function* readTranscripts(
  inputs: string[],
  cwd: string,
  options: ReadOptions,
  skip: (skipped: Skipped) => void,
): AsyncGenerator<{ source: Source; transcript: Transcript }> {
  const { sources, skipped } = discoverSources(inputs, cwd);
  skipped.forEach(skip);
  for (const source of sources) {
    if (source.path === '-') continue;
    try {
      yield { source, transcript: readTranscript(source.document, source.path, await sourceBytes(source), options) };
    } catch (error) {
      skip({ input: source.document, reason: (error as Error).message });
    }
  }
}

/**
 * Every transcript the inputs name, read, cut and coded as `qcode code` would (through
 * `codeSource`), for kwic, suggest, explain, agree and fit. A file that cannot be read is
 * reported through `skip` and left out.
 */
export async function* readCodedTranscripts(
  inputs: string[],
  cwd: string,
  compiled: CompiledCodebook,
  settings: SegmentSettings,
  skip: (skipped: Skipped) => void,
): AsyncGenerator<{ source: Source; transcript: Transcript; coded: CodedTranscript }> {
  const { sources, skipped } = discoverSources(inputs, cwd);
  skipped.forEach(skip);
  for (const source of sources) {
    if (source.path === '-') continue;
    let read: { transcript: Transcript; coded: CodedTranscript };
    try {
      read = codeSource(compiled, source.document, source.path, await sourceBytes(source), settings);
    } catch (error) {
      skip({ input: source.document, reason: (error as Error).message });
      continue;
    }
    yield { source, ...read };
  }
}
