import type { Attributes } from '../types.js';
import { PATTERN, type Hit, type Kind, type RawLine, type TurnContext } from './lines.js';
import { roleOf } from './roles.js';
import { BRACKETED_TIME } from './shapes.js';

/** What a lone line before the first turn names when it is a field of the document, not talk. */
const HEADER_FIELD =
  /^(?:name|age|date|day|place|location|venue|site|setting|time|duration|length|gender|sex|ethnicity|role|job|occupation|profession|position|interviewer|interviewee|participant|respondent|pseudonym|id|code|description|profile|title|project|study|transcriber|transcribed by|recorded|recording|organi[sz]ation|service|area|region|mode|interview|transcript|session|focus group|episode|meeting)\b/i;

/** A short name-like value (`Jane Smith`), not speech. */
export function nameLike(value: string): boolean {
  const words = value.trim().split(/\s+/);
  return value.trim() !== '' && words.length <= 4 && !/[.?!]$/.test(value.trim()) && words.every((w) => /^[\p{Lu}\p{N}(]/u.test(w));
}

/** A link, bare or in Markdown's angle brackets (`Agenda: <https://…>`). */
const LINK = /^<?(?:https?:\/\/|www\.)[^\s<>]+>?$/;

/** A time alone, perhaps bracketed (`**Break**: \[28:03\]`). */
const BARE_TIME = new RegExp(`^${BRACKETED_TIME}$`);

/** A value that is a link or a time, never talk: what a marker line (`Agenda: <url>`, `Break: [28:03]`) holds. */
export function markerValue(value: string): 'link' | 'time' | undefined {
  const v = value.trim();
  return LINK.test(v) ? 'link' : BARE_TIME.test(v) ? 'time' : undefined;
}

/** A field's value rather than speech: a name of two words or more (`Leo Balter (LEO)`), a link, or a time alone. */
export function fieldValue(value: string): boolean {
  const v = value.trim();
  return markerValue(v) !== undefined || (nameLike(v) && /\s/.test(v));
}

/** Opening words of talk, not a name: `Interviewer: Good Morning Jack`. */
export const GREETING = /^(?:good (?:morning|afternoon|evening)|hello|hi|hey|welcome|thanks|thank you)\b/i;

/** A header field's value: a named field (`Description: …`), or a short value that is not a sentence (`Hello.` is talk). */
function fieldLike(label: string, value: string): boolean {
  return HEADER_FIELD.test(label) || (value.split(/\s+/).length <= 12 && !/[.?!]["'\u201d]?$/.test(value) && !GREETING.test(value));
}

function headerKey(label: string): string {
  return label
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '');
}

/**
 * The header block: `Name:`, `Age:`, `Place:` lines before the first turn that are not anyone
 * speaking, as attributes, and the lines it takes (the key of initials among them). A block of
 * two fields or more, or a single line that reads as one (`Date: 12 May 2023`), before turns that
 * follow it; a greeting or a sentence is talk, not a field.
 */
export function headerBlock(
  text: string,
  lines: RawLine[],
  kinds: Kind[],
  certain: (hit: Hit) => boolean,
  context: TurnContext,
): { header: Attributes; isHeader: Set<number> } {
  const header: Attributes = {};
  const isHeader = new Set<number>();
  const candidates: number[] = [];
  let firstTurn = kinds.length;
  const valueOf = (i: number, hit: Hit) => text.slice(hit.contentStart, (lines[i] as RawLine).end).trim();
  for (let i = 0; i < kinds.length; i++) {
    const k = kinds[i] as Kind;
    if (k.kind === 'key') {
      isHeader.add(i);
      continue;
    }
    if (k.kind !== 'label') continue;
    const value = valueOf(i, k.hit);
    const plain = !k.hit.weak && !k.hit.timed && k.hit.label !== '' && k.hit.variant !== PATTERN;
    // A speaker's own label before the first turn is a field only with a name (`Interviewer: Jane Smith`).
    const named = nameLike(value) && !GREETING.test(value) && (/\s/.test(value) || roleOf(k.hit.label, undefined, context) === 'interviewer');
    if (plain && fieldLike(k.hit.label, value) && (!certain(k.hit) || named)) {
      candidates.push(i);
      continue;
    }
    if (certain(k.hit)) {
      firstTurn = i;
      break;
    }
  }
  const hitAt = (i: number) => (kinds[i] as { hit: Hit }).hit;
  const fields = candidates.filter((i) => !certain(hitAt(i)));
  const dataLike = (i: number) => {
    const value = valueOf(i, hitAt(i));
    return HEADER_FIELD.test(hitAt(i).label) && value.split(/\s+/).length <= 12 && !/[.?!]["'\u201d]?$/.test(value);
  };
  // One field alone is a header when it reads as data (`Date: 12 May 2023`) or is a link (`Agenda: <https://…>`).
  const single = (i: number) => dataLike(i) || markerValue(valueOf(i, hitAt(i))) === 'link';
  if (firstTurn === kinds.length) return { header, isHeader };
  dashBlocks(text, lines, kinds, firstTurn, header, isHeader);
  titleLine(text, lines, kinds, firstTurn, isHeader);
  if (!(fields.length >= 2 || (fields.length === 1 && single(fields[0] as number)))) return { header, isHeader };
  for (const i of candidates) {
    let value = valueOf(i, hitAt(i));
    isHeader.add(i);
    // A field's value runs on over the lines below it, up to a blank line or the next field.
    for (let j = i + 1; j < firstTurn && (kinds[j] as Kind).kind === 'text'; j++) {
      value += ` ${text.slice((lines[j] as RawLine).start, (lines[j] as RawLine).end).trim()}`;
      isHeader.add(j);
    }
    const key = headerKey(hitAt(i).label);
    if (key !== '' && !(key in header)) header[key] = value;
  }
  return { header, isHeader };
}

/** A dash between a field's name and its value, with space on both sides (`Date – 31st May 2019`); a hyphen inside a word is not one. */
const DASH = /[ \t]+[-\u2013\u2014][ \t]+|[ \t]+[-\u2013\u2014][ \t]*$/;
/** Wide space parting two fields on one line (`Date – 31st May 2019   Time – 11.50 pm`). */
const WIDE_SPACE = /[ \t]{2,}|\t/g;

/**
 * The fields of a line written `Name – value`, several to a line where wide space parts them, or
 * undefined when the line is not only such fields: each name short, capitalised and no sentence.
 */
function dashFields(line: string): [string, string][] | undefined {
  const parts = line.trim().split(new RegExp(DASH.source, 'g'));
  if (parts.length < 2) return undefined;
  const fields: [string, string][] = [];
  let name = parts[0] as string;
  for (let p = 1; p < parts.length; p++) {
    let value = parts[p] as string;
    let next = '';
    if (p < parts.length - 1) {
      // The next field's name follows this value after the last wide space.
      const gaps = [...value.matchAll(WIDE_SPACE)];
      const gap = gaps[gaps.length - 1];
      if (gap?.index === undefined) return undefined;
      next = value.slice(gap.index + gap[0].length);
      value = value.slice(0, gap.index);
    }
    if (!fieldName(name)) return undefined;
    fields.push([name.trim(), value.trim()]);
    name = next;
  }
  return fields;
}

/**
 * A field's name: a few words, the first capitalised, no sentence punctuation and no number
 * (`Current Profile`, `Name`); `Interview 1 – Male, 24` is a title, whose name would make a column
 * of its own in every document.
 */
function fieldName(name: string): boolean {
  const words = name.trim().split(/\s+/);
  return words.length <= 5 && /^\p{Lu}/u.test(name.trim()) && !/[.?!,;:\p{N}]/u.test(name);
}

/**
 * Blocks of `Name – value` lines before the first turn (Word interviews typed by hand), as header
 * fields: a block of lines with nothing else between blank lines, naming at least one field a
 * header names (`Date`, `Name`, `Location`); a sentence with a dash in it is talk.
 */
function dashBlocks(text: string, lines: RawLine[], kinds: Kind[], firstTurn: number, header: Attributes, isHeader: Set<number>): void {
  let i = 0;
  while (i < firstTurn) {
    if ((kinds[i] as Kind).kind !== 'text') {
      i++;
      continue;
    }
    let end = i;
    const found: [string, string][] = [];
    let whole = true;
    for (; end < firstTurn && (kinds[end] as Kind).kind === 'text'; end++) {
      const fields = dashFields(text.slice((lines[end] as RawLine).start, (lines[end] as RawLine).end));
      if (fields) found.push(...fields);
      else whole = false;
    }
    if (whole && found.some(([name, value]) => HEADER_FIELD.test(name) && value.split(/\s+/).length <= 12)) {
      for (let j = i; j < end; j++) isHeader.add(j);
      for (const [name, value] of found) {
        const key = headerKey(name);
        if (key !== '' && !(key in header)) header[key] = value;
      }
    }
    i = end;
  }
}

/** A title that opens by naming what the document is (`Interview 3 – care home manager`, `Transcript of…`). */
const TITLE_START =
  /^(?:\S+\s+)?(?:interview|transcript|transcription|focus group|session|episode|oral history)s?(?:\s+(?:\d|#|no\b|with\b|of\b|for\b|[-\u2013\u2014:|])|\s*[-\u2013\u2014:|]|$)/i;

/**
 * A transcript's title: its first line, alone above a blank line before the first turn, short and
 * no sentence, that opens by naming what the document is or is written in title case. It is not talk, and
 * coding it would count the theme words titles are made of.
 */
function titleLine(text: string, lines: RawLine[], kinds: Kind[], firstTurn: number, isHeader: Set<number>): void {
  let i = 0;
  while (i < firstTurn && (kinds[i] as Kind).kind === 'blank') i++;
  if (i >= firstTurn || (kinds[i] as Kind).kind !== 'text' || isHeader.has(i) || (kinds[i + 1] as Kind | undefined)?.kind !== 'blank') return;
  const title = text.slice((lines[i] as RawLine).start, (lines[i] as RawLine).end).trim();
  const words = title.split(/\s+/);
  if (words.length > 15 || /[.?!,;:]["'\u201d]?$/.test(title) || GREETING.test(title)) return;
  const long = words.filter((w) => /^\p{L}{4,}/u.test(w));
  const titleCase = long.length > 0 && long.filter((w) => /^\p{Lu}/u.test(w)).length >= 0.75 * long.length;
  if (TITLE_START.test(title) || titleCase) isHeader.add(i);
}
