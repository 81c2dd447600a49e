import { compareCodePoints } from '../text/compare.js';

/** One coded segment as a results folder records it. */
export interface CodedRow {
  /** Its themes, each with the words it matched (`matched_terms`). */
  themes: Map<string, string>;
  speaker: string;
  text: string;
}

/** What a `qcode code --out` folder says was coded: per segment, its themes and text. */
export interface Results {
  /** Coded segments by id, in the order `excerpts.csv` lists them. */
  coded: Map<string, CodedRow>;
  /** Theme labels by id, as the run's codebook had them. */
  labels: Map<string, string>;
  /** Every segment of the run (from `segments.csv`), or undefined when the folder has none. */
  segments: Set<string> | undefined;
}

/** A segment a theme gained or lost between two runs. */
export interface SegmentChange {
  segment: string;
  speaker: string;
  text: string;
  /** The words the theme matched in it, in the run that coded it. */
  terms: string;
}

/** How one theme's coding changed between two runs. */
export interface ThemeDiff {
  theme: string;
  label: string;
  before: number;
  after: number;
  gained: SegmentChange[];
  lost: SegmentChange[];
}

export interface ResultsDiff {
  themes: ThemeDiff[];
  /** Only one of the runs lists every segment (segments.csv): the other's uncoded segments cannot be told from ones it never cut. */
  oneSided: boolean;
  /** Segments both runs coded whose text differs: the transcripts changed, not only the codebook. */
  edited: string[];
  /** Segments only one of the runs cut (different transcripts or unit): their coding is not compared. */
  onlyBefore: number;
  onlyAfter: number;
}

/** Segment ids in document order, then by number: `doc#9` before `doc#10`. */
export function bySegment(a: string, b: string): number {
  const [docA, numA] = [a.slice(0, a.lastIndexOf('#')), Number(a.slice(a.lastIndexOf('#') + 1))];
  const [docB, numB] = [b.slice(0, b.lastIndexOf('#')), Number(b.slice(b.lastIndexOf('#') + 1))];
  return compareCodePoints(docA, docB) || (Number.isNaN(numA) || Number.isNaN(numB) ? compareCodePoints(a, b) : numA - numB);
}

/**
 * Per theme, the segments a codebook change made it code (gained) and stop coding (lost), with
 * their text: what `qcode diff` shows after an edit. Themes in the order the newer run lists them,
 * then any only the older one had; segments in document order.
 */
export function diffResults(before: Results, after: Results): ResultsDiff {
  const shared = (id: string) => (before.segments === undefined || before.segments.has(id)) && (after.segments === undefined || after.segments.has(id));
  const themes = [...new Set([...after.labels.keys(), ...before.labels.keys()])];
  const ids = [...new Set([...before.coded.keys(), ...after.coded.keys()])].filter(shared).sort(bySegment);
  const out = themes.map((theme): ThemeDiff => {
    const gained: SegmentChange[] = [];
    const lost: SegmentChange[] = [];
    let was = 0;
    let is = 0;
    for (const id of ids) {
      const old = before.coded.get(id);
      const now = after.coded.get(id);
      const inOld = old?.themes.has(theme) ?? false;
      const inNew = now?.themes.has(theme) ?? false;
      if (inOld) was++;
      if (inNew) is++;
      if (inNew && !inOld && now) gained.push({ segment: id, speaker: now.speaker, text: now.text, terms: now.themes.get(theme) ?? '' });
      if (inOld && !inNew && old) lost.push({ segment: id, speaker: old.speaker, text: old.text, terms: old.themes.get(theme) ?? '' });
    }
    return { theme, label: after.labels.get(theme) ?? before.labels.get(theme) ?? '', before: was, after: is, gained, lost };
  });
  const count = (a: Set<string> | undefined, b: Set<string> | undefined) => (a && b ? [...a].filter((id) => !b.has(id)).length : 0);
  const edited = ids.filter((id) => {
    const a = before.coded.get(id);
    const b = after.coded.get(id);
    return a !== undefined && b !== undefined && a.text !== b.text;
  });
  return {
    themes: out,
    edited,
    oneSided: (before.segments === undefined) !== (after.segments === undefined),
    onlyBefore: count(before.segments, after.segments),
    onlyAfter: count(after.segments, before.segments),
  };
}
