import type { Attributes, Paragraph } from '../types.js';
import { fieldValue, GREETING, headerBlock, markerValue, nameLike } from './header.js';
import {
  BARE_NAME,
  bareName,
  BOLD_NAME,
  classify,
  firstVisible,
  HEADING_NAME,
  isSpace,
  NAME_THEN_TIME,
  nameThenTime,
  PATTERN,
  splitLines,
  type Hit,
  type Kind,
  type RawLine,
  type TurnContext,
} from './lines.js';
import { isInterviewerRole, isPlaceholder, roleOf } from './roles.js';
import { LABEL_SHAPES, TIMESTAMP_PREFIX, TRAILING_TIME } from './shapes.js';

export type { TurnContext };

/** A body read into paragraphs, with what the reader decided about its speakers. */
export interface TurnReading {
  paragraphs: Paragraph[];
  hasSpeakers: boolean;
  /** Each speaker's label as first written, in the order they first speak. */
  speakers: string[];
  /** The label shapes that opened turns, most used first (`Name: text`, `**Name:** text`, …). */
  convention: string[];
  /** Labels whose role, written beside them once, makes them interviewers (`Leo Dion (host)`), lower-cased. */
  hosts: string[];
  /** Names a key at the top gives labels (`MD - Michelle Drumm`), by lower-cased label. */
  names: Record<string, string>;
  /** Fields of a header block before the first turn (`Name:`, `Age:`, `Place:`), by lower-cased name. */
  header: Attributes;
  /** Lines taken as the header block or the key, not as talk. */
  headerLines: number[];
  /** What the reader could not settle and a researcher should look at. */
  doubts: string[];
}

/** Words that start lines in capitals without being anyone's initials. */
const NOT_INITIALS = new Set([
  'A',
  'I',
  'OK',
  'TV',
  'UK',
  'US',
  'GP',
  'GPS',
  'NHS',
  'CQC',
  'AND',
  'BUT',
  'THE',
  'SO',
  'NO',
  'YES',
  'IT',
  'WE',
  'HE',
  'SHE',
  'MY',
  'IF',
  'OR',
  'OF',
  'IN',
  'ON',
  'AT',
  'TO',
  'BE',
  'DO',
  'AM',
  'PM',
]);
const INITIALS_LIKE = /^[A-Z]{2,3}[ \t]+[^\s:]/;

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

/** A transcription service's numbered voice (`Speaker 1`, `Speaker B`, pyannote's `Speaker_SPEAKER_04`): a label even when used once. */
const GENERIC_SPEAKER = /^(?:speaker[ _-]?){1,2}(?:\d{1,3}|[A-Z])$/i;

/**
 * Whether a label names someone who speaks whatever the document's shape: a speaker the front
 * matter lists, a numbered voice (`Speaker 1`), an interviewer's label (or a host by `name`, a key's).
 */
function speakerByName(label: string, context: TurnContext, name?: string): boolean {
  return context.speakers.has(label.toLowerCase()) || GENERIC_SPEAKER.test(label) || roleOf(label, name, context) === 'interviewer';
}

/**
 * Labels of `variant` stay labels only where the document takes its turns that way — two names or
 * more, each heading several turns — and only those names (any, with `keepOnce`), and, where
 * `speaks` is given, only if it holds for the names (with their uses) and hits found; the rest go back to
 * `otherwise` (a bold word at a paragraph's start is emphasis, a heading a section).
 */
function keepRecurringOnly(
  kinds: Kind[],
  variant: number,
  otherwise: Kind,
  keepOnce = false,
  speaks?: (uses: Map<string, number>, hits: Hit[]) => boolean,
): void {
  const uses = new Map<string, number>();
  const hits: Hit[] = [];
  for (const k of kinds) {
    if (k.kind !== 'label' || k.hit.variant !== variant) continue;
    uses.set(k.hit.label.toLowerCase(), (uses.get(k.hit.label.toLowerCase()) ?? 0) + 1);
    hits.push(k.hit);
  }
  const recurring = [...uses.values()].filter((n) => n >= 2).length >= 2 && (speaks === undefined || speaks(uses, hits));
  kinds.forEach((k, i) => {
    if (k.kind === 'label' && k.hit.variant === variant && !(recurring && (keepOnce || (uses.get(k.hit.label.toLowerCase()) ?? 0) >= 2))) kinds[i] = otherwise;
  });
}

/**
 * Whether the document's lines of talk open with their time as a habit (Zoom's captions saved
 * without names, `12:31:10 There's this fact…`): the times are then not talk. One line that
 * opens with a time (`10:30 is when we met`) is talk like any other.
 */
function timesLeadTalk(text: string, lines: RawLine[], kinds: Kind[]): boolean {
  let talk = 0;
  let timed = 0;
  kinds.forEach((k, i) => {
    if (k.kind !== 'text') return;
    talk++;
    const raw = lines[i] as RawLine;
    const at = firstVisible(text, raw.start, raw.end);
    // A time opens with a digit or a bracket: most lines are not copied to be tried.
    const c = text.charCodeAt(at);
    if (at >= 0 && ((c >= 0x30 && c <= 0x39) || c === 0x5b || c === 0x28 || c === 0x23) && TIMESTAMP_PREFIX.test(text.slice(at, raw.end))) timed++;
  });
  return timed >= 3 && timed >= 0.5 * talk;
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
 * are the habit, a label the front matter or a key names, an interviewer label, a numbered voice
 * (`Speaker 1`). A label-shaped
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

  for (let i = 0; i + 1 < kinds.length; i++) nameThenTime(text, lines, kinds, i);
  for (let i = 0; i + 1 < kinds.length; i++) bareName(text, lines, kinds, i);
  // A name above its own time line is no accident of emphasis: one voice heard once is a speaker too.
  keepRecurringOnly(kinds, NAME_THEN_TIME, { kind: 'text' }, true);
  // Bold names and headings recur in notes and changelogs too (`**Danny Ryan** said…`, `### Added`):
  // they are turns only beside an interviewer's label, a numbered voice or a speaker the front matter names, or with times.
  const speaks = (uses: Map<string, number>, hits: Hit[]) => hits.some((h) => h.timed) || [...uses.keys()].some((l) => speakerByName(l, context));
  keepRecurringOnly(kinds, BOLD_NAME, { kind: 'text' }, false, speaks);
  keepRecurringOnly(kinds, HEADING_NAME, { kind: 'heading' }, false, speaks);
  // A name alone on its line is a title or a heading unless one of the names that recur is the kind
  // that speaks, or Otter's `Unknown Speaker`.
  keepRecurringOnly(kinds, BARE_NAME, { kind: 'text' }, false, (uses) => [...uses].some(([l, n]) => n >= 2 && (speakerByName(l, context) || isPlaceholder(l))));

  const names = new Map<string, string>();
  for (const k of kinds) if (k.kind === 'key') for (const { label, name } of k.keys) names.set(label.toLowerCase(), name);

  // Counted by the label as written, then folded to lower case: far fewer labels than lines.
  const written = new Map<string, number>();
  const valueAt = (i: number, hit: Hit) => text.slice(hit.contentStart, (lines[i] as RawLine).end);
  // Whether talk follows a label line below it (`Name: [00:01:22]`, then the text), not another label.
  const talkBelow = (i: number) => {
    let next = i + 1;
    while (kinds[next]?.kind === 'blank' || kinds[next]?.kind === 'skip') next++;
    const below = kinds[next];
    // A line opening with initials-like words (`I look for…`) is talk until initials are accepted, later.
    return below?.kind === 'text' || (below?.kind === 'label' && below.hit.weak);
  };
  const isMarker = (value: string) => value.trim() === '' || markerValue(value) !== undefined;
  // Labels every one of whose lines holds a name, a link or a time with no talk below (`Presenter: Leo Balter (LEO)`, `**Break**: [28:03]`): fields of a document of several parts, or markers, not speech.
  const talking = new Set<string>();
  // Timed labels of each shape: where they are the habit, one used once is a speaker too.
  const timedHits = new Map<number, number>();
  kinds.forEach((k, i) => {
    if (k.kind !== 'label' || k.hit.weak) return;
    const { label } = k.hit;
    written.set(label, (written.get(label) ?? 0) + 1);
    if (k.hit.timed) timedHits.set(k.hit.variant, (timedHits.get(k.hit.variant) ?? 0) + 1);
    if (talking.has(label)) return;
    // A label with nothing after it but a time speaks only if talk follows below it.
    const value = valueAt(i, k.hit).trim();
    if (value === '' || markerValue(value) === 'time' ? talkBelow(i) : k.hit.timed || !fieldValue(value)) talking.add(label);
  });
  const counts = new Map<string, number>();
  for (const [label, n] of written) counts.set(label.toLowerCase(), (counts.get(label.toLowerCase()) ?? 0) + n);
  const talks = new Set([...talking].map((label) => label.toLowerCase()));
  const initials = acceptedInitials(
    kinds,
    names,
    [...counts.values()].some((n) => n >= 2),
  );
  const repeatedFields = new LabelMemo(
    (hit) => !hit.weak && hit.label !== '' && (counts.get(hit.label.toLowerCase()) ?? 0) >= 2 && !talks.has(hit.label.toLowerCase()),
  );
  const isField = (hit: Hit) => repeatedFields.get(hit);
  const known = (label: string) => names.has(label.toLowerCase()) || speakerByName(label, context, names.get(label.toLowerCase()));
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

  const leadingTime = timesLeadTalk(text, lines, kinds);

  const paragraphs: Paragraph[] = [];
  const speakers: string[] = [];
  // Folded labels, so a new turn costs a set lookup, not a scan of the speakers.
  const spoken = new Set<string>();
  const shapes = new Map<string, number>();
  const oneOffs: string[] = [];
  const hosts = new Set<string>();
  let open: Paragraph | null = null;
  let speaker: string | null = null;
  let speakerFolded = '';
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
    // A marker never spoken by anyone (`Break: [28:03]`, used once or more) is neither a turn nor talk.
    const marker = kind.kind === 'label' && !kind.hit.weak && !talking.has(kind.hit.label) && isMarker(valueAt(i, kind.hit));
    if (kind.kind === 'heading' || isHeader.has(i) || kind.kind === 'key' || (kind.kind === 'label' && isField(kind.hit)) || marker) {
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
    let contentStart: number;
    if (kind.kind === 'label' && opensTurnOnce(kind.hit)) {
      close();
      const { label } = kind.hit;
      shapes.set(kind.hit.shape, (shapes.get(kind.hit.shape) ?? 0) + 1);
      // The same speaker labelled again (Otter and others repeat the label on every paragraph) goes on with the turn;
      // Otter's `Unknown Speaker` may be anyone, so each of its labels opens a turn.
      const folded = label === speaker ? speakerFolded : label.toLowerCase();
      if (label !== '' && (speaker === null || speakerFolded !== folded || isPlaceholder(label))) {
        speaker = label;
        speakerFolded = folded;
        turn = turns++;
        if (!spoken.has(folded)) {
          spoken.add(folded);
          speakers.push(label);
        }
      }
      contentStart = kind.hit.contentStart;
      if (kind.hit.role !== undefined && (isInterviewerRole(kind.hit.role) || context.interviewer.has(kind.hit.role.toLowerCase())))
        hosts.add(label.toLowerCase());
    } else {
      if (kind.kind === 'label' && !kind.hit.weak && kind.hit.label !== '') {
        oneOffs.push(`label '${kind.hit.label}' used once (line ${raw.line}), read as talk of the turn it is in`);
      }
      const content = text.slice(raw.start, raw.end);
      contentStart = raw.start + (content.length - content.trimStart().length);
      const time = leadingTime ? TIMESTAMP_PREFIX.exec(text.slice(contentStart, raw.end)) : null;
      // Each timed line is a caption of its own, so no time falls inside a paragraph's text.
      if (time) {
        close();
        contentStart += time[0].length;
      }
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
    const capitals = kinds.reduce(
      (n, k, i) =>
        n +
        ((k.kind === 'text' || k.kind === 'label') && INITIALS_LIKE.test(text.slice((lines[i] as RawLine).start, (lines[i] as RawLine).end).trimStart())
          ? 1
          : 0),
      0,
    );
    if (capitals >= 10)
      doubts.push(
        `no speaker labels found, but ${capitals} lines start with two or three capitals: are they initials? (a key such as 'MD - Mary Doe' at the top, or --speaker-pattern, reads them)`,
      );
  }
  const convention = [...shapes].sort((a, b) => b[1] - a[1]).map(([s]) => s);
  if (initials.size > 0 && names.size > 0) convention.push('with a key of initials');
  return { paragraphs, hasSpeakers: turns > 0, speakers, convention, hosts: [...hosts], names: Object.fromEntries(names), header, headerLines, doubts };
}
