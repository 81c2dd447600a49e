import { createRequire } from 'node:module';

// v8 and vm load only when a very large document asks for a collection.
const require = createRequire(import.meta.url);

/** Characters of text from which a document counts as very large. */
export const LARGE_DOCUMENT = 16 * 1024 * 1024;

let collect: (() => void) | undefined;

/**
 * A full garbage collection, for the moment a very large document has been read (see
 * `codeDocument`): a 108 MB transcript with all outputs peaked at 690 MB without it, 523 MB with
 * it, in the same time. V8 gives the collector to scripts only when asked for it with a flag, set
 * here the first time it is needed.
 */
export function collectGarbage(): void {
  if (!collect) {
    (require('node:v8') as typeof import('node:v8')).setFlagsFromString('--expose-gc');
    collect = (require('node:vm') as typeof import('node:vm')).runInNewContext('gc') as () => void;
  }
  collect();
}
