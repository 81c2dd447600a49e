import type { Paragraph } from '../types.js';

/** What a reader needs to know to recognise speaker labels. */
export interface LabelContext {
  /** Lower-cased labels of interviewers. */
  interviewer: Set<string>;
  /** Lower-cased speaker names from the front matter. */
  speakers: Set<string>;
}

export interface ReadBody {
  paragraphs: Paragraph[];
  hasSpeakers: boolean;
}

// Kept to one Unicode class per pattern: property classes are costly to compile, and start-up
// counts. The words after the first are checked by `isName`.
const NAME = "[\\p{Lu}\\p{N}][^\\s:()\\[\\]]*(?:[ \\t]+[^\\s:()\\[\\]]+){0,4}";
const CONNECTORS = new Set(['of', 'the', 'de', 'da', 'del', 'van', 'von', 'la', 'le', 'and', '&']);
const CAPITAL_OR_DIGIT = /^[\p{Lu}\p{N}]/u;

/** Every word of a label is capitalised (or a number), but for connectors such as "Head of Care". */
function isName(name: string): boolean {
  return name.length <= 40 && name.split(/[ \t]+/).every((w) => CONNECTORS.has(w) || CAPITAL_OR_DIGIT.test(w));
}
const TIME = '(?:\\d{1,2}:)?\\d{1,2}:\\d{2}(?:[.,]\\d+)?';

/** Label shapes; `strong` ones (brackets, timestamps) are never ordinary prose. */
const LABELS: { regex: RegExp; strong: boolean }[] = [
  { regex: new RegExp(`^\\[(${NAME})(?:[ \\t]+${TIME})?\\][ \\t]*:?[ \\t]*`, 'u'), strong: true },
  { regex: new RegExp(`^(${NAME})[ \\t]*\\(${TIME}\\)[ \\t]*:?[ \\t]*`, 'u'), strong: true },
  { regex: new RegExp(`^(${NAME})[ \\t]+${TIME}(?=\\s|$)[ \\t]*:?[ \\t]*`, 'u'), strong: true },
  { regex: new RegExp(`^(${NAME})[ \\t]*:(?=\\s|$)[ \\t]*`, 'u'), strong: false },
];

const ATTRIBUTION = [
  /^[-\u2013\u2014\u2015][ \t]*(.{1,60}?)[ \t]+perspective[ \t]*\.?[ \t]*$/iu,
  /^\([ \t]*(.{1,60}?)[ \t]+perspective[ \t]*\)[ \t]*\.?[ \t]*$/iu,
];

const HEADING = /^#{1,6}(?:[ \t]|$)/;

type Line =
  | { kind: 'blank' }
  | { kind: 'heading' }
  | { kind: 'attribution'; perspective: string }
  | { kind: 'label'; name: string; strong: boolean; contentStart: number }
  | { kind: 'text' };

function classify(line: string, markdown: boolean): Line {
  if (line.trim() === '') return { kind: 'blank' };
  if (markdown && HEADING.test(line)) return { kind: 'heading' };
  const trimmed = line.trim();
  for (const regex of ATTRIBUTION) {
    const m = regex.exec(trimmed);
    if (m?.[1]) return { kind: 'attribution', perspective: m[1].trim() };
  }
  for (const { regex, strong } of LABELS) {
    const m = regex.exec(line);
    if (m?.[1] && isName(m[1])) return { kind: 'label', name: m[1].trim(), strong, contentStart: m[0].length };
  }
  return { kind: 'text' };
}

/**
 * Decides which label-shaped lines really open speaker turns. Bracketed and timestamped labels
 * always do; a bare `Name:` only where the document shows it is a transcript (a name used twice,
 * an interviewer label, a speaker named in the front matter, or a strong label elsewhere), so a
 * report line such as `Summary: ...` stays prose.
 */
function confirmLabels(lines: Line[], context: LabelContext): boolean {
  const counts = new Map<string, number>();
  let confirmed = false;
  for (const line of lines) {
    if (line.kind !== 'label') continue;
    const key = line.name.toLowerCase();
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (line.strong || context.interviewer.has(key) || context.speakers.has(key) || (counts.get(key) ?? 0) >= 2) confirmed = true;
  }
  return confirmed;
}

/**
 * Reads the body of a plain-text or Markdown transcript into paragraphs, recognising speaker
 * turns and attribution lines. Markdown headings are structure, not talk: they end a turn and
 * are never coded.
 */
export function readPlainBody(text: string, bodyStart: number, firstLine: number, context: LabelContext, markdown: boolean): ReadBody {
  const rawLines: { start: number; end: number; line: number }[] = [];
  let position = bodyStart;
  let lineNumber = firstLine;
  while (position <= text.length) {
    const newline = text.indexOf('\n', position);
    const end = newline === -1 ? text.length : newline;
    rawLines.push({ start: position, end, line: lineNumber++ });
    if (newline === -1) break;
    position = newline + 1;
  }
  const kinds = rawLines.map((l) => classify(text.slice(l.start, l.end), markdown));
  const hasSpeakers = confirmLabels(kinds, context);

  const paragraphs: Paragraph[] = [];
  let open: Paragraph | null = null;
  let speaker: string | null = null;
  let turn: number | null = null;
  let turns = 0;
  let blanksSinceParagraph = 0;
  const close = () => {
    if (open) paragraphs.push(open);
    open = null;
  };

  rawLines.forEach((raw, i) => {
    const kind = kinds[i] as Line;
    const lineText = text.slice(raw.start, raw.end);
    if (kind.kind === 'blank') {
      close();
      blanksSinceParagraph++;
      return;
    }
    if (kind.kind === 'heading') {
      close();
      speaker = null;
      turn = null;
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
    let contentStart = raw.start;
    if (kind.kind === 'label' && hasSpeakers) {
      close();
      speaker = kind.name;
      turn = turns++;
      contentStart = raw.start + kind.contentStart;
    } else {
      contentStart = raw.start + (lineText.length - lineText.trimStart().length);
    }
    const contentEnd = raw.start + lineText.trimEnd().length;
    blanksSinceParagraph = 0;
    if (contentEnd <= contentStart) return;
    if (open) {
      (open as Paragraph).end = contentEnd;
    } else {
      open = { start: contentStart, end: contentEnd, line: raw.line, speaker, turn, attribution: null };
    }
  });
  close();
  return { paragraphs, hasSpeakers };
}
