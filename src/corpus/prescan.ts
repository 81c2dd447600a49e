import { closeSync, openSync, readSync } from 'node:fs';
import { compareCodePoints } from '../text/compare.js';
import type { AttributeTable } from '../transcript/attributes.js';
import { decodeTranscript } from '../transcript/decode.js';
import type { Source } from '../transcript/discover.js';
import { readFrontMatter } from '../transcript/front-matter.js';

const HEAD_BYTES = 64 * 1024;

function readHead(path: string): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const buffer = new Uint8Array(HEAD_BYTES);
    const length = readSync(fd, buffer, 0, HEAD_BYTES, 0);
    // Cut at the last line break so a character split at the end cannot look like bad UTF-8.
    const cut = length === HEAD_BYTES ? buffer.lastIndexOf(0x0a) + 1 : length;
    return buffer.subarray(0, cut);
  } finally {
    closeSync(fd);
  }
}

/**
 * The attribute columns of `excerpts.csv`: every front-matter field and speaker attribute in
 * the corpus, and the attributes file's columns (perspective has a column of its own). Read
 * from the top of each file before coding, so excerpts can be streamed under a fixed header.
 */
export function attributeColumns(sources: Source[], stdin: Uint8Array | undefined, attributes: AttributeTable | undefined): string[] {
  const names = new Set<string>(attributes?.columns ?? []);
  for (const source of sources) {
    try {
      const bytes = source.path === '-' ? (stdin ?? new Uint8Array()) : readHead(source.path);
      const front = readFrontMatter(decodeTranscript(bytes).text);
      for (const key of Object.keys(front.attributes)) names.add(key);
      for (const speaker of Object.values(front.speakers)) for (const key of Object.keys(speaker)) names.add(key);
    } catch {
      // The file is reported when it is coded.
    }
  }
  names.delete('perspective');
  return [...names].sort(compareCodePoints);
}
