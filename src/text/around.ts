import { tokenize } from './tokenize.js';

/** Up to `words` words either side of `[start, end)`, white space folded. */
export function around(text: string, start: number, end: number, words: number): [string, string] {
  const before = tokenize(text, Math.max(0, start - words * 40 - 40), start);
  const after = tokenize(text, end, Math.min(text.length, end + words * 40 + 40));
  const first = before[Math.max(0, before.length - words)];
  const last = after[Math.min(after.length, words) - 1];
  const clean = (s: string) => s.replace(/\s+/g, ' ').trim();
  return [first ? clean(text.slice(first.start, start)) : '', last ? clean(text.slice(end, last.end)) : ''];
}
