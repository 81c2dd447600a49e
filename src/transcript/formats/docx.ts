import { createRequire } from 'node:module';
import { TranscriptError } from '../errors.js';

interface Mammoth {
  extractRawText(input: { buffer: Buffer }): Promise<{ value: string }>;
}

// mammoth (and the zip and XML readers under it) load only when a Word file is read.
const require = createRequire(import.meta.url);

/** The text of a Word document, one paragraph per block, as mammoth extracts it. */
export async function docxToText(bytes: Uint8Array): Promise<string> {
  const mammoth = require('mammoth') as Mammoth;
  try {
    const { value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length) });
    return value.replace(/\n{3,}/g, '\n\n').replace(/\s+$/, '\n');
  } catch (error) {
    const message = (error as Error).message;
    const why = /zip|central directory/i.test(message) ? 'the file is not a .docx (zip) archive; an old .doc must be saved as .docx first' : message;
    throw new TranscriptError(`not a readable Word document: ${why}`);
  }
}
