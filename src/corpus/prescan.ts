import { closeSync, openSync, readSync } from 'node:fs';
import { compareCodePoints } from '../text/compare.js';
import type { AttributeTable } from '../transcript/attributes.js';
import { decodeTranscript } from '../transcript/decode.js';
import type { Source } from '../transcript/discover.js';
import { frontMatterComplete, readFrontMatter } from '../transcript/front-matter.js';

// Most front matter fits in the first few kilobytes; a longer block is read up to 64 KB.
const FIRST_BYTES = 4 * 1024;
const HEAD_BYTES = 64 * 1024;

function readHead(path: string, size: number): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const buffer = new Uint8Array(size);
    const length = readSync(fd, buffer, 0, size, 0);
    // Cut at the last line break so a character split at the end cannot look like bad UTF-8.
    const cut = length === size ? buffer.lastIndexOf(0x0a) + 1 : length;
    return buffer.subarray(0, cut);
  } finally {
    closeSync(fd);
  }
}

/** The top of a file, long enough to hold its front matter when it has any. */
function frontText(path: string): string {
  const first = decodeTranscript(readHead(path, FIRST_BYTES)).text;
  return frontMatterComplete(first) ? first : decodeTranscript(readHead(path, HEAD_BYTES)).text;
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
      const text = source.path === '-' ? decodeTranscript(stdin ?? new Uint8Array()).text : frontText(source.path);
      const front = readFrontMatter(text);
      for (const key of Object.keys(front.attributes)) names.add(key);
      for (const speaker of Object.values(front.speakers)) for (const key of Object.keys(speaker)) names.add(key);
    } catch {
      // The file is reported when it is coded.
    }
  }
  names.delete('perspective');
  return [...names].sort(compareCodePoints);
}
