import { createRequire } from 'node:module';
import { InputError } from '../diagnostics.js';
import type { Attributes } from './types.js';

interface Row {
  file: string | null;
  speaker: string | null;
  attributes: Attributes;
}

/** A participant or document table joined onto segments (NVivo's case classifications). */
export interface AttributeTable {
  source: string;
  /** The CSV text, so worker threads can parse the same table. */
  text: string;
  /** Attribute columns, in the table's order. */
  columns: string[];
  /** Attributes for a document (rows with a file and no speaker). */
  forDocument(document: string): Attributes;
  /** Attributes for a speaker in a document: speaker-only rows, then file + speaker rows. */
  forSpeaker(document: string, speaker: string): Attributes;
}

// csv-parse is loaded only when an attributes file is given.
const require = createRequire(import.meta.url);
const parse = (text: string, options: object): unknown => (require('csv-parse/sync') as { parse: (t: string, o: object) => unknown }).parse(text, options);

const FILE_COLUMNS = ['file', 'document', 'doc', 'transcript'];

function stripExtension(path: string): string {
  return path.replace(/\.[^./]+$/, '');
}

function normalisePath(path: string): string {
  return path.trim().replace(/\\/g, '/').replace(/^\.\//, '');
}

/** A row's file names a document when it is the path, a trailing part of it, or either without extension. */
function fileMatches(file: string, document: string): boolean {
  if (file === document || document.endsWith(`/${file}`)) return true;
  const bare = stripExtension(file);
  const doc = stripExtension(document);
  return bare === doc || doc.endsWith(`/${bare}`);
}

/** Parses an attributes CSV: a `file` and/or `speaker` column to join on, every other column an attribute. */
export function parseAttributeTable(source: string, text: string): AttributeTable {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: false, trim: true }) as string[][];
  } catch (error) {
    const e = error as { lines?: number; message: string };
    const where = e.lines ? `${source}:${e.lines}` : source;
    throw new InputError(`${where} the attributes file is not valid CSV: ${e.message.replace(/^Invalid Record Length: /, '')}`);
  }
  const [header, ...body] = records;
  if (!header) throw new InputError(`${source} the attributes file is empty; it needs a header row with a 'file' or 'speaker' column`);
  const names = header.map((h) => h.trim());
  const fileIndex = names.findIndex((n) => FILE_COLUMNS.includes(n.toLowerCase()));
  const speakerIndex = names.findIndex((n) => n.toLowerCase() === 'speaker');
  if (fileIndex < 0 && speakerIndex < 0) {
    throw new InputError(`${source}:1:1 the attributes file needs a 'file' or a 'speaker' column to join on; found: ${names.join(', ')}`);
  }
  const columns = names.filter((_, i) => i !== fileIndex && i !== speakerIndex);
  const rows: Row[] = body.map((record) => {
    const attributes: Attributes = {};
    record.forEach((value, i) => {
      if (i === fileIndex || i === speakerIndex || value === '') return;
      attributes[names[i] as string] = value;
    });
    const file = fileIndex >= 0 && record[fileIndex] ? normalisePath(record[fileIndex] as string) : null;
    const speaker = speakerIndex >= 0 && record[speakerIndex] ? (record[speakerIndex] as string).toLowerCase() : null;
    return { file, speaker, attributes };
  });
  const merge = (list: Row[]) => Object.assign({}, ...list.map((r) => r.attributes)) as Attributes;
  return {
    source,
    text,
    columns,
    forDocument: (document) => merge(rows.filter((r) => r.speaker === null && r.file !== null && fileMatches(r.file, document))),
    forSpeaker: (document, speaker) => {
      const key = speaker.toLowerCase();
      const mine = rows.filter((r) => r.speaker === key);
      return { ...merge(mine.filter((r) => r.file === null)), ...merge(mine.filter((r) => r.file !== null && fileMatches(r.file, document))) };
    },
  };
}
