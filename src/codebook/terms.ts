import { tokenize } from '../text/tokenize.js';

/** How one word of a rule is compared with one word of a transcript. */
export type WordMatcher =
  | { type: 'stem'; value: string }
  | { type: 'surface'; value: string }
  | { type: 'prefix'; value: string }
  | { type: 'glob'; source: string; regex: RegExp }
  | { type: 'any' };

const WORD_PIECE = /[\p{L}\p{N}\p{M}'\u2019*]+/gu;
// A pattern is tested against one word (letters, digits and apostrophes only), so `*` can be
// `.*`: no Unicode class to compile, which showed in the start-up profile.
const WILDCARD_FILL = '.*';

/** The words of a rule as the tokenizer would see them (so `care-home` is two words). */
export function ruleWords(rule: string): string[] {
  return tokenize(rule).map((t) => t.word);
}

/** The words of a wildcard rule, keeping `*` (which the tokenizer would drop). */
export function patternWords(rule: string): string[] {
  return (rule.match(WORD_PIECE) ?? [])
    .map((w) =>
      w
        .toLowerCase()
        .replace(/\u2019/g, "'")
        .replace(/^'+|'+$/g, ''),
    )
    .filter((w) => w.length > 0);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A matcher for one word of a `patterns` rule: `*` stands for any run of letters. */
export function globMatcher(word: string): WordMatcher {
  if (word === '*' || /^\*+$/.test(word)) return { type: 'any' };
  if (!word.includes('*')) return { type: 'surface', value: word };
  if (word.indexOf('*') === word.length - 1) return { type: 'prefix', value: word.slice(0, -1) };
  const body = word.split('*').map(escapeRegex).join(WILDCARD_FILL);
  return { type: 'glob', source: word, regex: new RegExp(`^${body}$`) };
}

const NEAR = /^(.+?)\s+NEAR(?:\/(\d{1,3}))?\s+(.+)$/;

/** A `near` rule's two terms and the most words that may stand between them (5 unless `NEAR/N` says). */
export function parseNear(rule: string): { parts: [string, string]; window: number } | undefined {
  const m = NEAR.exec(rule.trim());
  if (!m) return undefined;
  const [a, b] = [(m[1] as string).trim(), (m[3] as string).trim()];
  const window = m[2] === undefined ? 5 : Number(m[2]);
  if (/\bNEAR\b/.test(b) || ruleWords(a).length === 0 || ruleWords(b).length === 0 || window < 1 || window > 50) return undefined;
  return { parts: [a, b], window };
}
