import { createRequire } from 'node:module';
import { TranscriptError } from '../../diagnostics.js';

interface DocxElement {
  type: string;
  value?: string;
  children?: DocxElement[];
}

interface Mammoth {
  extractRawText(input: { buffer: Buffer }): Promise<{ value: string }>;
}

// mammoth (and the zip and XML readers under it) load only when a Word file is read.
const require = createRequire(import.meta.url);

/**
 * Word's text with its line breaks. mammoth's own raw text drops `<w:br/>` (Shift+Enter), which
 * glues `Jack: …` onto the question before it in the same paragraph; its document reader keeps
 * breaks, so the text is walked here: paragraphs end in a blank line, breaks in a line end.
 */
async function wordText(buffer: Buffer): Promise<string> {
  let reader: { read(file: unknown): Promise<{ value: DocxElement }> };
  let unzip: { openZip(input: { buffer: Buffer }): Promise<unknown> };
  try {
    reader = require('mammoth/lib/docx/docx-reader') as typeof reader;
    unzip = require('mammoth/lib/unzip') as typeof unzip;
  } catch {
    // A mammoth without those modules: its raw text, without the breaks.
    return (await (require('mammoth') as Mammoth).extractRawText({ buffer })).value;
  }
  const document = (await reader.read(await unzip.openZip({ buffer }))).value;
  const parts: string[] = [];
  const walk = (element: DocxElement) => {
    const pairs = element.type === 'tableRow' ? columnTurns(element) : undefined;
    const label = element.type === 'tableRow' && pairs === undefined ? rowLabel(element) : undefined;
    if (pairs !== undefined) {
      for (const [name, talk] of pairs) {
        parts.push(`${name}: `);
        walk(talk);
        parts.push('\n\n');
      }
    } else if (label !== undefined) {
      // A transcript laid out as a table, a row per turn: `| Interviewer | How is it? |`.
      parts.push(`${label}: `);
      for (const child of element.children?.[1]?.children ?? []) walk(child);
      parts.push('\n\n');
    } else if (element.type === 'text') parts.push(element.value ?? '');
    else if (element.type === 'tab') parts.push('\t');
    else if (element.type === 'break') parts.push('\n');
    else {
      for (const child of element.children ?? []) walk(child);
      if (element.type === 'paragraph') parts.push('\n\n');
    }
  };
  walk(document);
  return parts.join('');
}

/** All the text under an element, flattened. */
function textOf(element: DocxElement): string {
  return element.type === 'text' ? (element.value ?? '') : (element.children ?? []).map(textOf).join(' ');
}

/**
 * The speaker of a table row that is a turn — two cells, the first a short name (`Interviewer`,
 * `P07`, `Jane Cole`) with no sentence in it — or undefined for any other row.
 */
function rowLabel(row: DocxElement): string | undefined {
  const cells = row.children ?? [];
  return cells.length === 2 ? nameOf(textOf(cells[0] as DocxElement)) : undefined;
}

/** A cell's text as a speaker's name (`Interviewer`, `P07`, `Jane Cole`), or undefined where it holds a sentence. */
function nameOf(text: string): string | undefined {
  const name = text.replace(/\s+/g, ' ').trim().replace(/:$/, '');
  return name !== '' && name.length <= 40 && name.split(' ').length <= 4 && /^[\p{Lu}\p{N}]/u.test(name) && !/[.?!,;]/.test(name) ? name : undefined;
}

/** A cell's paragraphs that hold text. */
function filledParagraphs(cell: DocxElement | undefined): DocxElement[] {
  return (cell?.children ?? []).filter((p) => p.type === 'paragraph' && textOf(p).trim() !== '');
}

/**
 * A whole transcript in one table row, laid out by eye: the labels down the left cell, the talk
 * down the right, each label level with its paragraph (`Interviewer` / `Can we talk about…`).
 * Where the left cell holds only names and as many as the right cell has paragraphs, they pair
 * in order; otherwise undefined.
 */
function columnTurns(row: DocxElement): [string, DocxElement][] | undefined {
  const cells = row.children ?? [];
  if (cells.length !== 2) return undefined;
  const names = filledParagraphs(cells[0]).map((p) => nameOf(textOf(p)));
  const talk = filledParagraphs(cells[1]);
  if (names.length < 2 || names.length !== talk.length || names.some((n) => n === undefined)) return undefined;
  return names.map((name, i) => [name as string, talk[i] as DocxElement]);
}

/** The text of a Word document, one paragraph per block, soft line breaks kept as line ends. */
export async function docxToText(bytes: Uint8Array): Promise<string> {
  try {
    const text = await wordText(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
    return text.replace(/\n{3,}/g, '\n\n').replace(/\s+$/, '\n');
  } catch (error) {
    const message = (error as Error).message;
    const why = /zip|central directory/i.test(message) ? 'the file is not a .docx (zip) archive; an old .doc must be saved as .docx first' : message;
    throw new TranscriptError(`not a readable Word document: ${why}`);
  }
}
