import { createStemmer } from '../text/stem.js';
import { TokenBuffer, wordAt, type WordVisitor } from '../text/tokenize.js';
import { compileRegex, type LinearRegex } from './regex.js';
import { WordTable } from './word-table.js';
import { globMatcher, parseNear, patternWords, ruleWords, type WordMatcher } from './terms.js';
import type { Codebook, RuleType, Theme } from './types.js';

/** A rule or exclusion turned into a sequence of word matchers. */
export interface Term {
  /** Index into `CompiledCodebook.themes`; -1 for a negation term. */
  theme: number;
  kind: RuleType | 'exclude' | 'negation' | 'nearPart';
  /** The rule as written in the codebook. */
  source: string;
  words: WordMatcher[];
  /** What a hit counts towards the theme's threshold (1 unless the theme's `weights` say otherwise). */
  weight: number;
  /** For one of a `near` rule's two terms: which rule, which term, and the words allowed between them. */
  near: { rule: number; part: 0 | 1; window: number } | null;
}

/** What the matcher needs to know about one distinct word of the corpus, computed once per word. */
export interface WordInfo {
  /** The word, lower-cased. */
  word: string;
  stem: string;
  /** The word is a negation by itself (`didn't`, `can't`). */
  negates: boolean;
  /** Terms whose first word matches this word: the only candidates for a match starting here. */
  starts: Term[];
}

export interface CompiledCodebook {
  codebook: Codebook;
  themes: Theme[];
  negationWindow: number;
  stem: (word: string) => string;
  wordInfo: (word: string) => WordInfo;
  /** Looks up each word as `scanTokens` finds it (see `WordLookups`). */
  lookups: WordLookups;
  /** `regex` rules, compiled: tried on the text of every segment. */
  regexes: { term: Term; pattern: LinearRegex }[];
  /** `near` rules, in order: what a pair of their terms' matches is a hit of. */
  nearRules: Term[];
  /** Per theme, whether its evidence is weighed (a threshold or weights): only then are hits added up. */
  weighs: boolean[];
  /** Scratch space for coding, reused from span to span (coding is single-threaded per codebook). */
  buffer: TokenBuffer;
  /**
   * What a theme's hits record beyond their number: `spans` (each hit's place and rule, for kwic,
   * explain and fit), `terms` (the words matched, for excerpts), or `count` only (for counting,
   * which then allocates nothing per hit).
   */
  detail: 'spans' | 'terms' | 'count';
}

function keywordTerm(theme: number, kind: Term['kind'], source: string, stem: (w: string) => string): Term {
  return { theme, kind, source, words: ruleWords(source).map((w) => ({ type: 'stem', value: stem(w) })), weight: 1, near: null };
}

function exactTerm(theme: number, source: string): Term {
  return { theme, kind: 'exact', source, words: ruleWords(source).map((w) => ({ type: 'surface', value: w })), weight: 1, near: null };
}

/** Exclusions match like keywords (on stems) except that a word with `*` is a wildcard. */
function wildcardTerm(theme: number, kind: Term['kind'], source: string, stem: (w: string) => string): Term {
  const words = patternWords(source).map((w): WordMatcher => {
    if (w.includes('*') || kind === 'patterns') return globMatcher(w);
    return { type: 'stem', value: stem(w) };
  });
  return { theme, kind, source, words, weight: 1, near: null };
}

/** Every rule, exclusion and negation as word matchers: the costly part of compiling (stemming). */
export function compileTerms(codebook: Codebook, stem = createStemmer(codebook.options.stemmer)): Term[] {
  const terms: Term[] = [];
  codebook.themes.forEach((theme, index) => {
    const start = terms.length;
    for (const k of theme.keywords) terms.push(keywordTerm(index, 'keywords', k, stem));
    for (const e of theme.exact) terms.push(exactTerm(index, e));
    for (const p of theme.patterns) terms.push(wildcardTerm(index, 'patterns', p, stem));
    for (const r of theme.regex) terms.push({ theme: index, kind: 'regex', source: r, words: [], weight: 1, near: null });
    for (const n of theme.near) {
      const parsed = parseNear(n);
      if (!parsed) continue;
      // The rule itself is the hit; its two terms are found like keywords and paired after.
      const rule = terms.filter((t) => t.kind === 'near').length;
      terms.push({ theme: index, kind: 'near', source: n, words: [], weight: 1, near: null });
      parsed.parts.forEach((part, i) => terms.push({ ...keywordTerm(index, 'nearPart', part, stem), near: { rule, part: i as 0 | 1, window: parsed.window } }));
    }
    for (const term of terms.slice(start)) term.weight = theme.weights[term.source] ?? 1;
    for (const x of theme.exclude) terms.push(wildcardTerm(index, 'exclude', x, stem));
  });
  for (const n of codebook.options.negations) terms.push(keywordTerm(-1, 'negation', n, stem));
  return terms;
}

/** Terms read back from JSON, where regular expressions do not survive: rebuilt from their source. */
export function reviveTerms(terms: Term[]): Term[] {
  return terms.map((term) => ({ ...term, words: term.words.map((w) => (w.type === 'glob' ? globMatcher(w.source) : w)) }));
}

/**
 * Turns a codebook into lookup tables (from `precompiled` terms when a cache has them): every term is filed under its first word (a stem, a
 * surface form, or in a short list of wildcards), so coding a token costs one map lookup per
 * distinct word, whatever the number of themes.
 */
export function compileCodebook(codebook: Codebook, precompiled?: Term[]): CompiledCodebook {
  const stem = createStemmer(codebook.options.stemmer);
  const terms = precompiled ?? compileTerms(codebook, stem);

  const byStem = new Map<string, Term[]>();
  const bySurface = new Map<string, Term[]>();
  const byWildcard: Term[] = [];
  const file = (index: Map<string, Term[]>, key: string, term: Term) => {
    const list = index.get(key);
    if (list) list.push(term);
    else index.set(key, [term]);
  };
  for (const term of terms) {
    const first = term.words[0];
    if (!first) continue;
    if (first.type === 'stem') file(byStem, first.value, term);
    else if (first.type === 'surface') file(bySurface, first.value, term);
    else byWildcard.push(term);
  }

  const infos = new Map<string, WordInfo>();
  const wordInfo = (word: string): WordInfo => {
    let info = infos.get(word);
    if (info) return info;
    const s = stem(word);
    const starts = [...(byStem.get(s) ?? []), ...(bySurface.get(word) ?? [])];
    for (const term of byWildcard) {
      if (matchesWord(term.words[0] as WordMatcher, word, s)) starts.push(term);
    }
    info = { word, stem: s, starts, negates: word.endsWith("n't") };
    infos.set(word, info);
    return info;
  };

  return {
    codebook,
    themes: codebook.themes,
    negationWindow: codebook.options.negationWindow,
    stem,
    wordInfo,
    lookups: new WordLookups(wordInfo),
    regexes: terms.filter((t) => t.kind === 'regex').map((term) => ({ term, pattern: compileRegex(term.source) })),
    nearRules: terms.filter((t) => t.kind === 'near'),
    weighs: codebook.themes.map((t) => t.threshold !== 1 || Object.keys(t.weights).length > 0),
    buffer: new TokenBuffer(),
    detail: 'spans',
  };
}

/**
 * What each word of the span being coded is, filled as `scanTokens` finds the words (its visitor),
 * with the words where a rule can start or that negate listed in `found`: coding visits only those
 * again. Reused from span to span, like the token buffer.
 */
export class WordLookups implements WordVisitor {
  /** The info of each word of the span, by its index. */
  readonly infos: WordInfo[] = [];
  found = new Int32Array(1024);
  foundCount = 0;
  /** Plain words met so far, found by their span of the text and hash without slicing them out. */
  private readonly plainWords = new WordTable<WordInfo>();

  constructor(private readonly wordInfo: (word: string) => WordInfo) {}

  /** Forgets the last span's words. */
  reset(): void {
    this.foundCount = 0;
  }

  word(text: string, index: number, start: number, end: number, hash: number, plain: boolean): void {
    let info: WordInfo | undefined;
    if (!plain) info = this.wordInfo(wordAt(text, start, end));
    else {
      info = this.plainWords.get(text, start, end, hash);
      if (!info) {
        info = this.wordInfo(wordAt(text, start, end));
        this.plainWords.set(info.word, hash, info);
      }
    }
    this.infos[index] = info;
    if (info.starts.length === 0 && !info.negates) return;
    if (this.foundCount === this.found.length) {
      const grown = new Int32Array(this.found.length * 2);
      grown.set(this.found);
      this.found = grown;
    }
    this.found[this.foundCount++] = index;
  }
}

export function matchesWord(matcher: WordMatcher, word: string, stem: string): boolean {
  switch (matcher.type) {
    case 'stem':
      return matcher.value === stem;
    case 'surface':
      return matcher.value === word;
    case 'prefix':
      return word.startsWith(matcher.value);
    case 'glob':
      return matcher.regex.test(word);
    case 'any':
      return true;
  }
}
