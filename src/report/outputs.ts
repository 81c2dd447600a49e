import type { CorpusResult } from '../code-corpus.js';
import type { Theme } from '../codebook/types.js';
import { FORMATTERS, type FormatOptions } from './formats/index.js';
import type { Summary } from './summary.js';
import { cooccurrenceTable, excerptColumns, frequencyTable, type Cell, type Table } from './tables.js';
import { tokenize } from '../text/tokenize.js';

/** The output files of `qcode code --out`, in the order they are written. */
export const OUTPUT_FILES = ['excerpts.csv', 'frequencies.csv', 'cooccurrence.csv', 'summary.json'] as const;

function around(text: string, start: number, end: number, words: number): [string, string] {
  const before = tokenize(text, Math.max(0, start - words * 40 - 40), start);
  const after = tokenize(text, end, Math.min(text.length, end + words * 40 + 40));
  const first = before[Math.max(0, before.length - words)];
  const last = after[Math.min(after.length, words) - 1];
  const clean = (s: string) => s.replace(/\s+/g, ' ').trim();
  return [first ? clean(text.slice(first.start, start)) : '', last ? clean(text.slice(end, last.end)) : ''];
}

/** One row per coded segment and theme, in document, segment and codebook order. */
export function excerptTable(result: CorpusResult, themes: Theme[], context: number): Table {
  const options = { attributeColumns: result.attributeColumns, context };
  const rows = result.excerpts.map(({ segment, hit, text, source }): Cell[] => {
    const theme = themes[hit.theme] as Theme;
    return [
      segment.document, segment.id, segment.line, segment.start, segment.end, segment.speaker ?? '',
      segment.attributes.perspective ?? '',
      ...result.attributeColumns.map((c) => segment.attributes[c] ?? ''),
      theme.id, theme.label, hit.terms.join('; '), hit.hits, hit.negated, text,
      ...(context > 0 ? around(source, segment.start, segment.end, context) : []),
    ];
  });
  return { name: 'excerpts', columns: excerptColumns(options), rows };
}

export function tableByName(name: 'excerpts' | 'frequencies' | 'cooccurrence', result: CorpusResult, themes: Theme[], context: number): Table {
  if (name === 'excerpts') return excerptTable(result, themes, context);
  if (name === 'frequencies') return frequencyTable(result.tally, themes);
  return cooccurrenceTable(result.tally, themes);
}

export function summaryJson(summary: Summary): string {
  return `${JSON.stringify(summary, null, 2)}\n`;
}

/** The contents of every output file, rendered in memory before anything is written. */
export function renderOutputFiles(
  result: CorpusResult,
  themes: Theme[],
  summary: Summary,
  options: FormatOptions & { context: number },
): Map<string, string> {
  return new Map<string, string>([
    ['excerpts.csv', FORMATTERS.csv(excerptTable(result, themes, options.context), options)],
    ['frequencies.csv', FORMATTERS.csv(frequencyTable(result.tally, themes), options)],
    ['cooccurrence.csv', FORMATTERS.csv(cooccurrenceTable(result.tally, themes), options)],
    ['summary.json', summaryJson(summary)],
  ]);
}
