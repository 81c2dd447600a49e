import { FileReader } from '../file-bytes.js';
import { compareCodePoints } from '../text/compare.js';
import type { AttributeTable } from '../transcript/attributes.js';
import { decodeStart, decodeTranscript } from '../transcript/decode.js';
import { frontMatterComplete, readFrontMatter } from '../transcript/front-matter.js';
import { FORMATS, formatFor, type TranscriptFormat } from '../transcript/formats/index.js';

// Most front matter fits in the first few kilobytes; only those are decoded unless it runs on.
const FIRST_BYTES = 4 * 1024;

/**
 * Adds the front-matter field and speaker attribute names of a transcript's bytes to `names`,
 * decoding only the top unless the front matter runs on — decoded as the whole file is when it is
 * coded (the encoding, and whether it is refused, depend on all its bytes). A file that cannot be
 * read adds none: it is reported when it is coded.
 */
function addNames(bytes: Uint8Array, names: Set<string>): void {
  try {
    const first = decodeStart(bytes, FIRST_BYTES).text;
    const front = readFrontMatter(frontMatterComplete(first) ? first : decodeTranscript(bytes).text);
    for (const key of Object.keys(front.attributes)) names.add(key);
    for (const speaker of Object.values(front.speakers)) for (const key of Object.keys(speaker)) names.add(key);
  } catch {
    // Reported when it is coded.
  }
}

/**
 * Every front-matter field and speaker attribute name in the files at `paths`. Formats without
 * front matter (captions) are not read, nor Word documents, whose text is only extracted when they
 * are coded.
 */
export function frontMatterNames(paths: string[]): string[] {
  const names = new Set<string>();
  const reader = new FileReader();
  for (const path of paths) {
    const format: TranscriptFormat = formatFor(path) ?? FORMATS['.txt'];
    if (!format.frontMatter || format.extract !== undefined) continue;
    try {
      addNames(reader.read(path), names);
    } catch {
      // Reported when it is coded.
    }
  }
  return [...names];
}

/** Names in the front matter of standard input's transcript. */
export function stdinNames(stdin: Uint8Array): string[] {
  const names = new Set<string>();
  addNames(stdin, names);
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
