import { isUtf8 } from 'node:buffer';
import { TranscriptError } from './errors.js';

/** The text of a file, and how it was decoded. */
export interface Decoded {
  text: string;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
}


/**
 * Decodes transcript bytes: UTF-8 (with or without BOM), UTF-16 with a BOM (Word's "Unicode
 * text"), and Windows-1252 for bytes that are not valid UTF-8. Line endings become LF.
 */
export function decodeTranscript(bytes: Uint8Array): Decoded {
  let decoded: Decoded;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    decoded = { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    decoded = { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  } else {
    if (bytes.includes(0)) throw new TranscriptError('it contains NUL bytes (a binary file?)');
    decoded = isUtf8(bytes)
      ? { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8'), encoding: 'utf-8' }
      : { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
  }
  return { ...decoded, text: normaliseText(decoded.text) };
}

/** LF line endings and no BOM: the text that every offset in qcode's outputs refers to. */
export function normaliseText(text: string): string {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return body.includes('\r') ? body.replace(/\r\n?/g, '\n') : body;
}
