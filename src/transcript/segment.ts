import type { Unit } from '../codebook/types.js';
import { lineOfOffset } from '../text/lines.js';
import { firstVisible } from './speakers/lines.js';
import type { Gap, Paragraph, Span } from './types.js';

/** A unit before attributes are resolved: its span, speaker and attribution, and what in it is not talk. */
export interface RawSegment extends Span {
  speaker: string | null;
  attribution: string | null;
  gaps?: Gap[] | undefined;
}

const ABBREVIATIONS = new Set(['mr', 'mrs', 'ms', 'dr', 'prof', 'st', 'vs', 'etc', 'e.g', 'i.e', 'cf', 'approx', 'cllr']);

/** Sentence ends: `.`, `!`, `?` (and closing quotes/brackets) before white space and a capital, digit or quote. */
const SENTENCE_END = /[.!?]+["'\u201d\u2019)\]]*(?=\s+["'\u201c\u2018([]?[\p{Lu}\p{N}])/gu;

function splitSentences(text: string, p: Paragraph): RawSegment[] {
  const out: RawSegment[] = [];
  const body = text.slice(p.start, p.end);
  let start = 0;
  for (const m of body.matchAll(SENTENCE_END)) {
    const end = (m.index ?? 0) + m[0].length;
    const before = /([\p{L}.]+)$/u.exec(body.slice(start, m.index))?.[1]?.toLowerCase() ?? '';
    if (m[0] === '.' && ABBREVIATIONS.has(before)) continue;
    out.push({ start: p.start + start, end: p.start + end, line: 0, speaker: p.speaker, attribution: p.attribution });
    start = end;
    while (start < body.length && /\s/.test(body[start] as string)) start++;
  }
  if (start < body.length) out.push({ start: p.start + start, end: p.end, line: 0, speaker: p.speaker, attribution: p.attribution });
  for (const s of out) s.line = lineOfOffset(text, s.start, p.start, p.line);
  return out;
}

/**
 * A segment's text with its gaps (a label written again inside the turn) blanked, line ends kept:
 * what is coded, at the offsets of the text.
 */
export function talkText(text: string, segment: Span & { gaps?: readonly Gap[] | undefined }): string {
  if (segment.gaps === undefined) return text.slice(segment.start, segment.end);
  let talk = '';
  let at = segment.start;
  for (const gap of segment.gaps) {
    talk += text.slice(at, gap.start) + text.slice(gap.start, gap.end).replace(/[^\n]/g, ' ');
    at = gap.end;
  }
  return talk + text.slice(at, segment.end);
}

/** Cuts a transcript's paragraphs into coding units. */
export function segmentParagraphs(text: string, paragraphs: Paragraph[], unit: Unit): RawSegment[] {
  if (unit === 'paragraph') {
    return paragraphs.map((p) => ({ start: p.start, end: p.end, line: p.line, speaker: p.speaker, attribution: p.attribution }));
  }
  if (unit === 'sentence') return paragraphs.flatMap((p) => splitSentences(text, p));
  const out: RawSegment[] = [];
  let current: RawSegment | null = null;
  let currentTurn: number | null = null;
  for (const p of paragraphs) {
    if (current && p.turn !== null && p.turn === currentTurn && p.cut !== true) {
      // Between a turn's paragraphs: blank lines, or its speaker's label written again.
      if (firstVisible(text, current.end, p.start) >= 0) (current.gaps ??= []).push({ start: current.end, end: p.start });
      current.end = p.end;
      current.attribution = p.attribution ?? current.attribution;
      continue;
    }
    current = { start: p.start, end: p.end, line: p.line, speaker: p.speaker, attribution: p.attribution };
    currentTurn = p.turn;
    out.push(current);
  }
  return out;
}
