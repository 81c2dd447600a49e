import { matchesWord, type CompiledCodebook, type Term } from '../codebook/compile.js';
import { tokenize, type Token } from '../text/tokenize.js';

/** One theme's evidence in one segment. */
export interface ThemeHits {
  /** Index into the compiled codebook's themes. */
  theme: number;
  hits: number;
  negated: number;
  /** The matched words as they appear (lower-cased), distinct, in order of first appearance. */
  terms: string[];
}

export interface SpanCoding {
  words: number;
  /** Themes with at least one hit, in codebook order. */
  themes: ThemeHits[];
}

interface Match {
  term: Term;
  from: number;
  /** Exclusive token index. */
  to: number;
}

function matchAt(term: Term, tokens: Token[], at: number, compiled: CompiledCodebook): number {
  const { words } = term;
  if (at + words.length > tokens.length) return -1;
  for (let k = 1; k < words.length; k++) {
    const token = tokens[at + k] as Token;
    const info = compiled.wordInfo(token.word);
    if (!matchesWord(words[k]!, token.word, info.stem)) return -1;
  }
  return at + words.length;
}

/** Longest first, then earliest: the order in which overlapping hits claim their words. */
function byLengthThenStart(a: Match, b: Match): number {
  return b.to - b.from - (a.to - a.from) || a.from - b.from;
}

/**
 * Codes `text[start, end)`: which themes it evidences, with how many hits and which words.
 * Within a theme, the longest phrase wins where rules overlap and each word counts once; a hit
 * inside one of the theme's exclusions ("NHS trust") is dropped; a hit closely preceded by a
 * negation in the same clause is kept and counted as negated.
 */
export function codeSpan(compiled: CompiledCodebook, text: string, start: number, end: number): SpanCoding {
  const tokens = tokenize(text, start, end);
  const themeCount = compiled.themes.length;
  let hitsByTheme: Match[][] | undefined;
  let excludesByTheme: Match[][] | undefined;
  let negationEnds: Uint8Array | undefined;

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    const info = compiled.wordInfo(token.word);
    if (token.word.endsWith("n't")) (negationEnds ??= new Uint8Array(tokens.length))[i] = 1;
    for (const term of info.starts) {
      const to = matchAt(term, tokens, i, compiled);
      if (to < 0) continue;
      if (term.kind === 'negation') {
        (negationEnds ??= new Uint8Array(tokens.length))[to - 1] = 1;
      } else if (term.kind === 'exclude') {
        excludesByTheme ??= Array.from({ length: themeCount }, () => []);
        excludesByTheme[term.theme]!.push({ term, from: i, to });
      } else {
        hitsByTheme ??= Array.from({ length: themeCount }, () => []);
        hitsByTheme[term.theme]!.push({ term, from: i, to });
      }
    }
  }

  const themes: ThemeHits[] = [];
  if (!hitsByTheme) return { words: tokens.length, themes };
  for (let theme = 0; theme < themeCount; theme++) {
    const candidates = hitsByTheme[theme]!;
    if (candidates.length === 0) continue;
    const excludes = excludesByTheme?.[theme] ?? [];
    const kept = candidates
      .filter((m) => !excludes.some((x) => x.from <= m.from && m.to <= x.to))
      .sort(byLengthThenStart);
    const chosen: Match[] = [];
    for (const m of kept) {
      if (!chosen.some((c) => m.from < c.to && c.from < m.to)) chosen.push(m);
    }
    if (chosen.length === 0) continue;
    chosen.sort((a, b) => a.from - b.from);
    const terms: string[] = [];
    let negated = 0;
    for (const m of chosen) {
      const surface = text
        .slice((tokens[m.from] as Token).start, (tokens[m.to - 1] as Token).end)
        .toLowerCase()
        .replace(/\s+/g, ' ')
        .replace(/[\u2019\u2018]/g, "'");
      if (!terms.includes(surface)) terms.push(surface);
      if (negationEnds && isNegated(m, tokens, negationEnds, compiled.negationWindow)) negated++;
    }
    themes.push({ theme, hits: chosen.length, negated, terms });
  }
  return { words: tokens.length, themes };
}

/**
 * A negation counts when it ends inside the hit before its last word (a rule such as "lack of
 * trust") or within `window` words before it, with no clause break between.
 */
function isNegated(hit: Match, tokens: Token[], negationEnds: Uint8Array, window: number): boolean {
  for (let p = hit.to - 2; p >= hit.from; p--) if (negationEnds[p]) return true;
  for (let p = hit.from - 1; p >= 0 && p >= hit.from - window; p--) {
    if ((tokens[p + 1] as Token).breakBefore) return false;
    if (negationEnds[p]) return true;
  }
  return false;
}
