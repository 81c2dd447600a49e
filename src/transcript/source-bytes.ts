import { readFileSync } from 'node:fs';
import type { Source } from './discover.js';
import { formatFor, type TranscriptFormat } from './formats/index.js';

/**
 * A source's text as bytes a transcript reader takes: a Word document's extracted text (carried
 * on the source when a prescan already extracted it, so it is extracted once per run), or the
 * file as it is. Throws what the file system throws.
 */
export async function sourceBytes(source: Source): Promise<Uint8Array> {
  if (source.extracted !== undefined) return Buffer.from(source.extracted, 'utf8');
  const bytes: Uint8Array = readFileSync(source.path);
  const extract = (formatFor(source.path) as TranscriptFormat | undefined)?.extract;
  return extract ? Buffer.from(await extract(bytes), 'utf8') : bytes;
}
