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

/**
 * `text[start, end)` in brackets with up to `words` words either side, white space folded, and
 * `…` where the text goes on (unless `ellipsis` is false): `… we felt there was no [trust] at all …`.
 * Punctuation after the hit keeps to it, as it was written.
 */
export function inContext(text: string, start: number, end: number, words: number, ellipsis = true): string {
  const [before, after] = around(text, start, end, words);
  const hit = text.slice(start, end).replace(/\s+/g, ' ');
  const gap = /^[\p{L}\p{N}]/u.test(after) ? ' ' : '';
  const more = ellipsis ? '…' : '';
  return `${before ? `${more} ${before} `.trimStart() : ''}[${hit}]${after ? `${gap}${after} ${more}`.trimEnd() : ''}`;
}
