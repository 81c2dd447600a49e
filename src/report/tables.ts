import { chiSquare } from '../analysis/chi-square.js';
import { sortedGroups, type Tally, type ThemeCell } from '../analysis/tally.js';
import type { Theme } from '../codebook/types.js';
import type { CodedTranscript } from '../coding/code-transcript.js';
import { forEachPart, type ThemeHits } from '../coding/code-span.js';
import { countWords } from '../text/tokenize.js';
import { around } from '../text/around.js';
import { codePointCounter } from '../text/code-points.js';
import type { Segment } from '../transcript/types.js';

export type Cell = string | number;

/** A named table of rows: what every output format renders. */
export interface Table {
  name: string;
  columns: string[];
  rows: Cell[][];
}

/** The tables `qcode code` writes; `--table` takes these names. */
export const TABLE_NAMES = ['excerpts', 'segments', 'frequencies', 'cooccurrence', 'summary'] as const;
export type TableName = (typeof TABLE_NAMES)[number];

/** The group label of the total rows in the frequency table. */
export const ALL_GROUPS = '(all)';

const round = (value: number, places: number) => {
  const factor = 10 ** places;
  return Math.round(value * factor) / factor;
};

function ratio(part: number, whole: number, places: number): number {
  return whole === 0 ? 0 : round(part / whole, places);
}

export interface ExcerptOptions {
  /** Attribute columns besides perspective, in output order. */
  attributeColumns: string[];
  /** Words of context to add before and after each excerpt (0 for none). */
  context: number;
}

export function excerptColumns(options: ExcerptOptions): string[] {
  return [
    'document',
    'segment_id',
    'line',
    'start',
    'end',
    'speaker',
    'speaker_name',
    'perspective',
    ...options.attributeColumns,
    'theme_id',
    'theme_label',
    'matched_terms',
    'hits',
    'negated_hits',
    'text',
    ...(options.context > 0 ? ['context_before', 'context_after'] : []),
  ];
}

/** Where a segment is and who said it: the first cells of its excerpt rows and of its segments row. */
function placeCells(segment: CodedTranscript['segments'][number]['segment'], points: (offset: number) => number): Cell[] {
  return [segment.document, segment.id, segment.line, points(segment.start), points(segment.end), segment.speaker ?? '', segment.speakerName ?? ''];
}

/**
 * Each coded segment's excerpt cells, in the row's three runs: those before the theme's (document,
 * speaker, attributes), the theme's own (`themeCells`), and those after (text, context). A row is
 * `[...lead, ...themeCells(theme, hit), ...trail]`, one per theme the segment is coded with.
 */
export function* excerptSegments(coded: CodedTranscript, options: ExcerptOptions): Generator<{ lead: Cell[]; hits: readonly ThemeHits[]; trail: Cell[] }> {
  const points = codePointCounter(coded.text);
  for (const { segment, themes: hits } of coded.segments) {
    if (hits.length === 0) continue;
    const lead = [...placeCells(segment, points), segment.attributes.perspective ?? '', ...options.attributeColumns.map((c) => segment.attributes[c] ?? '')];
    const context = options.context > 0 ? around(coded.text, segment.start, segment.end, options.context) : [];
    yield { lead, hits, trail: [coded.text.slice(segment.start, segment.end), ...context] };
  }
}

export function themeCells(theme: Theme, hit: ThemeHits): Cell[] {
  return [theme.id, theme.label, hit.terms.join('; '), hit.hits, hit.negated];
}

/** One row per coded segment and theme, in segment then codebook order. */
export function excerptRows(coded: CodedTranscript, themes: Theme[], options: ExcerptOptions): Cell[][] {
  const rows: Cell[][] = [];
  for (const { lead, hits, trail } of excerptSegments(coded, options)) {
    for (const hit of hits) rows.push([...lead, ...themeCells(themes[hit.theme] as Theme, hit), ...trail]);
  }
  return rows;
}

/** Every segment, coded or not, so what was left out can be seen (and agreed on) too. */
export const SEGMENT_COLUMNS = ['document', 'segment_id', 'line', 'start', 'end', 'speaker', 'speaker_name', 'role', 'perspective', 'words', 'themes'];

/** A document's rows of the segments table: one per segment, with its role, words and the number of themes coded. */
export function segmentRows(coded: CodedTranscript): Cell[][] {
  const points = codePointCounter(coded.text);
  return coded.segments.map((s) => segmentRow(coded, s, points));
}

/** The words of a segment's talk, its gaps (a label written again) left out. */
function talkWords(text: string, segment: Segment): number {
  if (segment.gaps === undefined) return countWords(text, segment.start, segment.end);
  let words = 0;
  forEachPart(segment.start, segment.end, segment.gaps, (from, to) => (words += countWords(text, from, to)));
  return words;
}

/** One row of the segments table. */
export function segmentRow(
  coded: CodedTranscript,
  { segment, eligible, words, themes }: CodedTranscript['segments'][number],
  points: (offset: number) => number,
): Cell[] {
  return [
    ...placeCells(segment, points),
    segment.speaker === null ? '' : segment.interviewer ? 'interviewer' : 'participant',
    segment.attributes.perspective ?? '',
    // Interviewer turns are not coded, so their words were not counted there.
    eligible ? words : talkWords(coded.text, segment),
    themes.length,
  ];
}

export const FREQUENCY_MEASURES = [
  'segments',
  'segments_coded',
  'share',
  'documents_coded',
  'hits',
  'negated_hits',
  'words',
  'hits_per_1000_words',
  'residual',
  'chi_square',
  'df',
  'p_value',
  'low_expected',
];

const significant = (value: number, digits: number) => Number(value.toPrecision(digits));

/**
 * Per theme and group: segments coded and their share of the group's segments, documents coded,
 * hits and hits per 1,000 words, and the adjusted standardised residual of the coded count (above
 * 2 or below -2: the group codes the theme notably more or less than the others); then the
 * theme's total over all groups, with a chi-square test of whether its use differs between groups.
 */
export function frequencyTable(tally: Tally, themes: Theme[]): Table {
  const groups = sortedGroups(tally);
  const rows: Cell[][] = [];
  const row = (theme: Theme, group: string, cell: ThemeCell, segments: number, words: number): Cell[] => [
    theme.id,
    theme.label,
    group,
    segments,
    cell.segmentsCoded,
    ratio(cell.segmentsCoded, segments, 4),
    cell.documentsCoded,
    cell.hits,
    cell.negated,
    words,
    ratio(cell.hits * 1000, words, 2),
  ];
  const empty: ThemeCell = { segmentsCoded: 0, documentsCoded: 0, hits: 0, negated: 0 };
  const totals = groups.map((group) => tally.groups.get(group)?.segments ?? 0);
  themes.forEach((theme, t) => {
    const cells = groups.map((group) => tally.cells[t]?.get(group) ?? empty);
    const test = chiSquare(
      cells.map((c) => c.segmentsCoded),
      totals,
    );
    groups.forEach((group, g) => {
      const words = tally.groups.get(group)?.words ?? 0;
      rows.push([...row(theme, group, cells[g] as ThemeCell, totals[g] as number, words), test ? round(test.residuals[g] as number, 3) : '', '', '', '', '']);
    });
    rows.push([
      ...row(theme, ALL_GROUPS, tally.totals[t] ?? empty, tally.codedSegments, tally.words),
      '',
      ...(test ? [round(test.statistic, 3), test.df, significant(test.p, 4), test.lowExpected ? 'yes' : 'no'] : ['', '', '', '']),
    ]);
  });
  return { name: 'frequencies', columns: ['theme_id', 'theme_label', tally.groupBy, ...FREQUENCY_MEASURES], rows };
}

/** Segments coded with both themes, for every pair of themes, with the Jaccard index of the two. */
export function cooccurrenceTable(tally: Tally, themes: Theme[]): Table {
  const rows: Cell[][] = [];
  const n = themes.length;
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      const both = tally.cooccurrence[a * n + b] ?? 0;
      const either = (tally.totals[a]?.segmentsCoded ?? 0) + (tally.totals[b]?.segmentsCoded ?? 0) - both;
      rows.push([themes[a]!.id, themes[b]!.id, both, ratio(both, either, 4)]);
    }
  }
  return { name: 'cooccurrence', columns: ['theme_a', 'theme_b', 'segments', 'jaccard'], rows };
}
