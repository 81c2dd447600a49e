import { FileReader } from '../file-bytes.js';
import { compareCodePoints } from '../text/compare.js';
import type { AttributeTable } from '../transcript/attributes.js';
import { decodeStart, decodeTranscript } from '../text/decode.js';
import { frontMatterComplete, readFrontMatter } from '../transcript/front-matter.js';
import { FORMATS, formatFor, type TranscriptFormat } from '../transcript/formats/index.js';
import { readTranscript, turnContext, type ReadOptions } from '../transcript/read.js';
import { mayOpenWithHeader } from '../transcript/speakers/read-turns.js';
import { UsageError } from '../diagnostics.js';

// Most front matter fits in the first few kilobytes; only those are decoded unless it runs on (or a header block may follow it).
const FIRST_BYTES = 4 * 1024;

/**
 * Adds the attribute names of a transcript's bytes to `names`: front-matter fields and speaker
 * attributes, decoding only the top unless the front matter runs on — decoded as the whole file
 * is when it is coded (the encoding, and whether it is refused, depend on all its bytes) — and a
 * header block's fields, read as coding reads them. A file that cannot be read adds none: it is
 * reported when it is coded.
 */
function addNames(bytes: Uint8Array, names: Set<string>, options: ReadOptions, name = 'stdin.txt'): void {
  try {
    const first = decodeStart(bytes, FIRST_BYTES).text;
    const text = frontMatterComplete(first) ? first : decodeTranscript(bytes).text;
    const front = readFrontMatter(text);
    for (const key of Object.keys(front.attributes)) names.add(key);
    for (const speaker of Object.values(front.speakers)) for (const key of Object.keys(speaker)) names.add(key);
    if (mayOpenWithHeader(text, front.bodyStart, turnContext(options, front))) {
      for (const key of Object.keys(readTranscript(name, name, bytes, options).attributes)) names.add(key);
    }
  } catch {
    // Reported when it is coded.
  }
}

/**
 * Every attribute name in the files at `paths`: front-matter fields, speaker attributes and
 * header-block fields. This reads each file's top a first time, and its front matter is parsed
 * again when the file is coded: deliberately, because excerpts.csv's header (its attribute
 * columns) must be written before the first document's rows stream out, and holding every
 * document until all are read would cost memory in proportion to the corpus. Formats without front matter (captions) are not read, nor Word documents,
 * whose text is extracted only once (`extractedNames`).
 */
export function frontMatterNames(paths: string[], options: ReadOptions): string[] {
  const names = new Set<string>();
  const reader = new FileReader();
  for (const path of paths) {
    const format: TranscriptFormat = formatFor(path) ?? FORMATS['.txt'];
    if (!format.frontMatter || format.extract !== undefined) continue;
    try {
      addNames(reader.read(path), names, options, path);
    } catch {
      // Reported when it is coded.
    }
  }
  return [...names];
}

/**
 * Attribute names in the Word documents among `paths`, whose text must be extracted first; each
 * text extracted goes into `texts` by path, for coding to use rather than extract it again.
 */
export async function extractedNames(paths: string[], options: ReadOptions, texts: Map<string, string>): Promise<string[]> {
  const names = new Set<string>();
  const reader = new FileReader();
  for (const path of paths) {
    const extract = formatFor(path)?.extract;
    if (!extract) continue;
    try {
      const text = await extract(reader.read(path));
      texts.set(path, text);
      addNames(new TextEncoder().encode(text), names, options, path);
    } catch {
      // Reported when it is coded.
    }
  }
  return [...names];
}

/** Names in the front matter of standard input's transcript. */
export function stdinNames(stdin: Uint8Array, options: ReadOptions): string[] {
  const names = new Set<string>();
  addNames(stdin, names, options);
  return [...names];
}

/**
 * The attribute columns of `excerpts.csv` from the names found in the corpus (`frontMatterNames`,
 * read before coding so excerpts can be streamed under a fixed header) and the attributes file's
 * columns; perspective has a column of its own.
 */
export function attributeColumns(found: Iterable<string>, attributes: AttributeTable | undefined, chosen?: string[], chosenBy = '--columns'): string[] {
  const names = new Set<string>(attributes?.columns ?? []);
  for (const name of found) names.add(name);
  names.delete('perspective');
  const all = [...names].sort(compareCodePoints);
  if (chosen === undefined) return all;
  // Perspective is always a column of its own; a misspelt column would be an empty one, and look like data nobody recorded.
  const wanted = chosen.filter((c) => c !== 'perspective');
  const unknown = wanted.filter((c) => !names.has(c));
  if (unknown.length > 0) {
    throw new UsageError(
      `${chosenBy} ${unknown.map((c) => `'${c}'`).join(', ')} ${unknown.length === 1 ? 'is not an attribute' : 'are not attributes'} of these transcripts; they have: ${all.join(', ') || 'none'}; nothing was written`,
    );
  }
  return [...new Set(wanted)];
}
