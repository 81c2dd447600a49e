import type { Role, RoleSource } from './speakers/roles.js';

/** Attribute values by name (perspective, site, participant, …). */
export type Attributes = Record<string, string>;

/** A run of text in a transcript: a paragraph, or a turn's paragraphs, or a sentence. */
export interface Span {
  /** UTF-16 offsets into the normalised text, `[start, end)`. */
  start: number;
  end: number;
  /** 1-based line of `start`. */
  line: number;
}

/** A stretch of text, `[start, end)`. */
export interface Gap {
  start: number;
  end: number;
}

/** A paragraph as a format reader finds it. */
export interface Paragraph extends Span {
  /** The speaker label that opened the turn this paragraph belongs to, if any. */
  speaker: string | null;
  /** Which turn of the document it belongs to (0-based), or `null` outside speaker turns. */
  turn: number | null;
  /** The perspective named by an attribution line after it (`- Care Home Perspective`). */
  attribution: string | null;
  /** Starts a coding unit of its own though its turn goes on (a long captioned turn cut at a pause). */
  cut?: true;
}

/** A transcript after decoding and format reading, before segmentation. */
export interface Transcript {
  /** The document's name in outputs: its path relative to the working folder, `/`-separated. */
  document: string;
  /** The normalised text (LF line endings, no BOM); every offset refers to it. */
  text: string;
  /** The bytes it was read from are exactly the text's UTF-8 (no BOM, no CR, no conversion). */
  verbatim?: true;
  /** Scalar front-matter fields. */
  attributes: Attributes;
  /** Per-speaker attributes from the front matter's `speakers:` map (keys lower-cased). */
  speakers: Record<string, Attributes>;
  paragraphs: Paragraph[];
  /** Whether speaker labels were found (the default unit is then the turn). */
  hasSpeakers: boolean;
  /** Each speaker's role, by lower-cased label. */
  roles: Record<string, Role>;
  /** What made each interviewer one (a label, the front matter, a key, or what they did), by lower-cased label. */
  roleBy: Record<string, RoleSource>;
  /** Names a key at the top gives labels (`MD - Michelle Drumm`), by lower-cased label. */
  names: Record<string, string>;
  /** How speakers were read, for `qcode speakers`. */
  reading: SpeakerReadingSummary;
  warnings: string[];
}

/** A unit of coding. */
export interface Segment extends Span {
  /**
   * Text inside the span that is not talk, in order: a label written again inside a turn (Otter's
   * `Amina  0:31`, Zoom's `[Ruth Okafor] 10:02:11`, Rev's `(00:02:10):`). Not coded, not counted.
   */
  gaps?: readonly Gap[] | undefined;
  /** `document#n`, n counting from 1 over all segments of the document. */
  id: string;
  document: string;
  speaker: string | null;
  /** The name a key gives the speaker's label (`MD` is `Michelle Drumm`), or null. */
  speakerName: string | null;
  interviewer: boolean;
  /** Resolved attributes, always including `perspective`; shared by the segments of a speaker, so read-only. */
  attributes: Readonly<Attributes>;
}

/** What the reader decided about a document's speakers, and what it doubts. */
export interface SpeakerReadingSummary {
  /** The label shapes that opened turns, most used first. */
  convention: string[];
  /** Fields of the header block before the first turn (also among the attributes). */
  header: Attributes;
  /** Lines read as the header block or key, not as talk. */
  headerLines: number[];
  /** What a researcher should look at: `qcode code` warns of them, `qcode speakers` lists them. */
  doubts: string[];
}
