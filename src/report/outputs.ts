import type { Tally } from '../analysis/tally.js';
import type { Theme } from '../codebook/types.js';
import { FORMATTERS, type FormatOptions } from './formats/index.js';
import type { Summary } from './summary.js';
import { cooccurrenceTable, frequencyTable } from './tables.js';
import { FILES } from '../output/names.js';

export function summaryJson(summary: Summary): string {
  return `${JSON.stringify(summary, null, 2)}\n`;
}

/** The aggregate output files (excerpts are streamed separately), rendered in memory. */
export function renderAggregateFiles(tally: Tally, themes: Theme[], summary: Summary, options: FormatOptions): Map<string, string> {
  return new Map<string, string>([
    [FILES.frequencies, FORMATTERS.csv(frequencyTable(tally, themes), options)],
    [FILES.cooccurrence, FORMATTERS.csv(cooccurrenceTable(tally, themes), options)],
    [FILES.summary, summaryJson(summary)],
  ]);
}
