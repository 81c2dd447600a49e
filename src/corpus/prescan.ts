import { FileReader } from '../file-bytes.js';
import { compareCodePoints } from '../text/compare.js';
import type { AttributeTable } from '../transcript/attributes.js';
import { decodeStart, decodeTranscript } from '../transcript/decode.js';
import type { Source } from '../transcript/discover.js';
import { frontMatterComplete, readFrontMatter } from '../transcript/front-matter.js';

// Most front matter fits in the first few kilobytes; only those are decoded unless it runs on.
const FIRST_BYTES = 4 * 1024;

/**
 * The top of a file, long enough to hold its front matter when it has any, decoded as the whole
 * file is when it is coded (the encoding, and whether it is refused, depend on all its bytes).
 */
function frontText(path: string, reader: FileReader): string {
  const bytes = reader.read(path);
  const first = decodeStart(bytes, FIRST_BYTES).text;
  return frontMatterComplete(first) ? first : decodeTranscript(bytes).text;
}

/**
 * The attribute columns of `excerpts.csv`: every front-matter field and speaker attribute in
 * the corpus, and the attributes file's columns (perspective has a column of its own). Read
 * from the top of each file before coding, so excerpts can be streamed under a fixed header.
 */
export function attributeColumns(sources: Source[], stdin: Uint8Array | undefined, attributes: AttributeTable | undefined): string[] {
  const names = new Set<string>(attributes?.columns ?? []);
  const reader = new FileReader();
  for (const source of sources) {
    try {
      const text = source.path === '-' ? decodeTranscript(stdin ?? new Uint8Array()).text : frontText(source.path, reader);
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
