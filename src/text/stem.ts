import { createRequire } from 'node:module';

/** The stemmers a codebook may name in `options.stemmer`. */
export const STEMMERS = ['porter', 'lancaster', 'none'] as const;
export type StemmerName = (typeof STEMMERS)[number];

type StemFn = (word: string) => string;

// natural's index module loads dotenv (which writes to stdout and reads .env) and costs about a
// second of start-up, so only the stemmer files themselves are loaded.
const require = createRequire(import.meta.url);
const loaders: Record<StemmerName, () => StemFn> = {
  porter: () => {
    const stemmer = require('natural/lib/natural/stemmers/porter_stemmer.js') as { stem: StemFn };
    return (word) => stemmer.stem(word);
  },
  lancaster: () => {
    const stemmer = require('natural/lib/natural/stemmers/lancaster_stemmer.js') as { stem: StemFn };
    return (word) => stemmer.stem(word);
  },
  none: () => (word) => word,
};

/** Strips a possessive ending so `partner's` and `partners'` stem like `partner`. */
function dropPossessive(word: string): string {
  if (word.endsWith("'s")) return word.slice(0, -2);
  if (word.endsWith("'")) return word.slice(0, -1);
  return word;
}

/** Returns a stemmer for lower-cased words, memoised per distinct word. */
export function createStemmer(name: StemmerName): StemFn {
  const stem = loaders[name]();
  const memo = new Map<string, string>();
  return (word) => {
    let result = memo.get(word);
    if (result === undefined) {
      result = stem(dropPossessive(word));
      memo.set(word, result);
    }
    return result;
  };
}
