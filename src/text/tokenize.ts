/** A word in a text: `[start, end)` are UTF-16 offsets into the text that was tokenized. */
export interface Token {
  start: number;
  end: number;
  /** Lower-cased surface form, curly apostrophes folded to `'`. */
  word: string;
  /** A clause break (`.`, `!`, `?`, `;`, `:`, `,`) stands between this token and the previous one. */
  breakBefore: boolean;
}

const NON_ASCII_WORD = /[\p{L}\p{N}\p{M}]/u;

/** ASCII classes by character code: 1 letter or digit, 2 clause break, 0 anything else. */
const ASCII = new Uint8Array(128);
for (let c = 0x30; c <= 0x39; c++) ASCII[c] = 1;
for (let c = 0x41; c <= 0x5a; c++) ASCII[c] = 1;
for (let c = 0x61; c <= 0x7a; c++) ASCII[c] = 1;
for (const c of '.!?;:,') ASCII[c.charCodeAt(0)] = 2;

function isApostrophe(code: number): boolean {
  return code === 0x27 || code === 0x2019 || code === 0x2018 || code === 0x02bc;
}

function isWordChar(code: number, text: string, at: number): boolean {
  if (code < 0x80) return ASCII[code] === 1;
  // Astral characters are tested whole so emoji halves never count as letters.
  const point = text.codePointAt(at) ?? code;
  return NON_ASCII_WORD.test(String.fromCodePoint(point));
}

function charWidth(text: string, at: number): number {
  const code = text.charCodeAt(at);
  return code >= 0xd800 && code <= 0xdbff && at + 1 < text.length ? 2 : 1;
}

/**
 * The words of a span as parallel arrays, refilled for each span so that coding allocates
 * nothing per word. What each word is (its lookup) is left to a `WordVisitor`, which gets the
 * word's FNV-1a hash of its lower-cased form and whether it is plain (lower-case-able ASCII only,
 * so its identity can be checked against the text directly).
 */
export class TokenBuffer {
  count = 0;
  starts = new Int32Array(1024);
  ends = new Int32Array(1024);
  breaks = new Uint8Array(1024);

  push(start: number, end: number, breakBefore: boolean): void {
    if (this.count === this.starts.length) this.grow();
    const i = this.count++;
    this.starts[i] = start;
    this.ends[i] = end;
    this.breaks[i] = breakBefore ? 1 : 0;
  }

  private grow(): void {
    const size = this.starts.length * 2;
    const copy = <T extends Int32Array | Uint8Array>(from: T, to: T): T => {
      to.set(from);
      return to;
    };
    this.starts = copy(this.starts, new Int32Array(size));
    this.ends = copy(this.ends, new Int32Array(size));
    this.breaks = copy(this.breaks, new Uint8Array(size));
  }
}

/** Told of each word as `scanTokens` finds it, so a lookup needs no second pass over the words. */
export interface WordVisitor {
  word(text: string, index: number, start: number, end: number, hash: number, plain: boolean): void;
}

/**
 * Splits `text[from, to)` into words in one pass over the character codes, into `buffer`, telling
 * `visitor` of each word as it ends. Hyphens and slashes split words (`care-home` is `care` +
 * `home`) so that phrases match however a writer joined them; an apostrophe between letters
 * stays inside the word (`didn't`). With `append`, the words go on after those already in the
 * buffer, across a break (the next part of a segment with a gap in it).
 */
export function scanTokens(text: string, from: number, to: number, buffer: TokenBuffer, visitor?: WordVisitor, append = false): void {
  if (!append) buffer.count = 0;
  let i = from;
  let sawBreak = append;
  while (i < to) {
    const code = text.charCodeAt(i);
    if (code < 0x80 ? ASCII[code] !== 1 : !isWordChar(code, text, i)) {
      if (code < 0x80 && ASCII[code] === 2) sawBreak = true;
      i += code < 0x80 ? 1 : charWidth(text, i);
      continue;
    }
    const start = i;
    let plain = true;
    let hash = 0x811c9dc5 | 0;
    while (i < to) {
      let c = text.charCodeAt(i);
      if (c < 0x80) {
        if (ASCII[c] !== 1) {
          // An apostrophe continues the word only when a letter follows it.
          if (c === 0x27 && i + 1 < to && isWordChar(text.charCodeAt(i + 1), text, i + 1)) {
            hash = Math.imul(hash ^ c, 0x01000193);
            i++;
            continue;
          }
          break;
        }
        if (c <= 0x5a && c >= 0x41) c |= 0x20;
        hash = Math.imul(hash ^ c, 0x01000193);
        i++;
        continue;
      }
      if (isWordChar(c, text, i)) {
        plain = false;
        i += charWidth(text, i);
        continue;
      }
      if (isApostrophe(c) && i + 1 < to && isWordChar(text.charCodeAt(i + 1), text, i + 1)) {
        plain = false;
        i++;
        continue;
      }
      break;
    }
    visitor?.word(text, buffer.count, start, i, hash, plain);
    buffer.push(start, i, sawBreak && buffer.count > 0);
    sawBreak = false;
  }
}

/** The lower-cased form of a scanned word, curly apostrophes folded to `'`. */
export function wordAt(text: string, start: number, end: number): string {
  return text
    .slice(start, end)
    .toLowerCase()
    .replace(/[\u2019\u2018\u02bc]/g, "'");
}

/** The number of words in `text[from, to)`, as `scanTokens` finds them, without hashing or storing any. */
export function countWords(text: string, from = 0, to = text.length): number {
  let words = 0;
  let inWord = false;
  let i = from;
  while (i < to) {
    const code = text.charCodeAt(i);
    if (code < 0x80 ? ASCII[code] === 1 : isWordChar(code, text, i)) {
      if (!inWord) words++;
      inWord = true;
    } else if (!(inWord && isApostrophe(code) && i + 1 < to && isWordChar(text.charCodeAt(i + 1), text, i + 1))) {
      // An apostrophe between letters keeps the word going; anything else ends it.
      inWord = false;
    }
    i += code < 0x80 ? 1 : charWidth(text, i);
  }
  return words;
}

/** Splits `text[from, to)` into words (see `scanTokens`), as objects. */
export function tokenize(text: string, from = 0, to = text.length): Token[] {
  const buffer = new TokenBuffer();
  scanTokens(text, from, to, buffer);
  const tokens: Token[] = [];
  for (let k = 0; k < buffer.count; k++) {
    const start = buffer.starts[k] as number;
    const end = buffer.ends[k] as number;
    tokens.push({ start, end, word: wordAt(text, start, end), breakBefore: buffer.breaks[k] === 1 });
  }
  return tokens;
}
