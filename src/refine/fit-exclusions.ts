import { tokenize } from '../text/tokenize.js';
import type { SampleSegment } from './fit-sample.js';

/** The hit with the word before it and the word after it: the phrases an exclusion could name. */
export function phrasesAround(segment: SampleSegment, span: [number, number]): string[] {
  const key = `${span[0]}:${span[1]}`;
  let bySpan = around.get(segment);
  if (!bySpan) around.set(segment, (bySpan = new Map()));
  const known = bySpan.get(key);
  if (known) return known;
  const found = phrasesAt(segment, span);
  bySpan.set(key, found);
  return found;
}

/** Phrases around hits already found, by segment and span: the search asks for them in every fold. */
const around = new WeakMap<SampleSegment, Map<string, string[]>>();

function phrasesAt(segment: SampleSegment, span: [number, number]): string[] {
  const tokens = tokenize(segment.text);
  const first = tokens.findIndex((t) => t.end > span[0]);
  let last = first;
  while (last + 1 < tokens.length && tokens[last + 1]!.start < span[1]) last++;
  if (first < 0) return [];
  const words = (from: number, to: number) =>
    tokens
      .slice(from, to + 1)
      .map((t) => t.word)
      .join(' ');
  const out: string[] = [];
  if (first > 0 && !tokens[first]!.breakBefore) out.push(words(first - 1, last));
  if (last + 1 < tokens.length && !tokens[last + 1]!.breakBefore) out.push(words(first, last + 1));
  return out;
}

/**
 * An exclusion that would cancel a rule's hits in segments the coding leaves out and none in
 * segments it codes: the hit with a neighbouring word (`my phone`), shared by two or more.
 */
export function exclusionFor(other: { segment: SampleSegment; span: [number, number] }[], coded: SampleSegment[], rule: string, theme: number) {
  const counts = new Map<string, number>();
  for (const { segment, span } of other) for (const p of new Set(phrasesAround(segment, span))) counts.set(p, (counts.get(p) ?? 0) + 1);
  const inCoded = new Set<string>();
  for (const s of coded) {
    const hit = s.hits.get(theme)?.find((h) => h.rule === rule);
    if (hit) for (const p of phrasesAround(s, hit.span)) inCoded.add(p);
  }
  let best: { phrase: string; drops: number } | undefined;
  for (const [phrase, drops] of [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (drops >= 2 && !inCoded.has(phrase) && (!best || drops > best.drops)) best = { phrase, drops };
  }
  return best;
}
