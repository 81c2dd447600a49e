import {
  BOLD_LABEL,
  boldName,
  BRACKETED_TIME,
  DURATION,
  LABEL_SHAPES,
  REPLY,
  TIME,
  TIME_TAIL,
  TIMESTAMP_PREFIX,
  type LabelHit,
  type LabelShape,
} from './shapes.js';
import type { RoleContext } from './roles.js';

// How each line of a transcript's body reads — blank, heading, attribution, a key of initials, a
// label, or text — before the document as a whole decides which labels open turns (read-turns.ts).

/** What the reader knows before it looks at the body. */
export interface TurnContext extends RoleContext {
  /** Speaker names the front matter lists, lower-cased: they open turns even when used once. */
  speakers: Set<string>;
  /** A user's own label pattern (its first group the label): replaces inference. */
  speakerPattern?: RegExp | undefined;
  markdown: boolean;
}

export interface RawLine {
  start: number;
  end: number;
  line: number;
}

export interface Hit {
  label: string;
  /** How the label is written, for `qcode speakers` (`timestamp, Name: text`). */
  shape: string;
  /** The shape and its prefixes as a number, and whether the label is timed: what rules are decided by, with the label. */
  variant: number;
  /** Offset in the text where the speech begins. */
  contentStart: number;
  timed: boolean;
  weak: boolean;
  /** What the label says the speaker is (`Leo Dion (host)`: `host`). */
  role?: string | undefined;
}

export type Kind =
  | { kind: 'blank' }
  | { kind: 'heading' }
  | { kind: 'skip' }
  | { kind: 'attribution'; perspective: string }
  | { kind: 'key'; keys: { label: string; name: string }[] }
  | { kind: 'label'; hit: Hit }
  | { kind: 'text' };

const ATTRIBUTION = [
  /^[-\u2013\u2014\u2015][ \t]*(.{1,60}?)[ \t]+perspective[ \t]*\.?[ \t]*$/iu,
  /^\([ \t]*(.{1,60}?)[ \t]+perspective[ \t]*\)[ \t]*\.?[ \t]*$/iu,
];
const HEADING = /^#{1,6}(?:[ \t]|$)/;

/** A caption cue's timing line, with any cue settings after it (`align:start`), and nothing else: talk after a timing is talk. */
const CUE_TIMING = new RegExp(`^[ \\t]*${TIME}[ \\t]+-->[ \\t]+${TIME}(?:[ \\t]+[\\w-]+:\\S+)*[ \\t]*$`);

/**
 * A Markdown heading, or an Otter label a blog rendered as one (`### Chris Ward  0:55`, the talk
 * below): a heading that is nothing but a timed label speaks.
 */
function headingKind(content: string, at: number): Kind {
  const marks = /^#{1,6}[ \t]+/.exec(content);
  if (!marks) return { kind: 'heading' };
  const hit = labelAt(content.slice(marks[0].length), at + marks[0].length);
  if (hit && hit.timed && hit.label !== '' && content.slice(hit.contentStart - at).trim() === '') return { kind: 'label', hit };
  // A heading per turn (`### Interviewer`): a name alone, which `readTurns` keeps only where names recur so.
  const heading = content.slice(marks[0].length).replace(/[ \t#]+$/, '');
  // Or its time: `### You (2025-04-21T20:01:45.545Z)`, Granola's meeting notes.
  const stamp = HEADING_STAMP.exec(heading);
  const stamped = stamp ? boldName(stamp[1] as string) : undefined;
  if (stamped !== undefined)
    return {
      kind: 'label',
      hit: {
        label: stamped,
        shape: '### Name (time), the text below (Markdown)',
        variant: HEADING_NAME,
        contentStart: at + content.length,
        timed: true,
        weak: false,
      },
    };
  // The name may carry its role in brackets: `## Jon Swan (GM)`.
  const role = /^(.+?)[ \t]*\([^()]{1,30}\)$/.exec(heading);
  const name = boldName(heading) ?? (role && boldName(role[1] as string) !== undefined ? heading : undefined);
  if (name !== undefined)
    return {
      kind: 'label',
      hit: { label: name, shape: '### Name, the text below (Markdown)', variant: HEADING_NAME, contentStart: at + content.length, timed: false, weak: false },
    };
  return { kind: 'heading' };
}

/** A heading's name and its time or ISO date-time in brackets: `### Guest (2025-04-21T20:01:56.985Z)`. */
const HEADING_STAMP = new RegExp(`^(.+?)[ \\t]*\\((?:\\d{4}-\\d{2}-\\d{2}(?:[T ]${TIME}Z?)?|${TIME})\\)$`);

/** What may follow a bold name before its talk: a time in brackets, `**Emma** [0:00] text`. */
const BOLD_TIME = new RegExp(`^[ \\t]*(?:\\\\?[[(](${TIME})\\\\?[\\])][ \\t]*)?`);
const FOOTER = /^Transcribed by https?:\/\/otter\.ai\b/i;
const TIME_ALONE = new RegExp(`^[ \\t]*${BRACKETED_TIME}[ \\t]*$`);
const DURATION_LINE = new RegExp(`^[ \\t]*${DURATION}(?:${TIME})?[ \\t]*$`);
const RULE = /^[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
/** `MD - Michelle Drumm`, `JC: Jane Cole (host)`: a key from initials to names, near the top. */
const KEY = /^\[?([A-Z]{1,4}\d?)\]?[ \t]*([-\u2013\u2014=:])[ \t]*(\p{Lu}[\p{L}'.-]*(?:[ \t]+\p{Lu}[\p{L}'.-]*){0,3})[ \t]*([(,[][^\n]*)?$/u;
const KEY_REGION = 40;

/** White space as `trimEnd` sees it, for the common characters (others are rare at a line's end). */
export function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 13 || code === 160 || code === 0x3000 || (code >= 0x2000 && code <= 0x200a) || code === 0xfeff;
}

export function splitLines(text: string, from: number, firstLine: number): RawLine[] {
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
export const PATTERN = -1;

/** Labels read outside the registry, by variant: a bold name after a timestamp (`0:00:12.9 **Jen Luker** text`). */
const BOLD_AFTER_TIME = LABEL_SHAPES.length * 8;
/**
 * A bold name without a colon (`**Interviewer** text`), and a heading per turn (`### Interviewer`,
 * the talk below): emphasis and sections look the same, so these open turns only where the
 * document takes its turns that way (`readTurns` decides).
 */
export const BOLD_NAME = BOLD_AFTER_TIME + 8;
export const HEADING_NAME = BOLD_AFTER_TIME + 16;
/** A name alone on a line and its time alone on the next, the talk below: Zoom's web transcript, copied. */
export const NAME_THEN_TIME = BOLD_AFTER_TIME + 24;
/** A name alone on its line, the talk below, no time (Otter's export without times, Word's `Speaker 1`): see `bareName`. */
export const BARE_NAME = BOLD_AFTER_TIME + 32;

const CLOCK = new RegExp(`^[ \\t]*${TIME}[ \\t]*$`);

/**
 * Lines `i` and `i + 1` as a name and its time (`John Rachlin`, then `00:01:01`), the label Zoom's
 * web transcript gives each turn when copied, with the `user avatar` line it puts before it; or
 * Teams' (`Matthew Wright`, then `54 minutes 32 seconds54:32`), with the avatar's initials (`MW`).
 */
export function nameThenTime(text: string, lines: RawLine[], kinds: Kind[], i: number): void {
  const raw = lines[i] as RawLine;
  const next = lines[i + 1];
  if (kinds[i]?.kind !== 'text' || !next) return;
  // Most lines are long: only a short one can be a clock.
  const clock = kinds[i + 1]?.kind === 'skip' && next.end - next.start <= 14 && CLOCK.test(text.slice(next.start, next.end));
  const duration = kinds[i + 1]?.kind === 'skip' && DURATION_LINE.test(text.slice(next.start, next.end));
  if (!clock && !duration) return;
  const name = boldName(text.slice(raw.start, raw.end));
  if (name === undefined) return;
  kinds[i] = {
    kind: 'label',
    hit: {
      label: name,
      shape: 'Name, its time on the next line, the text below (Zoom or Teams web transcript)',
      variant: NAME_THEN_TIME,
      contentStart: raw.end,
      timed: true,
      weak: false,
    },
  };
  kinds[i + 1] = { kind: 'skip' };
  const before = lines[i - 1];
  const avatar = before ? text.slice(before.start, before.end).trim() : '';
  if (kinds[i - 1]?.kind === 'text' && (avatar === 'user avatar' || (duration && /^\p{Lu}{1,3}$/u.test(avatar) && !REPLY.test(avatar))))
    kinds[i - 1] = { kind: 'skip' };
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
  // The time may be inside the bold, before the name: `**[00:00] SPEAKER_00:** text` (AssemblyAI, WhisperX).
  const boldTime = bold && !timestamp ? TIMESTAMP_PREFIX.exec(bold[2] as string) : null;
  const stamped = timestamp !== null || boldTime !== null;
  if (bold) {
    const inner = (bold[2] as string).slice(boldTime ? boldTime[0].length : 0);
    const closeEnd = bold[0].length;
    const after = rest.slice(closeEnd);
    // The bold part holds the whole label: `**Rob:**`, `**Speaker 1 (00:02)**`, `**Shaun: (00:00:02)**`.
    found = firstShape(inner, stamped, true, (hit) => hit.contentStart === inner.length || TIME_TAIL.test(inner.slice(hit.contentStart)));
    start = closeEnd + leadingSpace(after);
    if (!found) {
      // Or the name, with its colon or time just after: `**Michael**: text`, `**Daniel Filan** (00:09):`.
      found = firstShape(inner + after, stamped, true, (hit) => hit.label === inner.trim() && hit.contentStart > inner.length);
      if (found) start = closeEnd + found.hit.contentStart - inner.length;
    }
    // After a timestamp, a bold name needs no colon: `0:00:12.9 **Jen Luker** text`.
    const name = !found && stamped ? boldName(inner) : undefined;
    if (name !== undefined) {
      return { label: name, shape: 'timestamp, bold **Name** text', variant: BOLD_AFTER_TIME, contentStart: at + offset + start, timed: true, weak: false };
    }
    // Nor anywhere, where the document's turns are all taken so: `**Emma** [0:00] text`, `**Interviewer** text`.
    // Its talk on the same line: a bold phrase alone on its line is a heading over what follows.
    const time = !found && !stamped && /^[ \t]/.test(after) ? BOLD_TIME.exec(after) : null;
    const bare = time && after.slice(time[0].length).trim() !== '' ? boldName(inner) : undefined;
    if (time && bare !== undefined) {
      return {
        label: bare,
        shape: 'bold **Name** text',
        variant: BOLD_NAME,
        contentStart: at + offset + closeEnd + time[0].length,
        timed: time[1] !== undefined,
        weak: false,
      };
    }
  } else {
    found = firstShape(rest, stamped, false, () => true);
    start = found?.hit.contentStart ?? 0;
  }
  if (!found) return null;
  const { index, hit } = found;
  const timed = hit.timed || stamped;
  return {
    role: hit.role,
    label: hit.label,
    shape: shapeName(index, stamped, bold !== null),
    variant: index * 8 + (stamped ? 4 : 0) + (bold ? 2 : 0) + (timed ? 1 : 0),
    contentStart: at + offset + start,
    timed,
    weak: (LABEL_SHAPES[index] as LabelShape).weak === true,
  };
}

/** A line that is a name and nothing else: not a word of talk on a line of its own (`I`, `Yeah.`, `Mm-hmm.`). */
function nameAlone(line: string): string | undefined {
  const content = line.trim();
  return content.length >= 2 && content.length <= 60 && content.split(/\s+/).length <= 4 && !/[.?!,;:]$/.test(content) && !REPLY.test(content)
    ? boldName(content)
    : undefined;
}

/**
 * Line `i` as a name alone with talk below it (`Researcher`, then `Okay, so our first question…`):
 * how Otter's export without times and Word's transcript (`Speaker 1`) label turns. A title looks
 * the same, so `readTurns` keeps these only where such names recur and the document shows they speak.
 */
export function bareName(text: string, lines: RawLine[], kinds: Kind[], i: number): void {
  const raw = lines[i] as RawLine;
  // Only a short line can be a name alone.
  if (kinds[i]?.kind !== 'text' || raw.end - raw.start > 60) return;
  let next = i + 1;
  while (kinds[next]?.kind === 'blank') next++;
  // Talk below may open like initials (`I coordinate…`) until initials are settled, later.
  const kind = kinds[next];
  if (kind?.kind !== 'text' && !(kind?.kind === 'label' && kind.hit.weak)) return;
  const name = nameAlone(text.slice(raw.start, raw.end));
  // Names one above another are a list (a Word table's column of labels), not a label above its talk.
  const below = lines[next] as RawLine;
  if (name === undefined || nameAlone(text.slice(below.start, below.end)) !== undefined) return;
  kinds[i] = {
    kind: 'label',
    hit: { label: name, shape: 'Name alone on its line, the text below', variant: BARE_NAME, contentStart: raw.end, timed: false, weak: false },
  };
}

/**
 * The key a line gives from initials to names (`MD - Michelle Drumm`), with any more on the same
 * line (`[I] – Interviewer⇥[C] - Client`). The initials start as the name does, a colon needs a full
 * name (`Q: Why?` is a turn), and what follows a name is a note (`, Chief Executive, Scottish Care`),
 * not a sentence running on (`C – Currently, we keep notes on paper.` is talk).
 */
function keysIn(line: string): { label: string; name: string }[] {
  const key = KEY.exec(line);
  const name = key?.[3];
  const note = key?.[4] ?? '';
  if (!key || !name || key[1]?.[0] !== name[0] || /[.?!]$/.test(name) || (key[2] === ':' && !/\s/.test(name)) || /^,[ \t]*\p{Ll}/u.test(note)) return [];
  const more = note.startsWith('[') ? keysIn(note) : [];
  return [{ label: key[1] as string, name }, ...more];
}

/** Where a line's content starts past white space, or -1 for a blank line. */
export function firstVisible(text: string, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (!isSpace(code) && !(code > 0x7f && WHITE.test(text[i] as string))) return i;
  }
  return -1;
}

const WHITE = /\s/;

/** Characters an attribution line (`- Care Home Perspective`, `(Partner perspective)`) can start with. */
const ATTRIBUTION_START = new Set([0x2d, 0x2013, 0x2014, 0x2015, 0x28]);

export function classify(text: string, raw: RawLine, context: TurnContext, index: number): Kind {
  const at = raw.start;
  const visible = firstVisible(text, at, raw.end);
  if (visible < 0) return { kind: 'blank' };
  const content = text.slice(at, raw.end);
  if (context.markdown && HEADING.test(content)) return headingKind(content, at);
  const first = text.charCodeAt(visible);
  // Most lines are talk: the trimmed copy the rarer tests need is made only where they could match.
  if (first === 0x54 /* T */ && FOOTER.test(content.trim())) return { kind: 'skip' };
  // A caption cue's timing pasted into a text file (`00:00.000 --> 00:27.640`) is not talk.
  if (first >= 0x30 && first <= 0x39 && CUE_TIMING.test(content)) return { kind: 'skip' };
  // Nor a time alone on its line (`[0:03:49]`, a tape position; `01:00:00`).
  if (((first >= 0x30 && first <= 0x39) || first === 0x5b || first === 0x28 || first === 0x5c) && TIME_ALONE.test(content)) return { kind: 'skip' };
  // Nor Teams' time line under a name (`0 minutes 3 seconds0:03`).
  if (first >= 0x30 && first <= 0x39 && DURATION_LINE.test(content)) return { kind: 'skip' };
  // Nor a rule between parts (`---`, `* * *`).
  if ((first === 0x2d || first === 0x2a || first === 0x5f) && RULE.test(content)) return { kind: 'skip' };
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
    if (m && m.index === 0 && label)
      return { kind: 'label', hit: { label, shape: 'pattern', variant: PATTERN, contentStart: at + m[0].length, timed: false, weak: false } };
    return { kind: 'text' };
  }
  if (index < KEY_REGION) {
    const keys = keysIn(content.trim());
    if (keys.length > 0) return { kind: 'key', keys };
  }
  const hit = labelAt(content, at);
  return hit ? { kind: 'label', hit } : { kind: 'text' };
}
