import { sortedGroups, type Tally } from '../analysis/tally.js';
import type { Skipped } from '../transcript/discover.js';

/** Per-document figures reported in `summary.json`. */
export interface DocumentSummary {
  document: string;
  segments: number;
  coded_segments: number;
  words: number;
  speakers: boolean;
}

/** What a summary is built from: the run's counts and its lists. */
export interface RunRecord {
  tally: Tally;
  documents: DocumentSummary[];
  skipped: Skipped[];
  warnings: string[];
}

export interface SummaryOptions {
  version: string;
  codebookSource: string;
  unit: string;
  includeInterviewer: boolean;
}

/** The run as data: what was coded, with what, and what was skipped and why. No clock, no absolute paths. */
export function buildSummary(result: RunRecord, codebook: { name: string; version: string; themes: unknown[] }, options: SummaryOptions) {
  const { tally } = result;
  return {
    qcode: options.version,
    codebook: { name: codebook.name, version: codebook.version, source: options.codebookSource, themes: codebook.themes.length },
    options: { unit: options.unit, group_by: tally.groupBy, include_interviewer: options.includeInterviewer },
    counts: {
      documents: tally.documents,
      skipped: result.skipped.length,
      segments: tally.segments,
      coded_segments: tally.codedSegments,
      segments_with_themes: tally.segmentsWithThemes,
      excerpts: tally.excerpts,
      words: tally.words,
    },
    groups: Object.fromEntries(sortedGroups(tally).map((g) => [g, tally.groups.get(g)])),
    documents: result.documents,
    skipped: result.skipped,
    warnings: result.warnings,
  };
}

export type Summary = ReturnType<typeof buildSummary>;
