import lancasterStemmer from 'natural/lib/natural/stemmers/lancaster_stemmer.js';
import porterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';

/** The stemmers a codebook may name in `options.stemmer`. */
export const STEMMERS = ['porter', 'lancaster', 'none'] as const;
export type StemmerName = (typeof STEMMERS)[number];

type StemFn = (word: string) => string;

// Imported (so bundled, and in the bundle's code cache) rather than required when first used:
// nearly every run stems, and loading the files from node_modules cost ~5 ms of every start.
const stemmers: Record<StemmerName, StemFn> = {
  porter: (word) => porterStemmer.stem(word),
  lancaster: (word) => lancasterStemmer.stem(word),
  none: (word) => word,
};

/** Strips a possessive ending so `partner's` and `partners'` stem like `partner`. */
function dropPossessive(word: string): string {
  if (word.endsWith("'s")) return word.slice(0, -2);
  if (word.endsWith("'")) return word.slice(0, -1);
  return word;
}

/** Returns a stemmer for lower-cased words, memoised per distinct word. */
export function createStemmer(name: StemmerName): StemFn {
  const stem = stemmers[name];
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
