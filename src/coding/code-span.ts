import { matchesWord, type CompiledCodebook, type Term, type WordInfo } from '../codebook/compile.js';
import type { LinearRegex } from '../codebook/regex.js';
import { scanTokens, wordAt, type TokenBuffer } from '../text/tokenize.js';
import type { Gap } from '../transcript/types.js';

/** Shared, never written: what a hit records when the coding asked for less detail. */
const NONE: string[] = Object.freeze([]) as unknown as string[];
const NO_SPANS: [number, number][] = Object.freeze([]) as unknown as [number, number][];
/** Shared, never written: the themes of a segment with none. */
const NO_THEMES: ThemeHits[] = Object.freeze([]) as unknown as ThemeHits[];
/** Scratch for a segment's themes while they are found: codeSpan is never re-entered (it calls nothing that codes). */
const foundThemes: ThemeHits[] = [];

/** One theme's evidence in one segment. */
export interface ThemeHits {
  /** Index into the compiled codebook's themes. */
  theme: number;
  hits: number;
  negated: number;
  /** The matched words as they appear (lower-cased), distinct, in order of first appearance. */
  terms: string[];
  /** Each hit's `[start, end)` character offsets in the text, in order. */
  spans: [number, number][];
  /** The rule (as written) behind each hit, parallel to `spans`. */
  rules: string[];
}

export interface SpanCoding {
  words: number;
  /** Themes with at least one hit, in codebook order (shared when empty, so read-only). */
  themes: readonly ThemeHits[];
}

interface Match {
  term: Term;
  from: number;
  /** Exclusive token index. */
  to: number;
}

function matchAt(term: Term, count: number, infos: WordInfo[], at: number): number {
  const { words } = term;
  if (at + words.length > count) return -1;
  for (let k = 1; k < words.length; k++) {
    const info = infos[at + k] as WordInfo;
    if (!matchesWord(words[k]!, info.word, info.stem)) return -1;
  }
  return at + words.length;
}

/**
 * A stable in-place sort for the few hits of a segment: Array.prototype.sort copies its input
 * to a scratch array on every call, which for lists this short costs more than the sorting.
 */
function sortSmall<T>(list: T[], compare: (a: T, b: T) => number): void {
  if (list.length > 32) {
    list.sort(compare);
    return;
  }
  for (let i = 1; i < list.length; i++) {
    const item = list[i] as T;
    let j = i - 1;
    while (j >= 0 && compare(list[j] as T, item) > 0) {
      list[j + 1] = list[j] as T;
      j--;
    }
    list[j + 1] = item;
  }
}

/** Calls `visit` on each part of `[start, end)` between its gaps, numbered from 0. */
export function forEachPart(start: number, end: number, gaps: readonly Gap[], visit: (from: number, to: number, part: number) => void): void {
  let from = start;
  let part = 0;
  for (const gap of gaps) {
    visit(from, gap.start, part++);
    from = gap.end;
  }
  visit(from, end, part);
}

const byTheme = (a: Match, b: Match) => a.term.theme - b.term.theme;
const byStart = (a: Match, b: Match) => a.from - b.from;

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
export function codeSpan(compiled: CompiledCodebook, text: string, start: number, end: number, gaps?: readonly Gap[]): SpanCoding {
  const { buffer, lookups } = compiled;
  lookups.reset();
  if (gaps === undefined) scanTokens(text, start, end, buffer, lookups);
  else forEachPart(start, end, gaps, (from, to, i) => scanTokens(text, from, to, buffer, lookups, i > 0));
  const count = buffer.count;
  // Hits and exclusions of every theme in one list each, in the order found: most segments
  // have a handful, and a list per theme per segment was most of what coding allocated.
  const hits: Match[] = [];
  let excludes: Match[] | undefined;
  let nearParts: Match[] | undefined;
  let negationEnds: Uint8Array | undefined;

  // One lookup per word as it was scanned: its stem and the terms that can start at it. Only the
  // words where a rule can start (or that negate) are visited again.
  const { infos, found, foundCount } = lookups;
  for (let f = 0; f < foundCount; f++) {
    const i = found[f] as number;
    const info = infos[i] as WordInfo;
    if (info.negates) (negationEnds ??= new Uint8Array(count))[i] = 1;
    if (info.starts.length === 0) continue;
    for (const term of info.starts) {
      const to = matchAt(term, count, infos, i);
      if (to < 0) continue;
      if (term.kind === 'negation') (negationEnds ??= new Uint8Array(count))[to - 1] = 1;
      else if (term.kind === 'exclude') (excludes ??= []).push({ term, from: i, to });
      else if (term.kind === 'nearPart') (nearParts ??= []).push({ term, from: i, to });
      else hits.push({ term, from: i, to });
    }
  }
  for (const { term, pattern } of compiled.regexes) {
    if (gaps === undefined) for (const m of regexMatches(pattern, text, start, end, buffer)) hits.push({ term, ...m });
    else
      forEachPart(start, end, gaps, (from, to) => {
        for (const m of regexMatches(pattern, text, from, to, buffer)) hits.push({ term, ...m });
      });
  }
  if (nearParts) for (const m of nearHits(compiled, nearParts)) hits.push(m);

  if (hits.length === 0) return { words: count, themes: NO_THEMES };
  const themes = foundThemes;
  themes.length = 0;
  // Stable: within a theme, hits keep the order they were found in.
  if (hits.length > 1) sortSmall(hits, byTheme);
  for (let first = 0; first < hits.length;) {
    const theme = hits[first]!.term.theme;
    let last = first;
    while (last < hits.length && hits[last]!.term.theme === theme) last++;
    const found = themeHits(compiled, text, hits, first, last, excludes, negationEnds);
    if (found) themes.push(found);
    first = last;
  }
  // Copied to an array of its own length: a large document keeps hundreds of thousands of these.
  return { words: count, themes: themes.length === 0 ? NO_THEMES : themes.slice() };
}

/**
 * The hits of `near` rules: for each rule, its two terms found within its window of each other,
 * in either order and not overlapping; a hit covers both and the words between (one per rule).
 */
function nearHits(compiled: CompiledCodebook, parts: Match[]): Match[] {
  const byRule = new Map<number, [Match[], Match[]]>();
  for (const m of parts) {
    const near = m.term.near as NonNullable<Term['near']>;
    let found = byRule.get(near.rule);
    if (!found) byRule.set(near.rule, (found = [[], []]));
    found[near.part].push(m);
  }
  const hits: Match[] = [];
  for (const [rule, [firsts, seconds]] of byRule) {
    for (const a of firsts) {
      const window = (a.term.near as NonNullable<Term['near']>).window;
      const b = seconds.find((b) => (b.from >= a.to ? b.from - a.to : a.from >= b.to ? a.from - b.to : window + 1) <= window);
      if (!b) continue;
      hits.push({ term: compiled.nearRules[rule] as Term, from: Math.min(a.from, b.from), to: Math.max(a.to, b.to) });
      break;
    }
  }
  return hits;
}

/** Whether one of the theme's exclusions ("NHS trust") covers the hit. */
function excluded(m: Match, excludes: Match[] | undefined): boolean {
  return excludes !== undefined && excludes.some((x) => x.term.theme === m.term.theme && x.from <= m.from && m.to <= x.to);
}

/** A hit's words as they appear: a one-word hit's form as looked up; longer ones with their spacing folded. */
function surfaceOf(m: Match, text: string, span: [number, number], infos: WordInfo[]): string {
  return m.to - m.from === 1 ? (infos[m.from] as WordInfo).word : wordAt(text, span[0], span[1]).replace(/\s+/g, ' ');
}

/**
 * One theme's hits in a segment, `hits[first, last)`: exclusions dropped, the longest of
 * overlapping hits kept. Most themes have one hit in a segment, which needs no choosing (and
 * none of the lists choosing takes: they were most of what coding allocated).
 */
function themeHits(
  compiled: CompiledCodebook,
  text: string,
  hits: Match[],
  first: number,
  last: number,
  excludes: Match[] | undefined,
  negationEnds: Uint8Array | undefined,
): ThemeHits | undefined {
  const { buffer } = compiled;
  const { infos } = compiled.lookups;
  const theme = hits[first]!.term.theme;
  let chosen: Match[];
  if (last - first === 1) {
    const only = hits[first] as Match;
    if (excluded(only, excludes)) return undefined;
    chosen = [only];
  } else {
    const kept = hits.slice(first, last).filter((m) => !excluded(m, excludes));
    if (kept.length > 1) sortSmall(kept, byLengthThenStart);
    chosen = [];
    for (const m of kept) {
      if (!chosen.some((c) => m.from < c.to && c.from < m.to)) chosen.push(m);
    }
    if (chosen.length === 0) return undefined;
    if (chosen.length > 1) sortSmall(chosen, byStart);
  }
  // Evidence weighed: a theme with a threshold needs enough of it, not any one passing word.
  if (compiled.weighs[theme]) {
    let weighed = 0;
    for (const m of chosen) weighed += m.term.weight;
    if (weighed < (compiled.themes[theme] as { threshold: number }).threshold) return undefined;
  }
  const { detail } = compiled;
  const terms: string[] = detail === 'count' ? NONE : [];
  const spans: [number, number][] = detail === 'spans' ? [] : NO_SPANS;
  const rules: string[] = detail === 'spans' ? [] : NONE;
  let negated = 0;
  for (const m of chosen) {
    if (detail !== 'count') {
      const span: [number, number] = [buffer.starts[m.from] as number, buffer.ends[m.to - 1] as number];
      if (detail === 'spans') {
        spans.push(span);
        rules.push(m.term.source);
      }
      const surface = surfaceOf(m, text, span, infos);
      if (!terms.includes(surface)) terms.push(surface);
    }
    if (negationEnds && isNegated(m, buffer, negationEnds, compiled.negationWindow)) negated++;
  }
  // Most hits name one word: an array of its own length rather than one grown by push.
  return { theme, hits: chosen.length, negated, terms: terms.length > 1 ? terms.slice() : terms.length === 1 ? [terms[0] as string] : NONE, spans, rules };
}

/**
 * A negation counts when it ends inside the hit before its last word (a rule such as "lack of
 * trust") or within `window` words before it, with no clause break between.
 */
function isNegated(hit: Match, buffer: TokenBuffer, negationEnds: Uint8Array, window: number): boolean {
  for (let p = hit.to - 2; p >= hit.from; p--) if (negationEnds[p]) return true;
  for (let p = hit.from - 1; p >= 0 && p >= hit.from - window; p--) {
    if (buffer.breaks[p + 1] === 1) return false;
    if (negationEnds[p]) return true;
  }
  return false;
}

/**
 * The matches of a regex rule in `text[start, end)`, as the token spans they cover: a hit then
 * takes part in exclusions and longest-match like any other rule. A match covering no word
 * (punctuation only) is not a hit.
 */
function regexMatches(pattern: LinearRegex, text: string, start: number, end: number, buffer: TokenBuffer): { from: number; to: number }[] {
  const found: { from: number; to: number }[] = [];
  const matcher = pattern.matcher(text.slice(start, end));
  while (matcher.find()) {
    const s = start + matcher.start();
    const e = start + matcher.end();
    let from = 0;
    while (from < buffer.count && (buffer.ends[from] as number) <= s) from++;
    let to = from;
    while (to < buffer.count && (buffer.starts[to] as number) < e) to++;
    if (to > from) found.push({ from, to });
    if (e === s) break;
  }
  return found;
}
