import { readPlainBody, type LabelContext, type ReadBody } from './plain.js';

/** Reads a decoded transcript body into paragraphs. */
export interface TranscriptFormat {
  name: string;
  read(text: string, bodyStart: number, firstLine: number, context: LabelContext): ReadBody;
}

/** Input formats by file extension: the single list behind discovery, `--help` and messages. */
export const FORMATS = {
  '.txt': { name: 'plain text', read: (t, s, l, c) => readPlainBody(t, s, l, c, false) },
  '.md': { name: 'Markdown', read: (t, s, l, c) => readPlainBody(t, s, l, c, true) },
  '.markdown': { name: 'Markdown', read: (t, s, l, c) => readPlainBody(t, s, l, c, true) },
} as const satisfies Record<string, TranscriptFormat>;

export type Extension = keyof typeof FORMATS;

export function formatFor(path: string): TranscriptFormat | undefined {
  const dot = path.lastIndexOf('.');
  const ext = dot < 0 ? '' : path.slice(dot).toLowerCase();
  return (FORMATS as Record<string, TranscriptFormat>)[ext];
}

export const EXTENSIONS = Object.keys(FORMATS);

export type { LabelContext, ReadBody };
