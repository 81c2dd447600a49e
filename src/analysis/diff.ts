import { compareCodePoints } from '../text/compare.js';
import type { SegmentSet } from './segment-set.js';

/** One coded segment as a results folder records it. */
export interface CodedRow {
  /**
   * Its themes, each followed by the words it matched (`matched_terms`): a pair of strings each,
   * lighter than a map per segment when a large run has hundreds of thousands of them.
   */
  themes: string[];
  speaker: string;
  /** Stands for its text: equal digests, equal texts. */
  digest: number;
}

/** What a `qcode code --out` folder says was coded: per segment, its themes and text. */
export interface Results {
  /** Coded segments by id, in the order `excerpts.csv` lists them. */
  coded: Map<string, CodedRow>;
  /** Theme labels by id, as the run's codebook had them. */
  labels: Map<string, string>;
  /** Every segment of the run (from `segments.csv`), or undefined when the folder has none. */
  segments: SegmentSet | undefined;
  /** The texts of these coded segments, read when asked for: a large run's do not fit in memory. */
  texts(ids: string[]): Map<string, string>;
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

/** The words `theme` matched in a coded segment's themes, or undefined when it is not among them. */
export function termsOf(themes: readonly string[] | undefined, theme: string): string | undefined {
  if (themes) for (let i = 0; i < themes.length; i += 2) if (themes[i] === theme) return themes[i + 1];
  return undefined;
}

/**
 * Segment ids in document order, then by number (`doc#9` before `doc#10`). Each id is split
 * once and its document ranked once, rather than compared character by character at every
 * comparison: a large run has millions of ids and thousands of documents.
 */
export function sortedSegments(ids: Iterable<string>): string[] {
  const keys = [...ids].map((id) => {
    const hash = id.lastIndexOf('#');
    return { id, document: id.slice(0, hash), number: Number(id.slice(hash + 1)), rank: 0 };
  });
  const documents = [...new Set(keys.map((k) => k.document))].sort(compareCodePoints);
  const rank = new Map(documents.map((d, i) => [d, i]));
  for (const key of keys) key.rank = rank.get(key.document) as number;
  keys.sort((a, b) => a.rank - b.rank || (Number.isNaN(a.number) || Number.isNaN(b.number) ? compareCodePoints(a.id, b.id) : a.number - b.number));
  return keys.map((key) => key.id);
}

/**
 * Per theme, the segments a codebook change made it code (gained) and stop coding (lost), with
 * their text: what `qcode diff` shows after an edit. Themes in the order the newer run lists them,
 * then any only the older one had; segments in document order.
 */
export function diffResults(before: Results, after: Results): ResultsDiff {
  const shared = (id: string) => (before.segments === undefined || before.segments.has(id)) && (after.segments === undefined || after.segments.has(id));
  const themes = [...new Set([...after.labels.keys(), ...before.labels.keys()])];
  const ids = sortedSegments([...new Set([...before.coded.keys(), ...after.coded.keys()])].filter(shared));
  // Each segment looked up once, not once per theme.
  const olds = ids.map((id) => before.coded.get(id)?.themes);
  const news = ids.map((id) => after.coded.get(id)?.themes);
  const changes = themes.map((theme) => {
    const gained: string[] = [];
    const lost: string[] = [];
    let was = 0;
    let is = 0;
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k] as string;
      const inOld = termsOf(olds[k], theme) !== undefined;
      const inNew = termsOf(news[k], theme) !== undefined;
      if (inOld) was++;
      if (inNew) is++;
      if (inNew && !inOld) gained.push(id);
      if (inOld && !inNew) lost.push(id);
    }
    return { theme, was, is, gained, lost };
  });
  const textsAfter = after.texts([...new Set(changes.flatMap((c) => c.gained))]);
  const textsBefore = before.texts([...new Set(changes.flatMap((c) => c.lost))]);
  const change =
    (results: Results, texts: Map<string, string>, theme: string) =>
    (id: string): SegmentChange => {
      const row = results.coded.get(id);
      return { segment: id, speaker: row?.speaker ?? '', text: texts.get(id) ?? '', terms: termsOf(row?.themes, theme) ?? '' };
    };
  const out = changes.map(({ theme, was, is, gained, lost }): ThemeDiff => ({
    theme,
    label: after.labels.get(theme) ?? before.labels.get(theme) ?? '',
    before: was,
    after: is,
    gained: gained.map(change(after, textsAfter, theme)),
    lost: lost.map(change(before, textsBefore, theme)),
  }));
  const count = (a: SegmentSet | undefined, b: SegmentSet | undefined) => {
    let only = 0;
    if (a && b) for (const id of a) if (!b.has(id)) only++;
    return only;
  };
  const edited = ids.filter((id) => {
    const a = before.coded.get(id);
    const b = after.coded.get(id);
    return a !== undefined && b !== undefined && a.digest !== b.digest;
  });
  return {
    themes: out,
    edited,
    oneSided: (before.segments === undefined) !== (after.segments === undefined),
    onlyBefore: count(before.segments, after.segments),
    onlyAfter: count(after.segments, before.segments),
  };
}
