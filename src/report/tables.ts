import { sortedGroups, type Tally, type ThemeCell } from '../analysis/tally.js';
import type { Theme } from '../codebook/types.js';

export type Cell = string | number;

/** A named table of rows: what every output format renders. */
export interface Table {
  name: string;
  columns: string[];
  rows: Cell[][];
}

/** The tables `qcode code` writes; `--table` takes these names. */
export const TABLE_NAMES = ['excerpts', 'frequencies', 'cooccurrence', 'summary'] as const;
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
    'document', 'segment_id', 'line', 'start', 'end', 'speaker', 'perspective',
    ...options.attributeColumns,
    'theme_id', 'theme_label', 'matched_terms', 'hits', 'negated_hits', 'text',
    ...(options.context > 0 ? ['context_before', 'context_after'] : []),
  ];
}

export const FREQUENCY_MEASURES = [
  'segments', 'segments_coded', 'share', 'documents_coded', 'hits', 'negated_hits', 'words', 'hits_per_1000_words',
];

/**
 * Per theme and group: segments coded and their share of the group's segments, documents coded,
 * hits and hits per 1,000 words; then the theme's total over all groups.
 */
export function frequencyTable(tally: Tally, themes: Theme[]): Table {
  const groups = sortedGroups(tally);
  const rows: Cell[][] = [];
  const row = (theme: Theme, group: string, cell: ThemeCell, segments: number, words: number): Cell[] => [
    theme.id, theme.label, group, segments, cell.segmentsCoded, ratio(cell.segmentsCoded, segments, 4),
    cell.documentsCoded, cell.hits, cell.negated, words, ratio(cell.hits * 1000, words, 2),
  ];
  const empty: ThemeCell = { segmentsCoded: 0, documentsCoded: 0, hits: 0, negated: 0 };
  themes.forEach((theme, t) => {
    for (const group of groups) {
      const g = tally.groups.get(group) ?? { segments: 0, words: 0, documents: 0 };
      rows.push(row(theme, group, tally.cells[t]?.get(group) ?? empty, g.segments, g.words));
    }
    rows.push(row(theme, ALL_GROUPS, tally.totals[t] ?? empty, tally.codedSegments, tally.words));
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
