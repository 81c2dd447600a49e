import { TranscriptError } from '../../diagnostics.js';
import { countWords } from '../../text/tokenize.js';
import { boldName, isAnnotation } from '../speakers/shapes.js';
import type { TurnReading } from '../speakers/read-turns.js';
import type { Paragraph } from '../types.js';

/** One caption cue: when it starts and ends (seconds), who speaks (if known) and what is said. */
interface Cue {
  start: number;
  end: number;
  speaker: string | null;
  text: string;
}

const TIMING = /^\s*((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})\s*-->\s*((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})/;
const VOICE = /<v(?:\.[^\s>]*)?\s+([^>]+)>/;
/** Formatting: HTML-like tags (`<i>`, `<c.yellow>`), and SubStation override blocks (`{\\c&HFFF000&}`) that word-level SRT exports colour words with. */
const TAG = /<[^>]*>|\{\\[^}]*\}/g;
const BRACKET_PREFIX = /^\[([\p{Lu}][^\]\n]{0,40})\]:?\s+/u;
const NAME_PREFIX = /^([\p{Lu}][^:\n]{0,40}):\s+/u;
const ROLE_AFTER = /[ \t]*\([^()]{1,30}\)$/;
const PUNCTUATION_ONLY = /^[\s\p{P}]+$/u;
/** Words of a sentence that no name holds: `What's it FUD` is talk, `Nandani butola` a name. */
const SENTENCE_WORD =
  /^(?:it|it's|is|was|are|were|be|the|a|an|to|and|or|but|so|that|this|what|what's|that's|there's|i|i'm|we|you|he|she|they|my|our|your|not|no|yes|if|then|just|do|did|have|has)$/i;

function mayBeName(label: string): boolean {
  return boldName(label) !== undefined || (label.split(/\s+/).length <= 4 && !label.split(/\s+/).some((w) => SENTENCE_WORD.test(w)));
}
/** Cues further apart than this (seconds) are a pause: speakerless cues start a new paragraph there. */
const PARAGRAPH_GAP = 3;
/** One speaker's run of cues longer than this (words) is cut at its pauses into several turns. */
const LONGEST_TURN = 300;
/** …into pieces of at least this many words, so a halting speaker is not cut into fragments. */
const SHORTEST_PIECE = 60;

function seconds(stamp: string): number {
  const parts = stamp.replace(',', '.').split(':').map(Number);
  return parts.reduce((total, part) => total * 60 + part, 0);
}

function decodeEntities(text: string): string {
  return text
    .replace(/&#(\d{1,7});/g, (all, n: string) => codePoint(Number(n)) ?? all)
    .replace(/&#x([\da-f]{1,6});/gi, (all, n: string) => codePoint(Number.parseInt(n, 16)) ?? all)
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, ' ')
    .replace(/&quot;/g, '"');
}

function codePoint(n: number): string | undefined {
  return n > 0 && n <= 0x10ffff && (n < 0xd800 || n > 0xdfff) ? String.fromCodePoint(n) : undefined;
}

/** A name a cue's text opens with, `Name: ` (Zoom's style) or `[Name] `, before `readCues` settles whether it is one. */
interface Prefix {
  label: string;
  length: number;
}

/** The cue's speaker, from a `<v Name>` voice tag, and its text; or the name its text opens with, as a candidate. */
function speakerAndText(payload: string): { speaker: string | null; text: string; prefix?: Prefix } {
  const voice = VOICE.exec(payload);
  const speaker = voice?.[1] ? decodeEntities(voice[1]).trim() : null;
  const text = decodeEntities(payload.replace(TAG, '')).replace(/\s+/g, ' ').trim();
  if (!speaker) {
    // Not a note such as `[Laughter]`.
    const prefix = NAME_PREFIX.exec(text) ?? BRACKET_PREFIX.exec(text);
    if (prefix?.[1] && !isAnnotation(prefix[1])) return { speaker, text, prefix: { label: prefix[1].trim(), length: prefix[0].length } };
  }
  return { speaker, text };
}

/**
 * Names the cues open with that are speakers: one that opens several cues (`Anand sharma`,
 * `Saurabh's iPad`), or a name — capitalised word by word, perhaps with its role (`Leo Dion
 * (host)`), or at least with no word a name never holds (`Nandani butola`, once); `What's it FUD:
 * fear…`, once, is talk.
 */
function settleNames(cues: (Cue & { prefix?: Prefix })[]): Cue[] {
  const uses = new Map<string, number>();
  for (const cue of cues) if (cue.prefix) uses.set(cue.prefix.label, (uses.get(cue.prefix.label) ?? 0) + 1);
  return cues.map(({ prefix, ...cue }) => {
    if (!prefix || ((uses.get(prefix.label) ?? 0) < 2 && !mayBeName(prefix.label.replace(ROLE_AFTER, '')))) return cue;
    return { ...cue, speaker: prefix.label, text: cue.text.slice(prefix.length) };
  });
}

/** A cue's identifier line: an SRT number, or a WebVTT id such as Teams' `3f2a…/12-0`. */
const IDENTIFIER = /^(?:\d+|[^\s]*[\d/-][^\s]*)$/;

/** The blocks of a caption file (runs of non-blank lines), with the line each starts on. */
function blocks(raw: string): { lines: string[]; line: number }[] {
  const all = raw.split('\n');
  const found: { lines: string[]; line: number }[] = [];
  for (let i = 0; i < all.length;) {
    if ((all[i] as string).trim() === '') {
      i++;
      continue;
    }
    const start = i;
    while (i < all.length && (all[i] as string).trim() !== '') i++;
    found.push({ lines: all.slice(start, i), line: start + 1 });
  }
  return found;
}

/**
 * Splits a caption file into cues: blocks with a timing line; `NOTE`, `STYLE` and `REGION` blocks
 * are skipped. A cue that cannot be timed (no timing line, or one qcode cannot read) is not
 * dropped — what it says is talk — but kept after the cue before it, with a warning naming its line.
 */
function readCues(raw: string, format: string, warnings: string[]): Cue[] {
  const cues: (Cue & { prefix?: Prefix })[] = [];
  let sawTiming = false;
  for (const { lines, line } of blocks(raw)) {
    const first = lines[0]?.trim() ?? '';
    if (/^(NOTE|STYLE|REGION)\b/.test(first) || /^WEBVTT\b/.test(first)) continue;
    const timingAt = lines.findIndex((l) => TIMING.test(l));
    if (timingAt >= 0) {
      sawTiming = true;
      const timing = TIMING.exec(lines[timingAt] as string) as RegExpExecArray;
      // A stray `,` on a cue's first line leaves its label on the second: `,` / `Leo Dion (host): I think…`.
      const { speaker, text, prefix } = speakerAndText(
        lines
          .slice(timingAt + 1)
          .filter((l) => !PUNCTUATION_ONLY.test(l))
          .join(' '),
      );
      if (text !== '') cues.push({ start: seconds(timing[1] as string), end: seconds(timing[2] as string), speaker, text, ...(prefix ? { prefix } : {}) });
      continue;
    }
    const arrow = lines.findIndex((l) => l.includes('-->'));
    const payload = arrow >= 0 ? lines.slice(arrow + 1) : lines.length > 1 && IDENTIFIER.test(first) ? lines.slice(1) : IDENTIFIER.test(first) ? [] : lines;
    const { speaker, text, prefix } = speakerAndText(payload.join(' '));
    if (text === '') continue;
    const previous = cues[cues.length - 1];
    const why = arrow >= 0 ? `has a timing line qcode cannot read (${(lines[arrow] as string).trim()})` : 'has no timing line';
    warnings.push(`cue at line ${line} ${why}; its text is kept ${previous ? 'with the previous cue' : 'at the start'}`);
    // Timed as the cue before it ends, so it joins that cue's speaker (a cue without a name continues it).
    cues.push({ start: previous?.end ?? 0, end: previous?.end ?? 0, speaker, text, ...(prefix ? { prefix } : {}) });
  }
  if (!sawTiming) throw new TranscriptError(`no caption cues found: a ${format} file needs timing lines such as 00:00:01.000 --> 00:00:04.000`, 1, 1);
  return settleNames(cues);
}

/**
 * Names written with their role or team in some cues and alone in others (`Leo Dion (host)`, then
 * `Leo Dion`), to the one form, so one person is one speaker and the role still says who hosts;
 * a name with two different roles (`Chris (Base)`, `Chris (Geth)`) is left as it is.
 */
function withRoles(cues: Cue[]): Map<string, string> {
  const full = new Map<string, string | null>();
  for (const { speaker } of cues) {
    const role = speaker === null ? null : ROLE_AFTER.exec(speaker);
    if (speaker === null || role === null) continue;
    const name = speaker.slice(0, role.index);
    full.set(name, full.has(name) && full.get(name) !== speaker ? null : speaker);
  }
  const named = new Map<string, string>();
  for (const [name, speaker] of full) if (speaker !== null) named.set(name, speaker);
  return named;
}

/**
 * Turns a caption file into the text qcode codes: consecutive cues of one speaker merge into one
 * turn written `[Speaker] text`, a cue without a name continuing the speaker before it; speakerless
 * cues become paragraphs broken at pauses. A long run of one speaker (a recorded talk) is cut at
 * its pauses, so no one turn is the whole file. Offsets in the outputs refer to this text.
 */
export function captionsToText(raw: string, format: 'WebVTT' | 'SubRip'): { text: string; warnings: string[] } {
  if (format === 'WebVTT' && !/^WEBVTT\b/.test(raw.trimStart())) {
    throw new TranscriptError('not a WebVTT file: the first line must be WEBVTT', 1, 1);
  }
  const warnings: string[] = [];
  const cues = readCues(raw, format, warnings);
  const named = withRoles(cues);
  let previous: string | null = null;
  for (const cue of cues) {
    if (cue.speaker !== null) cue.speaker = named.get(cue.speaker) ?? cue.speaker;
    if (cue.speaker === null) cue.speaker = previous;
    previous = cue.speaker;
  }
  const turns: string[] = [];
  let run: Cue[] = [];
  const flush = () => {
    if (run.length > 0) for (const piece of cutAtPauses(run)) turns.push(renderTurn(piece[0]?.speaker ?? null, piece));
    run = [];
  };
  for (const cue of cues) {
    const last = run[run.length - 1];
    if (last && (last.speaker !== cue.speaker || (cue.speaker === null && cue.start - last.end >= PARAGRAPH_GAP))) flush();
    run.push(cue);
  }
  flush();
  return { text: turns.length === 0 ? '' : `${turns.join('\n\n')}\n`, warnings };
}

/** A run of one speaker's cues, cut at pauses (or, failing those, anywhere) once it is too long for one turn. */
function cutAtPauses(run: Cue[]): Cue[][] {
  if (run[0]?.speaker === null || run.reduce((n, c) => n + countWords(c.text), 0) <= LONGEST_TURN) return [run];
  const pieces: Cue[][] = [];
  let piece: Cue[] = [];
  let count = 0;
  run.forEach((cue, i) => {
    piece.push(cue);
    count += countWords(cue.text);
    const next = run[i + 1];
    if (next && ((count >= SHORTEST_PIECE && next.start - cue.end >= PARAGRAPH_GAP) || count >= LONGEST_TURN)) {
      pieces.push(piece);
      piece = [];
      count = 0;
    }
  });
  if (piece.length > 0) pieces.push(piece);
  return pieces;
}

function renderTurn(speaker: string | null, cues: Cue[]): string {
  const text = cues.map((c) => c.text).join(' ');
  return speaker ? `[${speaker.replace(/[\]\n]/g, ' ')}] ${text}` : text;
}

/**
 * Reads the text `captionsToText` wrote: one paragraph per block, `[Speaker] ` opening a turn, or
 * going on with it where the block before was the same speaker's (a long turn cut at a pause).
 */
export function readCaptionBody(text: string): TurnReading {
  const paragraphs: Paragraph[] = [];
  let start = 0;
  let line = 1;
  let turns = 0;
  while (start < text.length) {
    const blank = text.indexOf('\n\n', start);
    const end = blank === -1 ? text.replace(/\n+$/, '').length : blank;
    const label = /^\[([^\]\n]+)\] /.exec(text.slice(start, Math.min(end, start + 200)));
    const speaker = label?.[1] ?? null;
    // Consecutive cues of one speaker were merged, so the same speaker again is their long turn cut at a pause.
    const previous = paragraphs[paragraphs.length - 1];
    const goesOn = speaker !== null && previous?.speaker === speaker;
    paragraphs.push({
      start: start + (label?.[0].length ?? 0),
      end,
      line,
      speaker,
      turn: speaker === null ? null : goesOn ? (previous.turn as number) : turns++,
      attribution: null,
      ...(goesOn ? { cut: true as const } : {}),
    });
    line += (text.slice(start, end).match(/\n/g)?.length ?? 0) + 2;
    if (blank === -1) break;
    start = blank + 2;
  }
  return {
    paragraphs: paragraphs.filter((p) => p.end > p.start),
    hasSpeakers: turns > 0,
    speakers: [...new Set(paragraphs.flatMap((p) => (p.speaker === null ? [] : [p.speaker])))],
    convention: turns > 0 ? ['speaker names in the cues'] : [],
    names: {},
    header: {},
    headerLines: [],
    hosts: [],
    doubts: [],
  };
}
