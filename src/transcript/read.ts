import { lineOfOffset } from '../text/lines.js';
import { decodeTranscript } from './decode.js';
import { formatFor, FORMATS, type LabelContext, type TranscriptFormat } from './formats/index.js';
import { readFrontMatter } from './front-matter.js';
import type { Transcript } from './types.js';

export interface ReadOptions {
  /** Interviewer labels, any case. */
  interviewer: string[];
}

/**
 * Reads one transcript from its bytes: decode, front matter, then the format's reader. `name`
 * picks the format by extension (stdin reads as plain text). Throws `TranscriptError` for a file
 * that cannot be read as a transcript.
 */
export function readTranscript(document: string, name: string, bytes: Uint8Array, options: ReadOptions): Transcript {
  const format: TranscriptFormat = formatFor(name) ?? FORMATS['.txt'];
  const decoded = decodeTranscript(bytes);
  const warnings: string[] = [];
  if (decoded.encoding === 'windows-1252') warnings.push('not valid UTF-8; read as Windows-1252');
  const text = format.toText ? format.toText(decoded.text) : decoded.text;
  const front = format.frontMatter ? readFrontMatter(text) : { attributes: {}, speakers: {}, bodyStart: 0 };
  const context: LabelContext = {
    interviewer: new Set(options.interviewer.map((l) => l.toLowerCase())),
    speakers: new Set(Object.keys(front.speakers)),
  };
  const body = format.read(text, front.bodyStart, lineOfOffset(text, front.bodyStart), context);
  return {
    document,
    text,
    // A format's own reading (captions) changes the text: then the bytes no longer stand for it.
    ...(decoded.verbatim && text === decoded.text ? { verbatim: true } : {}),
    attributes: front.attributes,
    speakers: front.speakers,
    paragraphs: body.paragraphs,
    hasSpeakers: body.hasSpeakers,
    warnings,
  };
}
