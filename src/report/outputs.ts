import type { Tally } from '../analysis/tally.js';
import type { Theme } from '../codebook/types.js';
import { FORMATTERS, type FormatOptions } from './formats/index.js';
import type { Summary } from './summary.js';
import { cooccurrenceTable, frequencyTable } from './tables.js';

/** The output files of `qcode code --out`. */
export const OUTPUT_FILES = ['excerpts.csv', 'segments.csv', 'frequencies.csv', 'cooccurrence.csv', 'summary.json', 'report.html', 'project.qdpx'] as const;

export function summaryJson(summary: Summary): string {
  return `${JSON.stringify(summary, null, 2)}\n`;
}

/** The aggregate output files (excerpts are streamed separately), rendered in memory. */
export function renderAggregateFiles(tally: Tally, themes: Theme[], summary: Summary, options: FormatOptions): Map<string, string> {
  return new Map<string, string>([
    ['frequencies.csv', FORMATTERS.csv(frequencyTable(tally, themes), options)],
    ['cooccurrence.csv', FORMATTERS.csv(cooccurrenceTable(tally, themes), options)],
    ['summary.json', summaryJson(summary)],
  ]);
}
