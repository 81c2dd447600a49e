import { TranscriptError } from '../errors.js';
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
const TAG = /<[^>]*>/g;
const NAME_PREFIX = /^([\p{Lu}][^:\n]{0,40}):\s+/u;
/** Speakerless cues further apart than this start a new paragraph. */
const PARAGRAPH_GAP = 3;

function seconds(stamp: string): number {
  const parts = stamp.replace(',', '.').split(':').map(Number);
  return parts.reduce((total, part) => total * 60 + part, 0);
}

function decodeEntities(text: string): string {
  return text.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&nbsp;/g, ' ').replace(/&quot;/g, '"');
}

/** The cue's speaker, from a `<v Name>` voice tag or a `Name: ` prefix (Zoom's style), and its text. */
function speakerAndText(payload: string): { speaker: string | null; text: string } {
  const voice = VOICE.exec(payload);
  let speaker = voice?.[1]?.trim() ?? null;
  let text = decodeEntities(payload.replace(TAG, '')).replace(/\s+/g, ' ').trim();
  if (!speaker) {
    const prefix = NAME_PREFIX.exec(text);
    if (prefix?.[1]) {
      speaker = prefix[1].trim();
      text = text.slice(prefix[0].length);
    }
  }
  return { speaker, text };
}

/** Splits a caption file into cues: blocks with a timing line; `NOTE`, `STYLE` and `REGION` blocks are skipped. */
function readCues(raw: string, format: string): Cue[] {
  const cues: Cue[] = [];
  const blocks = raw.split(/\n[ \t]*\n/);
  let sawTiming = false;
  for (const block of blocks) {
    const lines = block.split('\n');
    const first = lines[0]?.trim() ?? '';
    if (/^(NOTE|STYLE|REGION)\b/.test(first) || /^WEBVTT\b/.test(first)) continue;
    const timingAt = lines.findIndex((l) => TIMING.test(l));
    if (timingAt < 0) continue;
    sawTiming = true;
    const timing = TIMING.exec(lines[timingAt] as string) as RegExpExecArray;
    const payload = lines.slice(timingAt + 1).join(' ');
    const { speaker, text } = speakerAndText(payload);
    if (text === '') continue;
    cues.push({ start: seconds(timing[1] as string), end: seconds(timing[2] as string), speaker, text });
  }
  if (!sawTiming) throw new TranscriptError(`no caption cues found: a ${format} file needs timing lines such as 00:00:01.000 --> 00:00:04.000`, 1, 1);
  return cues;
}

/**
 * Turns a caption file into the text qcode codes: consecutive cues of one speaker merge into one
 * turn written `[Speaker] text`, and speakerless cues into paragraphs broken at pauses. Offsets
 * in the outputs refer to this text.
 */
export function captionsToText(raw: string, format: 'WebVTT' | 'SubRip'): string {
  if (format === 'WebVTT' && !/^WEBVTT\b/.test(raw.trimStart())) {
    throw new TranscriptError('not a WebVTT file: the first line must be WEBVTT', 1, 1);
  }
  const turns: string[] = [];
  let current: { speaker: string | null; parts: string[]; end: number } | undefined;
  for (const cue of readCues(raw, format)) {
    const continues = current && current.speaker === cue.speaker && (cue.speaker !== null || cue.start - current.end < PARAGRAPH_GAP);
    if (current && continues) {
      current.parts.push(cue.text);
      current.end = cue.end;
      continue;
    }
    if (current) turns.push(renderTurn(current));
    current = { speaker: cue.speaker, parts: [cue.text], end: cue.end };
  }
  if (current) turns.push(renderTurn(current));
  return turns.length === 0 ? '' : `${turns.join('\n\n')}\n`;
}

function renderTurn(turn: { speaker: string | null; parts: string[] }): string {
  const text = turn.parts.join(' ');
  return turn.speaker ? `[${turn.speaker.replace(/[\]\n]/g, ' ')}] ${text}` : text;
}

/** Reads the text `captionsToText` wrote: one paragraph per block, `[Speaker] ` opening a turn. */
export function readCaptionBody(text: string): { paragraphs: Paragraph[]; hasSpeakers: boolean } {
  const paragraphs: Paragraph[] = [];
  let start = 0;
  let line = 1;
  let turns = 0;
  while (start < text.length) {
    const blank = text.indexOf('\n\n', start);
    const end = blank === -1 ? text.replace(/\n+$/, '').length : blank;
    const label = /^\[([^\]\n]+)\] /.exec(text.slice(start, Math.min(end, start + 200)));
    const speaker = label?.[1] ?? null;
    paragraphs.push({
      start: start + (label?.[0].length ?? 0),
      end,
      line,
      speaker,
      turn: speaker === null ? null : turns++,
      attribution: null,
    });
    line += (text.slice(start, end).match(/\n/g)?.length ?? 0) + 2;
    if (blank === -1) break;
    start = blank + 2;
  }
  return { paragraphs: paragraphs.filter((p) => p.end > p.start), hasSpeakers: turns > 0 };
}
