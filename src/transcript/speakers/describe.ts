import { countWords } from '../../text/tokenize.js';
import type { Attributes, Transcript } from '../types.js';
import type { Role, RoleSource } from './roles.js';

/** One speaker of a document as the reader found them. */
export interface SpeakerSummary {
  /** The label as written (`MD`), or '' for text before any label. */
  speaker: string;
  /** The name a key at the top gives the label (`Michelle Drumm`), or ''. */
  speakerName: string;
  role: Role | 'unlabelled';
  /** What made an interviewer one: `label`, `front matter`, `key`, or inferred from `questions` or `opening`; '' otherwise. */
  roleBy: RoleSource | '';
  turns: number;
  words: number;
  /** Line of the first turn. */
  line: number;
}

/** How a document's speakers were read: what `qcode speakers` shows. */
export interface SpeakerDescription {
  document: string;
  /** The label shapes that opened turns, most used first; empty when no labels were found. */
  convention: string[];
  speakers: SpeakerSummary[];
  header: Attributes;
  headerLines: number[];
  doubts: string[];
}

/** Speakers in the order they first speak, with their turns and words; unlabelled text last. */
export function describeSpeakers(transcript: Transcript): SpeakerDescription {
  const bySpeaker = new Map<string, SpeakerSummary & { lastTurn: number | null }>();
  for (const p of transcript.paragraphs) {
    const key = p.speaker?.toLowerCase() ?? '';
    let entry = bySpeaker.get(key);
    if (!entry) {
      entry = {
        speaker: p.speaker ?? '',
        speakerName: transcript.names[key] ?? '',
        role: p.speaker === null ? 'unlabelled' : (transcript.roles[key] ?? 'participant'),
        roleBy: transcript.roleBy[key] ?? '',
        turns: 0,
        words: 0,
        line: p.line,
        lastTurn: null,
      };
      bySpeaker.set(key, entry);
    }
    // Unlabelled text counts its paragraphs as turns: each is a unit qcode codes. A turn's paragraphs come together.
    if (p.turn === null || p.turn !== entry.lastTurn) entry.turns++;
    entry.lastTurn = p.turn;
    entry.words += countWords(transcript.text, p.start, p.end);
  }
  const speakers = [...bySpeaker.values()].sort((a, b) => Number(a.role === 'unlabelled') - Number(b.role === 'unlabelled')).map(({ lastTurn: _, ...s }) => s);
  const { reading } = transcript;
  return {
    document: transcript.document,
    convention: reading.convention,
    speakers,
    header: reading.header,
    headerLines: reading.headerLines,
    doubts: reading.doubts,
  };
}
