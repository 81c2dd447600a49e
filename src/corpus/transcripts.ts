import { readFileSync } from 'node:fs';
import type { Skipped, Source } from '../transcript/discover.js';
import { discoverSources } from '../transcript/discover.js';
import { formatFor, type TranscriptFormat } from '../transcript/formats/index.js';
import { readTranscript, type ReadOptions } from '../transcript/read.js';
import type { Transcript } from '../transcript/types.js';

/**
 * Reads every transcript the inputs name (files only, not standard input), for the commands
 * that look at a corpus without coding it into outputs (kwic, explain, suggest, agree).
 * A file that cannot be read is reported through `skip` and left out.
 */
export async function* readTranscripts(
  inputs: string[],
  cwd: string,
  options: ReadOptions,
  skip: (skipped: Skipped) => void,
): AsyncGenerator<{ source: Source; transcript: Transcript }> {
  const { sources, skipped } = discoverSources(inputs, cwd);
  skipped.forEach(skip);
  for (const source of sources) {
    if (source.path === '-') continue;
    try {
      let bytes: Uint8Array = readFileSync(source.path);
      const extract = (formatFor(source.path) as TranscriptFormat | undefined)?.extract;
      if (extract) bytes = Buffer.from(await extract(bytes), 'utf8');
      yield { source, transcript: readTranscript(source.document, source.path, bytes, options) };
    } catch (error) {
      skip({ input: source.document, reason: (error as Error).message });
    }
  }
}
