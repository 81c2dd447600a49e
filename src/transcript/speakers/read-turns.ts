import type { Attributes, Paragraph } from '../types.js';
import { roleOf, type RoleContext } from './roles.js';
import { BOLD_LABEL, boldName, LABEL_SHAPES, TIME_TAIL, TIMESTAMP_PREFIX, TRAILING_TIME, type LabelHit, type LabelShape } from './shapes.js';

/** What the reader knows before it looks at the body. */
export interface TurnContext extends RoleContext {
  /** Speaker names the front matter lists, lower-cased: they open turns even when used once. */
  speakers: Set<string>;
  /** A user's own label pattern (its first group the label): replaces inference. */
  speakerPattern?: RegExp | undefined;
  markdown: boolean;
}

/** A body read into paragraphs, with what the reader decided about its speakers. */
export interface TurnReading {
  paragraphs: Paragraph[];
  hasSpeakers: boolean;
  /** Each speaker's label as first written, in the order they first speak. */
  speakers: string[];
  /** The label shapes that opened turns, most used first (`Name: text`, `**Name:** text`, …). */
  convention: string[];
  /** Names a key at the top gives labels (`MD - Michelle Drumm`), by lower-cased label. */
  names: Record<string, string>;
  /** Fields of a header block before the first turn (`Name:`, `Age:`, `Place:`), by lower-cased name. */
  header: Attributes;
  /** Lines taken as the header block or the key, not as talk. */
  headerLines: number[];
  /** What the reader could not settle and a researcher should look at. */
  doubts: string[];
}

interface RawLine {
  start: number;
  end: number;
  line: number;
}

interface Hit {
  label: string;
  /** How the label is written, for `qcode speakers` (`timestamp, Name: text`). */
  shape: string;
  /** The shape and its prefixes as a number, and whether the label is timed: what rules are decided by, with the label. */
  variant: number;
  /** Offset in the text where the speech begins. */
  contentStart: number;
  timed: boolean;
  weak: boolean;
}

type Kind =
  | { kind: 'blank' }
  | { kind: 'heading' }
  | { kind: 'skip' }
  | { kind: 'attribution'; perspective: string }
  | { kind: 'key'; label: string; name: string }
  | { kind: 'label'; hit: Hit }
  | { kind: 'text' };

const ATTRIBUTION = [
  /^[-\u2013\u2014\u2015][ \t]*(.{1,60}?)[ \t]+perspective[ \t]*\.?[ \t]*$/iu,
  /^\([ \t]*(.{1,60}?)[ \t]+perspective[ \t]*\)[ \t]*\.?[ \t]*$/iu,
];
const HEADING = /^#{1,6}(?:[ \t]|$)/;
const FOOTER = /^Transcribed by https?:\/\/otter\.ai\b/i;
/** `MD - Michelle Drumm`, `JC: Jane Cole (host)`: a key from initials to names, near the top. */
const KEY = /^([A-Z]{1,4}\d?)[ \t]*([-\u2013\u2014=:])[ \t]*(\p{Lu}[\p{L}'.-]*(?:[ \t]+\p{Lu}[\p{L}'.-]*){0,3})[ \t]*(?:[(,[][^\n]*)?$/u;
const KEY_REGION = 40;
/** Words that start lines in capitals without being anyone's initials. */
const NOT_INITIALS = new Set(['A', 'I', 'OK', 'TV', 'UK', 'US', 'GP', 'GPS', 'NHS', 'CQC', 'AND', 'BUT', 'THE', 'SO', 'NO', 'YES', 'IT', 'WE', 'HE', 'SHE', 'MY', 'IF', 'OR', 'OF', 'IN', 'ON', 'AT', 'TO', 'BE', 'DO', 'AM', 'PM']);
/** What a lone line before the first turn names when it is a field of the document, not talk. */
const HEADER_FIELD =
  /^(?:name|age|date|day|place|location|venue|site|setting|time|duration|length|gender|sex|ethnicity|role|job|occupation|profession|position|interviewer|interviewee|participant|respondent|pseudonym|id|code|description|profile|title|project|study|transcriber|transcribed by|recorded|recording|organi[sz]ation|service|area|region|mode)\b/i;
const INITIALS_LIKE = /^[A-Z]{2,3}[ \t]+[^\s:]/;

/** White space as `trimEnd` sees it, for the common characters (others are rare at a line's end). */
function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 13 || code === 160 || code === 0x3000 || (code >= 0x2000 && code <= 0x200a) || code === 0xfeff;
}

function splitLines(text: string, from: number, firstLine: number): RawLine[] {
  const lines: RawLine[] = [];
  let position = from;
  let line = firstLine;
  while (position <= text.length) {
    const newline = text.indexOf('\n', position);
    const end = newline === -1 ? text.length : newline;
    lines.push({ start: position, end, line: line++ });
    if (newline === -1) break;
    position = newline + 1;
  }
  return lines;
}


const names: string[] = [];

/** The shape's name as `qcode speakers` shows it, made once for each shape and prefixes. */
function shapeName(index: number, timestamp: boolean, bold: boolean): string {
  const key = index * 4 + (timestamp ? 2 : 0) + (bold ? 1 : 0);
  return (names[key] ??= `${timestamp ? 'timestamp, ' : ''}${bold ? 'bold ' : ''}${(LABEL_SHAPES[index] as LabelShape).example}`);
}

/** A user's --speaker-pattern. */
const PATTERN = -1;

/** Answers about a label, worked out once for each label and shape however many lines repeat them. */
class LabelMemo {
  private readonly byVariant = new Map<number, Map<string, boolean>>();

  constructor(private readonly work: (hit: Hit) => boolean) {}

  get(hit: Hit): boolean {
    let byLabel = this.byVariant.get(hit.variant);
    if (!byLabel) this.byVariant.set(hit.variant, (byLabel = new Map()));
    let answer = byLabel.get(hit.label);
    if (answer === undefined) byLabel.set(hit.label, (answer = this.work(hit)));
    return answer;
  }
}

function leadingSpace(text: string): number {
  return text.length - text.trimStart().length;
}

/** The first label shape (after `from`) that matches, with its index. */
function firstShape(text: string, timestamp: boolean, bold: boolean, accept: (hit: LabelHit) => boolean): { index: number; hit: LabelHit } | null {
  for (let index = 0; index < LABEL_SHAPES.length; index++) {
    const shape = LABEL_SHAPES[index] as LabelShape;
    // Bold is never initials, and a bare name after a timestamp is the own-line shape, not bold.
    if ((shape.afterTimestamp && (!timestamp || bold)) || (bold && shape.weak)) continue;
    const hit = shape.match(text);
    if (hit && accept(hit)) return { index, hit };
  }
  return null;
}

/** The label at the start of a line's content, tried after any timestamp and inside any bold. */
function labelAt(content: string, at: number): Hit | null {
  const timestamp = TIMESTAMP_PREFIX.exec(content);
  const offset = timestamp ? timestamp[0].length : 0;
  const rest = timestamp ? content.slice(offset) : content;
  const bold = BOLD_LABEL.exec(rest);
  let found: { index: number; hit: LabelHit } | null;
  let start: number;
  if (bold) {
    const inner = bold[2] as string;
    const closeEnd = bold[0].length;
    const after = rest.slice(closeEnd);
    // The bold part holds the whole label: `**Rob:**`, `**Speaker 1 (00:02)**`, `**Shaun: (00:00:02)**`.
    found = firstShape(inner, timestamp !== null, true, (hit) => hit.contentStart === inner.length || TIME_TAIL.test(inner.slice(hit.contentStart)));
    start = closeEnd + leadingSpace(after);
    if (!found) {
      // Or the name, with its colon or time just after: `**Michael**: text`, `**Daniel Filan** (00:09):`.
      found = firstShape(inner + after, timestamp !== null, true, (hit) => hit.label === inner.trim() && hit.contentStart > inner.length);
      if (found) start = closeEnd + found.hit.contentStart - inner.length;
    }
    // After a timestamp, a bold name needs no colon: `0:00:12.9 **Jen Luker** text`.
    const name = !found && timestamp ? boldName(inner) : undefined;
    if (name !== undefined) {
      return { label: name, shape: 'timestamp, bold **Name** text', variant: LABEL_SHAPES.length * 8, contentStart: at + offset + start, timed: true, weak: false };
    }
  } else {
    found = firstShape(rest, timestamp !== null, false, () => true);
    start = found?.hit.contentStart ?? 0;
  }
  if (!found) return null;
  const { index, hit } = found;
  const timed = hit.timed || timestamp !== null;
  return {
    label: hit.label,
    shape: shapeName(index, timestamp !== null, bold !== null),
    variant: index * 8 + (timestamp ? 4 : 0) + (bold ? 2 : 0) + (timed ? 1 : 0),
    contentStart: at + offset + start,
    timed,
    weak: (LABEL_SHAPES[index] as LabelShape).weak === true,
  };
}

/** Where a line's content starts past white space, or -1 for a blank line. */
function firstVisible(text: string, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (!isSpace(code) && !(code > 0x7f && WHITE.test(text[i] as string))) return i;
  }
  return -1;
}

const WHITE = /\s/;

/** Characters an attribution line (`- Care Home Perspective`, `(Partner perspective)`) can start with. */
const ATTRIBUTION_START = new Set([0x2d, 0x2013, 0x2014, 0x2015, 0x28]);

function classify(text: string, raw: RawLine, context: TurnContext, index: number): Kind {
  const at = raw.start;
  const visible = firstVisible(text, at, raw.end);
  if (visible < 0) return { kind: 'blank' };
  const content = text.slice(at, raw.end);
  if (context.markdown && HEADING.test(content)) return { kind: 'heading' };
  const first = text.charCodeAt(visible);
  // Most lines are talk: the trimmed copy the rarer tests need is made only where they could match.
  if (first === 0x54 /* T */ && FOOTER.test(content.trim())) return { kind: 'skip' };
  if (ATTRIBUTION_START.has(first)) {
    const trimmed = content.trim();
    for (const regex of ATTRIBUTION) {
      const m = regex.exec(trimmed);
      if (m?.[1]) return { kind: 'attribution', perspective: m[1].trim() };
    }
  }
  if (context.speakerPattern) {
    const m = context.speakerPattern.exec(content);
    const label = m?.[1]?.trim();
    if (m && m.index === 0 && label) return { kind: 'label', hit: { label, shape: 'pattern', variant: PATTERN, contentStart: at + m[0].length, timed: false, weak: false } };
    return { kind: 'text' };
  }
  if (index < KEY_REGION) {
    const key = KEY.exec(content.trim());
    const name = key?.[3];
    // The key's initials start as the name does, and a colon needs a full name: `Q: Why?` is a turn.
    if (key && name && key[1]?.[0] === name[0] && !/[.?!]$/.test(name) && (key[2] !== ':' || /\s/.test(name))) {
      return { kind: 'key', label: key[1] as string, name };
    }
  }
  const hit = labelAt(content, at);
  return hit ? { kind: 'label', hit } : { kind: 'text' };
}

/**
 * Initials (no colon) that open turns: read like the first word of a sentence, so only where the
 * document supports them — a key at the top names them (and each is used twice or more: a
 * glossary `GP - General Practitioner` is not a key to `GP cover was good`), or, where no other
 * labels open turns, two or more of them start most lines. `I` and `A` are words, so only a key
 * makes them initials.
 */
function acceptedInitials(kinds: Kind[], names: Map<string, string>, otherLabels: boolean): Set<string> {
  const counts = new Map<string, number>();
  let nonblank = 0;
  for (const k of kinds) {
    if (k.kind !== 'blank') nonblank++;
    if (k.kind === 'label' && k.hit.weak) counts.set(k.hit.label, (counts.get(k.hit.label) ?? 0) + 1);
  }
  if (names.size > 0) return new Set([...counts].filter(([token, n]) => n >= 2 && names.has(token.toLowerCase())).map(([token]) => token));
  if (otherLabels) return new Set();
  const frequent = [...counts].filter(([token, n]) => n >= 3 && !NOT_INITIALS.has(token));
  const lines = frequent.reduce((sum, [, n]) => sum + n, 0);
  return frequent.length >= 2 && lines >= 0.25 * nonblank ? new Set(frequent.map(([token]) => token)) : new Set();
}

/** A short name-like value (`Jane Smith`), not speech. */
function nameLike(value: string): boolean {
  const words = value.trim().split(/\s+/);
  return value.trim() !== '' && words.length <= 4 && !/[.?!]$/.test(value.trim()) && words.every((w) => /^[\p{Lu}\p{N}(]/u.test(w));
}

/** A field's value rather than speech: a name of two words or more (`Leo Balter (LEO)`), or a link. */
function fieldValue(value: string): boolean {
  const v = value.trim();
  return /^(?:https?:\/\/|www\.)\S+$/.test(v) || (nameLike(v) && /\s/.test(v));
}

/** Opening words of talk, not a name: `Interviewer: Good Morning Jack`. */
const GREETING = /^(?:good (?:morning|afternoon|evening)|hello|hi|hey|welcome|thanks|thank you)\b/i;

/** A header field's value: a named field (`Description: …`), or a short value that is not a sentence (`Hello.` is talk). */
function fieldLike(label: string, value: string): boolean {
  return HEADER_FIELD.test(label) || (value.split(/\s+/).length <= 12 && !/[.?!]["'\u201d]?$/.test(value) && !GREETING.test(value));
}

function headerKey(label: string): string {
  return label.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '_').replace(/^_+|_+$/g, '');
}

/**
 * The header block: `Name:`, `Age:`, `Place:` lines before the first turn that are not anyone
 * speaking, as attributes, and the lines it takes (the key of initials among them). A block of
 * two fields or more, or a single line that reads as one (`Date: 12 May 2023`), before turns that
 * follow it; a greeting or a sentence is talk, not a field.
 */
function headerBlock(text: string, lines: RawLine[], kinds: Kind[], certain: (hit: Hit) => boolean, context: TurnContext): { header: Attributes; isHeader: Set<number> } {
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
  if (firstTurn === kinds.length || !(fields.length >= 2 || (fields.length === 1 && dataLike(fields[0] as number)))) return { header, isHeader };
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

/**
 * Whether a body may open with a header block, for the prescan, which reads a file whole only
 * then: not when its first line is an interviewer's question, as most transcripts open — the
 * reader then takes that line as the first turn, with nothing before it to be a header.
 */
export function mayOpenWithHeader(text: string, bodyStart: number, context: TurnContext): boolean {
  const lines = splitLines(text, bodyStart, 1);
  const first = lines.find((raw) => firstVisible(text, raw.start, raw.end) >= 0);
  if (!first) return false;
  const kind = classify(text, first, context, 0);
  if (kind.kind !== 'label' || kind.hit.weak) return true;
  const value = text.slice(kind.hit.contentStart, first.end).trim();
  return roleOf(kind.hit.label, undefined, context) !== 'interviewer' || (nameLike(value) && !GREETING.test(value));
}

/**
 * Reads the body of a plain-text, Markdown or Word transcript into paragraphs and speaker turns.
 * Every line is tried against the label shapes (`shapes.ts`); which labels really open turns is
 * decided from the whole document: a label used twice or more, a timed label where timed labels
 * are the habit, a label the front matter or a key names, an interviewer label. A label-shaped
 * line used once (`Plan P: New approaches`) stays text and is reported; `Name:` lines before the
 * first turn that are not speakers (`Age: 54`) are the document's header, not talk.
 */
export function readTurns(text: string, bodyStart: number, firstLine: number, context: TurnContext): TurnReading {
  const lines = splitLines(text, bodyStart, firstLine);
  const kinds = lines.map((raw, i) => classify(text, raw, context, i));
  // A bare name after a timestamp is Word's label only with its talk below: `[00:00:11] Yes` is talk.
  kinds.forEach((k, i) => {
    if (k.kind !== 'label' || !LABEL_SHAPES[Math.floor(k.hit.variant / 8)]?.afterTimestamp) return;
    let next = i + 1;
    while (kinds[next]?.kind === 'blank') next++;
    if (kinds[next]?.kind !== 'text') kinds[i] = { kind: 'text' };
  });

  const names = new Map<string, string>();
  for (const k of kinds) if (k.kind === 'key') names.set(k.label.toLowerCase(), k.name);

  // Counted by the label as written, then folded to lower case: far fewer labels than lines.
  const written = new Map<string, number>();
  // Labels every one of whose lines holds a name or a link (`Presenter: Leo Balter (LEO)`): fields of a document of several parts, not speech.
  const talking = new Set<string>();
  // Timed labels of each shape: where they are the habit, one used once is a speaker too.
  const timedHits = new Map<number, number>();
  kinds.forEach((k, i) => {
    if (k.kind !== 'label' || k.hit.weak) return;
    const { label } = k.hit;
    written.set(label, (written.get(label) ?? 0) + 1);
    if (k.hit.timed) timedHits.set(k.hit.variant, (timedHits.get(k.hit.variant) ?? 0) + 1);
    if (!talking.has(label) && (k.hit.timed || !fieldValue(text.slice(k.hit.contentStart, (lines[i] as RawLine).end)))) talking.add(label);
  });
  const counts = new Map<string, number>();
  for (const [label, n] of written) counts.set(label.toLowerCase(), (counts.get(label.toLowerCase()) ?? 0) + n);
  const talks = new Set([...talking].map((label) => label.toLowerCase()));
  const initials = acceptedInitials(kinds, names, [...counts.values()].some((n) => n >= 2));
  const repeatedFields = new LabelMemo((hit) => !hit.weak && hit.label !== '' && (counts.get(hit.label.toLowerCase()) ?? 0) >= 2 && !talks.has(hit.label.toLowerCase()));
  const isField = (hit: Hit) => repeatedFields.get(hit);
  const known = (label: string) => {
    const key = label.toLowerCase();
    return context.speakers.has(key) || names.has(key) || roleOf(label, names.get(key), context) === 'interviewer';
  };
  // Labels that open turns whatever else the document holds.
  const certainty = new LabelMemo((hit) => {
    if (hit.variant === PATTERN || hit.label === '') return true;
    if (isField(hit)) return false;
    if (hit.weak) return initials.has(hit.label);
    return (counts.get(hit.label.toLowerCase()) ?? 0) >= 2 || known(hit.label) || (hit.timed && (timedHits.get(hit.variant) ?? 0) >= 2);
  });
  const certain = (hit: Hit) => certainty.get(hit);
  // A label used once opens a turn only in a shape the document's other speakers use: a focus
  // group's quiet member, not `Jean:` in a panel labelled by initials, nor `Plan P: New approaches`.
  const habits = new Set<string>();
  for (const k of kinds) if (k.kind === 'label' && certain(k.hit)) habits.add(k.hit.shape);

  const { header, isHeader } = headerBlock(text, lines, kinds, certain, context);
  const headerLines: number[] = [];
  for (const i of isHeader) headerLines.push((lines[i] as RawLine).line);
  headerLines.sort((a, b) => a - b);
  // Where the front matter lists the speakers, a label used once must be one of them.
  const opensTurn = (hit: Hit): boolean => certain(hit) || (!hit.weak && !isField(hit) && habits.has(hit.shape) && context.speakers.size === 0);
  const opening = new LabelMemo(opensTurn);
  const opensTurnOnce = (hit: Hit) => opening.get(hit);

  const paragraphs: Paragraph[] = [];
  const speakers: string[] = [];
  // Labels as written and folded, so a new turn costs a set lookup, not a scan of the speakers.
  const seenAsWritten = new Set<string>();
  const spoken = new Set<string>();
  const shapes = new Map<string, number>();
  const oneOffs: string[] = [];
  let open: Paragraph | null = null;
  let speaker: string | null = null;
  let turn: number | null = null;
  let turns = 0;
  let blanksSinceParagraph = 0;
  const close = () => {
    if (open) paragraphs.push(open);
    open = null;
  };
  lines.forEach((raw, i) => {
    const kind = kinds[i] as Kind;
    if (kind.kind === 'blank' || kind.kind === 'skip') {
      close();
      blanksSinceParagraph++;
      return;
    }
    if (kind.kind === 'heading' || isHeader.has(i) || kind.kind === 'key' || (kind.kind === 'label' && isField(kind.hit))) {
      close();
      if (kind.kind === 'heading') {
        speaker = null;
        turn = null;
      }
      blanksSinceParagraph = 2;
      return;
    }
    const previous = paragraphs[paragraphs.length - 1];
    const target = open ?? (blanksSinceParagraph <= 1 ? previous : undefined);
    if (kind.kind === 'attribution' && target && target.attribution === null) {
      close();
      target.attribution = kind.perspective;
      blanksSinceParagraph = 2;
      return;
    }
    const at = raw.start;
    let contentStart: number;
    if (kind.kind === 'label' && opensTurnOnce(kind.hit)) {
      close();
      const { label } = kind.hit;
      shapes.set(kind.hit.shape, (shapes.get(kind.hit.shape) ?? 0) + 1);
      // The same speaker labelled again (Otter and others repeat the label on every paragraph) goes on with the turn.
      if (label !== '' && (speaker === null || (speaker !== label && speaker.toLowerCase() !== label.toLowerCase()) || turn === null)) {
        speaker = label;
        turn = turns++;
        if (!seenAsWritten.has(label)) {
          seenAsWritten.add(label);
          if (!spoken.has(label.toLowerCase())) speakers.push(label);
          spoken.add(label.toLowerCase());
        }
      }
      contentStart = kind.hit.contentStart;
    } else {
      if (kind.kind === 'label' && !kind.hit.weak && kind.hit.label !== '') {
        oneOffs.push(`label '${kind.hit.label}' used once (line ${raw.line}), read as talk of the turn it is in`);
      }
      const content = text.slice(at, raw.end);
      contentStart = at + (content.length - content.trimStart().length);
    }
    let contentEnd = raw.end;
    while (contentEnd > contentStart && isSpace(text.charCodeAt(contentEnd - 1))) contentEnd--;
    if (text.charCodeAt(contentEnd - 1) === 35 /* # */) contentEnd = contentStart + text.slice(contentStart, contentEnd).replace(TRAILING_TIME, '').length;
    blanksSinceParagraph = 0;
    if (contentEnd <= contentStart) return;
    if (open) (open as Paragraph).end = contentEnd;
    else open = { start: contentStart, end: contentEnd, line: raw.line, speaker, turn, attribution: null };
  });
  close();

  // One-off labels only matter where there are turns for them to have been.
  const doubts = turns > 0 ? oneOffs.slice(0, 3) : [];
  if (turns > 0 && oneOffs.length > 3) doubts.push(`${oneOffs.length - 3} more labels used once, read as talk`);
  if (turns === 0) {
    const capitals = kinds.reduce((n, k, i) => n + ((k.kind === 'text' || k.kind === 'label') && INITIALS_LIKE.test(text.slice((lines[i] as RawLine).start, (lines[i] as RawLine).end).trimStart()) ? 1 : 0), 0);
    if (capitals >= 10) doubts.push(`no speaker labels found, but ${capitals} lines start with two or three capitals: are they initials? (a key such as 'MD - Mary Doe' at the top, or --speaker-pattern, reads them)`);
  }
  const convention = [...shapes].sort((a, b) => b[1] - a[1]).map(([s]) => s);
  if (initials.size > 0 && names.size > 0) convention.push('with a key of initials');
  return { paragraphs, hasSpeakers: turns > 0, speakers, convention, names: Object.fromEntries(names), header, headerLines, doubts };
}
