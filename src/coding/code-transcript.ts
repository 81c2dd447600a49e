import type { CompiledCodebook } from '../codebook/compile.js';
import type { Segment, Transcript } from '../transcript/types.js';
import { codeSpan, type ThemeHits } from './code-span.js';

export interface CodedSegment {
  segment: Segment;
  /** Whether the segment is coded at all (interviewer turns are context unless asked for). */
  eligible: boolean;
  words: number;
  /** Themes found, in codebook order; empty for segments that are not eligible. Shared when empty, so read-only. */
  themes: readonly ThemeHits[];
}

export interface CodedTranscript {
  document: string;
  text: string;
  segments: CodedSegment[];
}

/** Shared, never written: the themes of a segment that is not coded. */
const NOT_CODED: ThemeHits[] = Object.freeze([]) as unknown as ThemeHits[];

/** Codes each eligible segment of a transcript. Pure: no files, no process. */
export function codeTranscript(compiled: CompiledCodebook, transcript: Transcript, segments: Segment[], includeInterviewer: boolean): CodedTranscript {
  const coded = segments.map((segment): CodedSegment => {
    const eligible = includeInterviewer || !segment.interviewer;
    if (!eligible) return { segment, eligible, words: 0, themes: NOT_CODED };
    const { words, themes } = codeSpan(compiled, transcript.text, segment.start, segment.end, segment.gaps);
    return { segment, eligible, words, themes };
  });
  return { document: transcript.document, text: transcript.text, segments: coded };
}
