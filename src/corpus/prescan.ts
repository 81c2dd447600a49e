import { FileReader } from '../file-bytes.js';
import { compareCodePoints } from '../text/compare.js';
import type { AttributeTable } from '../transcript/attributes.js';
import { decodeStart, decodeTranscript } from '../transcript/decode.js';
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

/** Front-matter field and speaker attribute names in a transcript's text. */
function namesIn(text: string, names: Set<string>): void {
  const front = readFrontMatter(text);
  for (const key of Object.keys(front.attributes)) names.add(key);
  for (const speaker of Object.values(front.speakers)) for (const key of Object.keys(speaker)) names.add(key);
}

/**
 * Every front-matter field and speaker attribute name in the files at `paths`, read from the
 * top of each (a file that cannot be read adds none: it is reported when it is coded).
 */
export function frontMatterNames(paths: string[]): string[] {
  const names = new Set<string>();
  const reader = new FileReader();
  for (const path of paths) {
    try {
      namesIn(frontText(path, reader), names);
    } catch {
      // The file is reported when it is coded.
    }
  }
  return [...names];
}

/** Names in the front matter of standard input's transcript. */
export function stdinNames(stdin: Uint8Array): string[] {
  const names = new Set<string>();
  try {
    namesIn(decodeTranscript(stdin).text, names);
  } catch {
    // Reported when it is coded.
  }
  return [...names];
}

/**
 * The attribute columns of `excerpts.csv` from the names found in the corpus's front matter
 * (`frontMatterNames`, read before coding so excerpts can be streamed under a fixed header) and
 * the attributes file's columns; perspective has a column of its own.
 */
export function attributeColumns(found: Iterable<string>, attributes: AttributeTable | undefined): string[] {
  const names = new Set<string>(attributes?.columns ?? []);
  for (const name of found) names.add(name);
  names.delete('perspective');
  return [...names].sort(compareCodePoints);
}
