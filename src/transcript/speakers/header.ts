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
  if (firstTurn === kinds.length || !(fields.length >= 2 || (fields.length === 1 && single(fields[0] as number)))) return { header, isHeader };
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
