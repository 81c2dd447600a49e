/**
 * The ways transcripts write who speaks at the start of a line. Each habit is one entry here:
 * prefixes (a timestamp, bold) that may wrap a label, and label shapes. The reader
 * (`read-turns.ts`) tries them on every line and decides from the whole document which labels
 * really open turns, so a new habit is a new entry, with its fixture, not a branch in the reader.
 */

/** A label found at the start of a line. */
export interface LabelHit {
  /** The label as written, trimmed; empty for a timestamp that continues the current speaker. */
  label: string;
  /** Offset in the line where the speech begins. */
  contentStart: number;
  /** The label carries a timestamp (never ordinary prose). */
  timed: boolean;
  /** What the label says the speaker is (`Leo Dion (host)`: `host`). */
  role?: string;
}

export interface LabelShape {
  id: string;
  /** The shape as a user would write it, for `qcode speakers`. */
  example: string;
  /**
   * Initials without a colon read like ordinary words, so they open turns only where the document
   * supports them (a key, or most lines starting so).
   */
  weak?: true;
  /** Only a label after a timestamp prefix (a bare name on a line is otherwise a title). */
  afterTimestamp?: true;
  match(line: string): LabelHit | null;
}

// One Unicode class per pattern: property classes are costly to compile, and start-up counts.
// Capitalised, or in a script without case (田中, محمد).
const NAME = '[\\p{Lu}\\p{Lo}\\p{N}][^\\s:()\\[\\]]*(?:[ \\t]+[^\\s:()\\[\\]]+){0,4}';
export const TIME = '(?:\\d{1,2}:)?\\d{1,2}:\\d{2}(?:[.,]\\d+)?';
/** A time spelt out, as Teams writes it: `0 minutes 3 seconds`, `1 hour 2 minutes 5 seconds`. */
export const DURATION = '(?:\\d+ hours? )?\\d+ minutes? \\d+ seconds?';
/** A time, perhaps in brackets, perhaps with Markdown's escapes (`00:02:57`, `[00:00:02]`, `\\[28:03\\]`), the time captured. */
export const BRACKETED_TIME = `\\\\?[[(]?(${TIME})\\\\?[\\])]?`;
// A dash or bar joins a place or team to a name: `[ATL - WonderFrog]` in Zoom's saved captions, `Doris Hernandez | Functor`.
const CONNECTORS = new Set(['of', 'the', 'de', 'da', 'del', 'van', 'von', 'la', 'le', 'and', '&', 'in', 'for', '-', '\u2013', '\u2014', '|']);
const CAPITAL_OR_DIGIT = /^[\p{Lu}\p{Lo}\p{N}]/u;
const LETTER = /\p{L}/u;

/** A contraction is talk run onto a new line (`I'm: sorry, so…`), never a name; `O'Brien` is one. */
const CONTRACTION = /^\p{L}+['\u2019](?:m|re|ve|ll|d|s|t)$/iu;

/** Answers of `isName` so far: a transcript repeats its few labels on thousands of lines. */
const names = new Map<string, boolean>();

/** Every word of a label is capitalised (or a number), but for connectors such as "Head of Care". */
function isName(name: string): boolean {
  let answer = names.get(name);
  if (answer === undefined) {
    // A label has a letter: `03: 10:33` is a chapter mark, not a speaker.
    answer =
      name.length <= 40 && LETTER.test(name) && !CONTRACTION.test(name) && name.split(/[ \t]+/).every((w) => CONNECTORS.has(w) || CAPITAL_OR_DIGIT.test(w));
    // Bounded: a run over many documents meets many one-off candidates.
    if (names.size >= 4096) names.clear();
    names.set(name, answer);
  }
  return answer;
}

/** Bracketed notes that are not speakers: `[inaudible]`, `[Laughter]`, `[crosstalk 00:01:02]`, `[Music Playing]`, `[Name Redacted]`. */
const ANNOTATION =
  /^(?:inaudible|unclear|indistinct|crosstalk|cross-talk|overtalk|overlapping(?: speech| talk)?|laugh(?:s|ter|ing)?|chuckles?|pause|long pause|silence|music|applause|cough(?:s|ing)?|noise|background noise|break|interruption|redacted|anonymi[sz]ed|name|sic|end|end of (?:interview|recording|transcript)|start of (?:interview|recording|transcript)|recording (?:starts|ends|stopped|paused)|phone rings|sighs?|beep|audio cuts out|technical difficulties|translation|translated|transcript|new[ _]paragraph)$/i;
/** Words that make a bracketed phrase a note about the recording rather than a name. */
const NOTE_WORD =
  /\b(?:music|playing|plays|applause|laugh\w*|inaudible|unclear|crosstalk|redacted|removed|anonymi[sz]ed|language|noise|silence|pause|sound|audio|video|recording|break|interruption|name)\b/i;

export function isAnnotation(label: string): boolean {
  const trimmed = label.trim();
  return ANNOTATION.test(trimmed) || NOTE_WORD.test(trimmed);
}

/** `[p2]`, `[id1]`, `[int3]`: QualCoder's and others' lower-case participant codes; `[speaker_0]`: an ASR export's diarised voices. */
const CODE = '(?:[a-z]{1,4}|speaker)[ _-]?\\d{1,3}';
const CODE_ONLY = new RegExp(`^${CODE}$`);

function shape(id: string, example: string, regex: RegExp, check: (label: string) => boolean, extra: Partial<LabelShape> = {}): LabelShape {
  return {
    id,
    example,
    ...extra,
    match(line) {
      const m = regex.exec(line);
      const label = m?.[1]?.trim();
      if (!m || label === undefined || !check(label)) return null;
      return { label, contentStart: m[0].length, timed: m[2] !== undefined && m[2] !== '' };
    },
  };
}

const TIME_CONTINUES = new RegExp(`^\\(${TIME}\\)[ \\t]*:[ \\t]*`);

/** `Leo Dion (host):`, `Participant 3 (female, 45):`: a name, then in brackets what they are. */
const NAME_ROLE = new RegExp(`^(${NAME})[ \\t]*\\(([^()\\d:][^():]{0,29})\\)[ \\t]*:(?=\\s|$)[ \\t]*`, 'u');

/** `Interviewer (I):`, `Respondent (R1):`: a role or name, then in brackets the code its turns use. */
const NAME_CODE = new RegExp(`^(${NAME})[ \\t]*\\((\\p{Lu}[\\p{L}\\d]{0,4})\\)[ \\t]*:(?=\\s|$)[ \\t]*`, 'u');

/** A bracketed name of a few words, any case, then a time alone: Zoom's saved captions. */
const BRACKET_THEN_TIME = new RegExp(`^\\[([\\p{L}\\p{N}][\\p{L}\\p{N}'’.-]*(?:[ \\t]+[\\p{L}\\p{N}'’.&-]+){0,5})\\][ \\t]+${TIME}[ \\t]*$`, 'u');

/** A reply alone, which a line of its own can hold without being anyone's name (`Yeah`, `Okay`, `Thank you`). */
export const REPLY =
  /^(?:yeah|yes|yep|yup|no|nope|nah|okay|ok|right|sure|mm+|mhm|mm-hmm|uh-huh|hmm+|uh|um|so|well|thanks|thank you|true|exactly|absolutely|definitely|great|cool|nice|wow|oh|ah|alright|all right|fine|good|indeed|of course|sorry|pardon|really|totally)$/i;

/** Label shapes, most specific first: a line takes the first that matches. */
export const LABEL_SHAPES: LabelShape[] = [
  // Zoom's saved captions: `[Holly Ricciuti] 08:49:15` alone on its line, the talk below. The
  // time is the label's, not talk; with it, a name typed in lower case (`[sharanya dave]`) is one too.
  {
    id: 'bracket-time',
    example: '[Name] 08:49:15, the text below (Zoom captions)',
    match(line) {
      const m = BRACKET_THEN_TIME.exec(line);
      const label = m?.[1]?.trim();
      return m && label && LETTER.test(label) && !isAnnotation(label) ? { label, contentStart: m[0].length, timed: true } : null;
    },
  },
  shape(
    'bracket',
    '[Name] text',
    // Not a Markdown link definition, `[ie2]: https://…`.
    new RegExp(`^\\[(${NAME}|${CODE})([ \\t]+${TIME})?\\](?!\\(|[ \\t]*:[ \\t]*(?:https?:|www\\.|/|$))[ \\t]*:?[ \\t]*`, 'u'),
    (label) => (isName(label) || CODE_ONLY.test(label)) && !isAnnotation(label),
  ),
  // Rev: `Speaker 1 (00:12):`, with the text on the same line or the next.
  shape('name-time-paren', 'Name (00:01:23): text (Rev)', new RegExp(`^(${NAME})[ \\t]*\\((${TIME})\\)[ \\t]*:?[ \\t]*`, 'u'), isName),
  // A long label naming the short one used after it: `Interviewer (I): …`, then `I: …`; the short one is the label.
  {
    id: 'name-code',
    example: 'Interviewer (I): text, then I: text',
    match(line) {
      const m = NAME_CODE.exec(line);
      return m && isName(m[1] as string) ? { label: m[2] as string, contentStart: m[0].length, timed: false } : null;
    },
  },
  // A name with its role or description in brackets: `Leo Dion (host): …`, `Jo (Care Manager): …`; the label is the
  // name, which later turns often use alone (`Leo Dion: …`), and the role may make an interviewer.
  {
    id: 'name-role',
    example: 'Name (role): text',
    match(line) {
      const m = NAME_ROLE.exec(line);
      return m && isName(m[1] as string) ? { label: (m[1] as string).trim(), contentStart: m[0].length, timed: false, role: (m[2] as string).trim() } : null;
    },
  },
  // Rev again: a timestamp alone opens a new paragraph of the same speaker.
  {
    id: 'time-continues',
    example: '(00:01:22): the same speaker (Rev)',
    match(line) {
      const m = TIME_CONTINUES.exec(line);
      return m ? { label: '', contentStart: m[0].length, timed: true } : null;
    },
  },
  // Otter: `Name  0:07` on its own line, the text below.
  // Only alone on its line, or with a colon after the time: `By 9:00 the staff are in` is prose.
  shape('name-time', 'Name  0:07, the text below (Otter)', new RegExp(`^(${NAME})[ \\t]+(${TIME})(?:[ \\t]*$|[ \\t]*:[ \\t]*)`, 'u'), isName),
  // Teams' transcript copied from the web: `Daniel Scheufler 1 minute 16 seconds` alone on a line, the text below.
  shape('name-duration', 'Name 1 minute 16 seconds, the text below (Teams)', new RegExp(`^(${NAME})[ \\t]+(${DURATION})[ \\t]*$`, 'u'), isName),
  // A dotted leader to the time, alone on the line, the text below: `Speaker B ............... 00:00:26`.
  shape('name-dots-time', 'Name ...... 00:00:26, the text below', new RegExp(`^(${NAME})[ \\t]+\\.{3,}[ \\t]*(${TIME})[ \\t]*$`, 'u'), isName),
  // Word's transcription export: `00:00:03 Speaker 1` alone on a line, the text below.
  // A reply after a caption's time (`16:02:24 Yeah.`) is talk: a name ends in no full stop.
  shape(
    'time-name',
    '00:00:03 Speaker 1, the text below (Word)',
    new RegExp(`^(${NAME})()[ \\t]*$`, 'u'),
    // A reply after a caption's time (`16:02:24 Okay`) is talk too.
    (label) => isName(label) && !/[.?!,;]$/.test(label) && !REPLY.test(label),
    {
      afterTimestamp: true,
    },
  ),
  // A time after the colon, alone on the line (`Adam Jonas: 00:02:57`, `Speaker 1: [00:00:02]`, or typed without the space): the talk follows below.
  shape('colon-time', 'Name: 00:02:57, the text below', new RegExp(`^(${NAME})[ \\t]*:[ \\t]*${BRACKETED_TIME}[ \\t]*$`, 'u'), isName),
  shape('colon', 'Name: text', new RegExp(`^(${NAME})[ \\t]*:(?=\\s|$)()[ \\t]*`, 'u'), isName),
  // A dash may stand for the colon: `I – Hi, thanks for coming`, `C - We keep paper notes`.
  shape('initials', 'initials without a colon (MD text, MD – text)', /^([A-Z]{1,3}\d?)[ \t]+(?:[-\u2013\u2014][ \t]+)?()(?=[^\s:])/, () => true, {
    weak: true,
  }),
];

/** A timestamp before the label: `[00:01:07] Name:`, `00:01:07 Name:`, f4's `#00:01:39-8# Name:`, MAXQDA's `00:03:40.5Zack:`, an ASR export's `00:00:01,640 --> 00:00:02,590 [speaker_1]`. */
export const TIMESTAMP_PREFIX = new RegExp(
  `^(?:\\[${TIME}\\]|#${TIME}(?:-\\d+)?#|\\(${TIME}\\)(?![ \\t]*:)|${TIME}(?:[ \\t]*(?:-->|[-\u2013])[ \\t]*${TIME})?)(?:[ \\t]+|(?=\\p{Lu}))`,
  'u',
);

/**
 * Markdown bold (or underscores) around a label, its colon in or out: `**Rob:** text`,
 * `**Michael**: text`, and kramdown's attribute list after it, `**Interviewer:**{: .speaker}`; the name
 * may hold the other marker (`**SPEAKER_00:**`).
 */
export const BOLD_LABEL = /^(\*\*|__)((?:(?!\1)[^\n]){1,60}?)\1(?:\{:[^}\n]*\})?/;

/** What may follow a label inside its bold part: its time, `**Shaun: (00:00:02)**`. */
export const TIME_TAIL = new RegExp(`^[ \\t]*\\(?${TIME}\\)?[ \\t]*:?[ \\t]*$`);

/** A bold name with nothing but its talk after it, where a timestamp opens the line: `0:00:12.9 **Jen Luker** text`. */
export function boldName(inner: string): string | undefined {
  const name = inner.trim();
  // The bold marks bound it, so several people speaking together may be named: `**Safia Abdalla & Jason Staten**`.
  const words = name.split(/[ \t]+/);
  return name.length <= 80 && LETTER.test(name) && words.every((w) => CONNECTORS.has(w) || CAPITAL_OR_DIGIT.test(w)) ? name : undefined;
}

/** f4/f5transkript's timestamp at a paragraph's end, `#00:01:23-4#`: time, not talk. */
export const TRAILING_TIME = /[ \t]*#\d{1,2}:\d{2}:\d{2}(?:[-.,]\d+)?#[ \t]*$/;
