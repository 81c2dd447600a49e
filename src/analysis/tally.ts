import type { CodedTranscript } from '../coding/code-transcript.js';
import { compareCodePoints } from '../text/compare.js';
import { UNSPECIFIED } from '../transcript/perspective.js';
import type { Segment } from '../transcript/types.js';

/** Counts for one theme within one group (or over all groups). */
export interface ThemeCell {
  segmentsCoded: number;
  documentsCoded: number;
  hits: number;
  negated: number;
}

/** Coded segments and words of one group: the denominators of its shares and rates. */
export interface GroupCount {
  segments: number;
  words: number;
  documents: number;
}

/**
 * The aggregate of a run: additive counts only, so that tallies of shards (or of worker
 * threads) add up to exactly the tally of the whole corpus.
 */
export interface Tally {
  /** The attribute the groups are values of (`perspective` unless `--by` says otherwise). */
  groupBy: string;
  themeCount: number;
  documents: number;
  /** All segments, interviewer turns included. */
  segments: number;
  /** Segments that were coded (eligible), their words, and how many got at least one theme. */
  codedSegments: number;
  segmentsWithThemes: number;
  words: number;
  excerpts: number;
  groups: Map<string, GroupCount>;
  /** `cells[theme]` maps a group to its counts. */
  cells: Map<string, ThemeCell>[];
  totals: ThemeCell[];
  /** Row-major `themeCount × themeCount`: segments coded with both themes. */
  cooccurrence: number[];
}

export function createTally(groupBy: string, themeCount: number): Tally {
  return {
    groupBy,
    themeCount,
    documents: 0,
    segments: 0,
    codedSegments: 0,
    segmentsWithThemes: 0,
    words: 0,
    excerpts: 0,
    groups: new Map(),
    cells: Array.from({ length: themeCount }, () => new Map()),
    totals: Array.from({ length: themeCount }, () => emptyCell()),
    cooccurrence: new Array<number>(themeCount * themeCount).fill(0),
  };
}

function emptyCell(): ThemeCell {
  return { segmentsCoded: 0, documentsCoded: 0, hits: 0, negated: 0 };
}

function cellOf(map: Map<string, ThemeCell>, group: string): ThemeCell {
  let cell = map.get(group);
  if (!cell) {
    cell = emptyCell();
    map.set(group, cell);
  }
  return cell;
}

/** Adds one coded transcript to the tally. */
/**
 * The group a segment falls in for `--by`: its attribute, or its speaker or role where no
 * attribute of that name is given; an empty value (`hosts: []`) is unspecified.
 */
export function groupOf(segment: Segment, by: string): string {
  const value = segment.attributes[by];
  if (value !== undefined && value !== '') return value;
  if (by === 'speaker') return segment.speaker ?? UNSPECIFIED;
  if (by === 'role' && segment.speaker !== null) return segment.interviewer ? 'interviewer' : 'participant';
  return UNSPECIFIED;
}

/** Attributes every segment has without being given them: what `--by` can also group by. */
export const BUILT_IN_GROUPS = ['perspective', 'speaker', 'role'];

export function tallyTranscript(tally: Tally, coded: CodedTranscript): void {
  tally.documents++;
  // Per group met in this document, which themes it has been coded with here (documents_coded).
  const groupsInDocument = new Map<string, Uint8Array>();
  const themesInDocument = new Uint8Array(tally.themeCount);
  for (const s of coded.segments) {
    tally.segments++;
    if (!s.eligible) continue;
    const group = groupOf(s.segment, tally.groupBy);
    tally.codedSegments++;
    tally.words += s.words;
    let g = tally.groups.get(group);
    if (!g) {
      g = { segments: 0, words: 0, documents: 0 };
      tally.groups.set(group, g);
    }
    g.segments++;
    g.words += s.words;
    let themesOfGroup = groupsInDocument.get(group);
    if (!themesOfGroup) {
      groupsInDocument.set(group, (themesOfGroup = new Uint8Array(tally.themeCount)));
      g.documents++;
    }
    if (s.themes.length > 0) tally.segmentsWithThemes++;
    tally.excerpts += s.themes.length;
    for (const hit of s.themes) {
      const cell = cellOf(tally.cells[hit.theme] as Map<string, ThemeCell>, group);
      const total = tally.totals[hit.theme] as ThemeCell;
      cell.segmentsCoded++;
      cell.hits += hit.hits;
      cell.negated += hit.negated;
      total.segmentsCoded++;
      total.hits += hit.hits;
      total.negated += hit.negated;
      if (themesOfGroup[hit.theme] === 0) {
        themesOfGroup[hit.theme] = 1;
        cell.documentsCoded++;
      }
      if (themesInDocument[hit.theme] === 0) {
        themesInDocument[hit.theme] = 1;
        total.documentsCoded++;
      }
    }
    for (let a = 0; a < s.themes.length; a++) {
      for (let b = a + 1; b < s.themes.length; b++) {
        const i = (s.themes[a] as { theme: number }).theme;
        const j = (s.themes[b] as { theme: number }).theme;
        tally.cooccurrence[i * tally.themeCount + j]! += 1;
        tally.cooccurrence[j * tally.themeCount + i]! += 1;
      }
    }
  }
}

/** Adds `other` into `into`: the exact tally of both inputs together. */
export function mergeTally(into: Tally, other: Tally): void {
  into.documents += other.documents;
  into.segments += other.segments;
  into.codedSegments += other.codedSegments;
  into.segmentsWithThemes += other.segmentsWithThemes;
  into.words += other.words;
  into.excerpts += other.excerpts;
  for (const [name, g] of other.groups) {
    const mine = into.groups.get(name) ?? { segments: 0, words: 0, documents: 0 };
    into.groups.set(name, { segments: mine.segments + g.segments, words: mine.words + g.words, documents: mine.documents + g.documents });
  }
  other.cells.forEach((map, theme) => {
    for (const [group, cell] of map) addCell(cellOf(into.cells[theme] as Map<string, ThemeCell>, group), cell);
    addCell(into.totals[theme] as ThemeCell, other.totals[theme] as ThemeCell);
  });
  other.cooccurrence.forEach((n, i) => (into.cooccurrence[i]! += n));
}

function addCell(into: ThemeCell, other: ThemeCell): void {
  into.segmentsCoded += other.segmentsCoded;
  into.documentsCoded += other.documentsCoded;
  into.hits += other.hits;
  into.negated += other.negated;
}

/** Group names in code-point order, so output never depends on ICU collation. */
export function sortedGroups(tally: Tally): string[] {
  return [...tally.groups.keys()].sort(compareCodePoints);
}

/** A tally as plain JSON (maps become entry lists), for shard files. */
export function tallyToJson(tally: Tally) {
  return {
    groupBy: tally.groupBy,
    themeCount: tally.themeCount,
    documents: tally.documents,
    segments: tally.segments,
    codedSegments: tally.codedSegments,
    segmentsWithThemes: tally.segmentsWithThemes,
    words: tally.words,
    excerpts: tally.excerpts,
    groups: [...tally.groups],
    cells: tally.cells.map((map) => [...map]),
    totals: tally.totals,
    cooccurrence: tally.cooccurrence,
  };
}

export type TallyJson = ReturnType<typeof tallyToJson>;

export function tallyFromJson(json: TallyJson): Tally {
  return { ...json, groups: new Map(json.groups), cells: json.cells.map((entries) => new Map(entries)) };
}
