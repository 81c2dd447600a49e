/** A word in a text: `[start, end)` are UTF-16 offsets into the text that was tokenized. */
export interface Token {
  start: number;
  end: number;
  /** Lower-cased surface form, curly apostrophes folded to `'`. */
  word: string;
  /** A clause break (`.`, `!`, `?`, `;`, `:`, `,`) stands between this token and the previous one. */
  breakBefore: boolean;
}

const APOSTROPHES = new Set([0x27, 0x2019, 0x2018, 0x02bc]);
const CLAUSE_BREAKS = new Set([0x2e, 0x21, 0x3f, 0x3b, 0x3a, 0x2c]);
const NON_ASCII_WORD = /[\p{L}\p{N}\p{M}]/u;

function isWordChar(code: number, text: string, at: number): boolean {
  if (code < 0x80) {
    return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39);
  }
  // Astral characters are tested whole so emoji halves never count as letters.
  const point = text.codePointAt(at) ?? code;
  return NON_ASCII_WORD.test(String.fromCodePoint(point));
}

function charWidth(text: string, at: number): number {
  const code = text.charCodeAt(at);
  return code >= 0xd800 && code <= 0xdbff && at + 1 < text.length ? 2 : 1;
}

/**
 * Splits `text[from, to)` into words in one pass over the character codes. Hyphens and slashes
 * split words (`care-home` is `care` + `home`) so that phrases match however a writer joined them;
 * an apostrophe between letters stays inside the word (`didn't`, `people's`).
 */
export function tokenize(text: string, from = 0, to = text.length): Token[] {
  const tokens: Token[] = [];
  let i = from;
  let sawBreak = false;
  while (i < to) {
    const code = text.charCodeAt(i);
    if (!isWordChar(code, text, i)) {
      if (CLAUSE_BREAKS.has(code)) sawBreak = true;
      i += charWidth(text, i);
      continue;
    }
    const start = i;
    let hasApostrophe = false;
    let hasUpperOrCurly = false;
    while (i < to) {
      const c = text.charCodeAt(i);
      if (isWordChar(c, text, i)) {
        if (c >= 0x41 && c <= 0x5a) hasUpperOrCurly = true;
        else if (c >= 0x80) hasUpperOrCurly = true;
        i += charWidth(text, i);
        continue;
      }
      // An apostrophe continues the word only when a letter follows it.
      if (APOSTROPHES.has(c) && i + 1 < to && isWordChar(text.charCodeAt(i + 1), text, i + 1)) {
        hasApostrophe = true;
        if (c !== 0x27) hasUpperOrCurly = true;
        i += 1;
        continue;
      }
      break;
    }
    let word = text.slice(start, i);
    if (hasUpperOrCurly) word = word.toLowerCase();
    if (hasApostrophe && hasUpperOrCurly) word = word.replace(/[\u2019\u2018\u02bc]/g, "'");
    tokens.push({ start, end: i, word, breakBefore: sawBreak && tokens.length > 0 });
    sawBreak = false;
  }
  return tokens;
}

/** Counts the words in `text[from, to)` as `tokenize` sees them. */
export function countWords(text: string, from = 0, to = text.length): number {
  return tokenize(text, from, to).length;
}
