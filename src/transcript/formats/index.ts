import { captionsToText, readCaptionBody } from './captions.js';
import { docxToText } from './docx.js';
import { readTurns, type TurnContext, type TurnReading } from '../speakers/read-turns.js';

/** Reads a decoded transcript body into paragraphs. */
export interface TranscriptFormat {
  name: string;
  /** Turns the file's text into the text that is coded (captions become turns), with what it could not read cleanly; absent: as is. */
  toText?: (raw: string) => { text: string; warnings: string[] };
  /** Turns a binary file into UTF-8 text before anything else (Word documents). */
  extract?: (bytes: Uint8Array) => Promise<string>;
  /** Whether the format may open with YAML front matter. */
  frontMatter: boolean;
  read(text: string, bodyStart: number, firstLine: number, context: TurnContext): TurnReading;
}

/** Input formats by file extension: the single list behind discovery, `--help` and messages. */
export const FORMATS = {
  '.txt': { name: 'plain text', frontMatter: true, read: (t, s, l, c) => readTurns(t, s, l, { ...c, markdown: false }) },
  '.md': { name: 'Markdown', frontMatter: true, read: (t, s, l, c) => readTurns(t, s, l, { ...c, markdown: true }) },
  '.markdown': { name: 'Markdown', frontMatter: true, read: (t, s, l, c) => readTurns(t, s, l, { ...c, markdown: true }) },
  '.docx': { name: 'Word document', frontMatter: true, extract: docxToText, read: (t, s, l, c) => readTurns(t, s, l, { ...c, markdown: false }) },
  '.vtt': { name: 'WebVTT captions', frontMatter: false, toText: (raw) => captionsToText(raw, 'WebVTT'), read: (t) => readCaptionBody(t) },
  '.srt': { name: 'SubRip captions', frontMatter: false, toText: (raw) => captionsToText(raw, 'SubRip'), read: (t) => readCaptionBody(t) },
} as const satisfies Record<string, TranscriptFormat>;

export type Extension = keyof typeof FORMATS;

export function formatFor(path: string): TranscriptFormat | undefined {
  const dot = path.lastIndexOf('.');
  const ext = dot < 0 ? '' : path.slice(dot).toLowerCase();
  return (FORMATS as Record<string, TranscriptFormat>)[ext];
}

/** A WebVTT file's signature, or a SubRip file's first cue: captions whatever the file is called. */
const WEBVTT_START = /^\uFEFF?\s*WEBVTT(?:[ \t].*)?\r?\n/;
const SUBRIP_START = /^\uFEFF?\s*\d+[ \t]*\r?\n[ \t]*\d{1,2}:\d{2}:\d{2}[,.]\d{3}[ \t]*-->/;

/**
 * The format a text is written in, where its name says plain text, Markdown or Word: captions
 * saved as `.txt` (or pasted into Word) are read as captions, voice tags and cue numbers and all,
 * not as talk with timings in it.
 */
export function formatOfText(format: TranscriptFormat, text: string): TranscriptFormat {
  if (format.toText) return format;
  if (WEBVTT_START.test(text)) return FORMATS['.vtt'];
  if (SUBRIP_START.test(text)) return FORMATS['.srt'];
  return format;
}

export const EXTENSIONS = Object.keys(FORMATS);

export type { TurnContext, TurnReading };
