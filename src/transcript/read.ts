import { lineOfOffset } from '../text/lines.js';
import { decodeTranscript } from '../text/decode.js';
import { formatFor, formatOfText, FORMATS, type TurnContext } from './formats/index.js';
import { readFrontMatter, type FrontMatter } from './front-matter.js';
import { turnDoubts } from './speakers/doubts.js';
import { withoutLineNumbers } from './speakers/line-numbers.js';
import { speakerPattern } from '../text/speaker-pattern.js';
import { inferInterviewers, interviewerBy, type InferredInterviewers, type Role, type RoleSource } from './speakers/roles.js';
import type { Transcript } from './types.js';

export interface ReadOptions {
  /** Interviewer labels, any case. */
  interviewer: string[];
  /** A user's own speaker-label pattern, its first group the label: replaces inference. */
  speakerPattern?: string | undefined;
}

/** Anything but white space (Unicode's, and zero-width characters): a transcript without it has no text to code. */
const VISIBLE = /[^\s\u200b-\u200d\u2060\ufeff]/gu;

/** The warning for a file read as Windows-1252, naming any bytes that encoding gives no character. */
export function windowsWarning(unassigned: number[] | undefined): string {
  const hex = (unassigned ?? []).map((b) => `0x${b.toString(16).toUpperCase()}`);
  const kept =
    hex.length === 0
      ? ''
      : `; ${hex.length === 1 ? 'byte' : 'bytes'} ${hex.join(', ')} ${hex.length === 1 ? 'has' : 'have'} no character there and ${hex.length === 1 ? 'is' : 'are'} kept as ${hex.length === 1 ? 'a control character' : 'control characters'}`;
  return `not valid UTF-8; read as Windows-1252${kept}`;
}

/** What reading a document's turns needs to know beyond its text: the options and its front matter. */
export function turnContext(options: ReadOptions, front: Pick<FrontMatter, 'hosts' | 'speakers'>): TurnContext {
  return {
    interviewer: new Set(options.interviewer.map((l) => l.toLowerCase())),
    hosts: new Set(front.hosts),
    speakers: new Set(Object.keys(front.speakers)),
    speakerPattern: options.speakerPattern === undefined ? undefined : speakerPattern(options.speakerPattern),
    markdown: false,
  };
}

/** What made the inferred interviewers so, for the doubt: said of one, and of several. */
const WHY: Record<InferredInterviewers['by'], [string, string]> = {
  introduction: ['introduces the conversation', 'introduce the conversation'],
  questions: ['asks the questions', 'ask the questions'],
  opening: ['opens the conversation', 'open the conversation or ask as many questions'],
};

/**
 * Reads one transcript from its bytes: decode, front matter, then the format's reader, and gives
 * each speaker a role. `name` picks the format by extension (stdin reads as plain text). Throws
 * `TranscriptError` for a file that cannot be read as a transcript.
 */
export function readTranscript(document: string, name: string, bytes: Uint8Array, options: ReadOptions): Transcript {
  const decoded = decodeTranscript(bytes);
  const format = formatOfText(formatFor(name) ?? FORMATS['.txt'], decoded.text);
  const warnings: string[] = [];
  if (decoded.encoding === 'windows-1252') warnings.push(windowsWarning(decoded.unassigned));
  const read = format.toText?.(decoded.text);
  if (read) warnings.push(...read.warnings);
  const converted = read ? read.text : decoded.text;
  const front = format.frontMatter ? readFrontMatter(converted) : { attributes: {}, speakers: {}, hosts: [], bodyStart: 0 };
  // Like a caption file's, a numbered transcript's text is what is coded and what offsets count in.
  const text = format.toText ? converted : withoutLineNumbers(converted, front.bodyStart);
  if (front.unread) {
    const fields = front.unread.map((f) => `'${f}'`).join(', ');
    warnings.push(
      `front matter ${front.unread.length === 1 ? 'field' : 'fields'} ${fields} ${front.unread.length === 1 ? 'holds' : 'hold'} a mapping, not a value a column can hold; left out (write it as text or a list)`,
    );
  }
  for (const { key, lines } of front.repeated ?? []) {
    warnings.push(`front matter gives '${key}' ${lines.length} times (lines ${lines.join(', ')}); the last is used`);
  }
  const context = turnContext(options, front);
  const body = format.read(text, front.bodyStart, lineOfOffset(text, front.bodyStart), context);
  // Forty interviews exported, thirty-nine with text: the researcher wants to know which one.
  VISIBLE.lastIndex = front.bodyStart;
  if (!VISIBLE.test(text)) warnings.push('no text to code');
  const roles: Record<string, Role> = {};
  const roleBy: Record<string, RoleSource> = {};
  for (const speaker of body.speakers) {
    const key = speaker.toLowerCase();
    const by = interviewerBy(speaker, body.names[key], context) ?? (body.hosts.includes(key) ? 'label' : undefined);
    roles[key] = by === undefined ? 'participant' : 'interviewer';
    if (by !== undefined) roleBy[key] = by;
  }
  let guessed: string | undefined;
  const labels = Object.keys(roles);
  if (labels.length >= 2 && !labels.some((l) => roles[l] === 'interviewer')) {
    const inferred = inferInterviewers(body.paragraphs, text);
    if (inferred) {
      for (const key of inferred.labels) {
        roles[key] = 'interviewer';
        roleBy[key] = inferred.by;
      }
      const written = inferred.labels.map((key) => `'${body.paragraphs.find((p) => p.speaker?.toLowerCase() === key)?.speaker}'`).join(', ');
      const why = WHY[inferred.by][inferred.labels.length === 1 ? 0 : 1];
      guessed = `no label names the interviewer; took ${written}, who ${why}: say who with 'hosts:' in the front matter or --interviewer`;
    }
  }
  return {
    document,
    text,
    // A format's own reading (captions) changes the text: then the bytes no longer stand for it.
    ...(decoded.verbatim && text === decoded.text ? { verbatim: true } : {}),
    // The front matter is the researcher's own word: it wins over a header block's field.
    attributes: { ...body.header, ...front.attributes },
    speakers: front.speakers,
    paragraphs: body.paragraphs,
    hasSpeakers: body.hasSpeakers,
    roles,
    roleBy,
    names: body.names,
    reading: {
      convention: body.convention,
      header: body.header,
      headerLines: body.headerLines,
      // The doubts that change most what is coded come first: `qcode code` shows the first.
      doubts: [...(guessed ? [guessed] : []), ...turnDoubts(body.paragraphs, roles), ...body.doubts],
    },
    warnings,
  };
}
