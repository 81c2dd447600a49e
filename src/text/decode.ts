import { isUtf8 } from 'node:buffer';
import { decodeWindows1252 } from './windows-1252.js';
import { TranscriptError } from '../diagnostics.js';
import { hasNoSurrogatePairs } from './code-points.js';

/** The text of a file, and how it was decoded. */
export interface Decoded {
  text: string;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
  /** The bytes decoded are exactly the text's UTF-8 (no BOM, no CR): they can stand for it. */
  verbatim: boolean;
  /** Windows-1252 bytes with no character there (0x81, 0x8D, 0x8F, 0x90, 0x9D), kept as controls of the same number. */
  unassigned?: number[];
}

/**
 * Decodes transcript bytes: UTF-8 (with or without BOM), UTF-16 with a BOM (Word's "Unicode
 * text"), and Windows-1252 for bytes that are not valid UTF-8. Line endings become LF.
 */
export function decodeTranscript(bytes: Uint8Array): Decoded {
  return decodeStart(bytes, bytes.length);
}

/**
 * The start of a transcript — its first `size` bytes, cut after the last line end within them —
 * decoded exactly as the whole file would be: the encoding (and whether the file is refused) is
 * decided on all of its bytes, so the front matter read from it is the front matter coded.
 */
export function decodeStart(bytes: Uint8Array, size: number): Decoded {
  const cut = (from: number, unit: Unit) => {
    if (bytes.length <= size) return bytes.subarray(from);
    const width = unit === 'byte' ? 1 : 2;
    const head = bytes.subarray(from, from + Math.floor((size - from) / width) * width);
    // After the last LF or CR (a whole UTF-16 code unit in those encodings): no character is split.
    let end = head.length - width;
    while (end >= 0 && !isLineEnd(head, end, unit)) end -= width;
    return head.subarray(0, end + width);
  };
  let decoded: Omit<Decoded, 'verbatim'>;
  let unassigned: number[] = [];
  let pairFree = false;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    decoded = { text: new TextDecoder('utf-16le').decode(cut(2, 'le')), encoding: 'utf-16le' };
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    decoded = { text: new TextDecoder('utf-16be').decode(cut(2, 'be')), encoding: 'utf-16be' };
  } else {
    if (bytes.includes(0)) throw new TranscriptError('it contains NUL bytes (a binary file?)');
    const start = cut(0, 'byte');
    if (isUtf8(bytes)) {
      const utf8 = Buffer.from(start.buffer, start.byteOffset, start.length);
      decoded = { text: utf8.toString('utf8'), encoding: 'utf-8' };
      pairFree = !FOUR_BYTE_LEADS.some((lead) => utf8.includes(lead));
    } else {
      const windows = decodeWindows1252(start);
      decoded = { text: windows.text, encoding: 'windows-1252' };
      unassigned = windows.unassigned;
      pairFree = true;
    }
  }
  const text = normaliseText(decoded.text);
  // Known here for the cost of a byte search; otherwise every table's positions would scan the text for them.
  if (pairFree) hasNoSurrogatePairs(text);
  return { ...decoded, text, verbatim: decoded.encoding === 'utf-8' && text === decoded.text, ...(unassigned.length > 0 ? { unassigned } : {}) };
}

type Unit = 'byte' | 'le' | 'be';

/** The first bytes of UTF-8's four-byte sequences: the characters UTF-16 holds as surrogate pairs. */
const FOUR_BYTE_LEADS = [0xf0, 0xf1, 0xf2, 0xf3, 0xf4];

function isLineEnd(bytes: Uint8Array, at: number, unit: Unit): boolean {
  const [low, high] = unit === 'byte' ? [bytes[at], 0] : unit === 'le' ? [bytes[at], bytes[at + 1]] : [bytes[at + 1], bytes[at]];
  return high === 0 && (low === 0x0a || low === 0x0d);
}

/** LF line endings and no BOM: the text that every offset in qcode's outputs refers to. */
export function normaliseText(text: string): string {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return body.includes('\r') ? body.replace(/\r\n?/g, '\n') : body;
}
