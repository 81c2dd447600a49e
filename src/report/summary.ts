import type { CorpusResult } from '../corpus/code-corpus.js';
import type { Codebook } from '../codebook/types.js';
import { sortedGroups } from '../analysis/tally.js';

export interface SummaryOptions {
  version: string;
  codebookSource: string;
  unit: string;
  includeInterviewer: boolean;
}

/** The run as data: what was coded, with what, and what was skipped and why. No clock, no absolute paths. */
export function buildSummary(result: CorpusResult, codebook: Codebook, options: SummaryOptions) {
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
