import { resolve } from 'node:path';
import { compileCodebook } from '../codebook/compile.js';
import { BUILT_IN_CODEBOOK, loadCodebook } from '../codebook/load.js';
import type { Codebook, Unit } from '../codebook/types.js';
import { UsageError } from '../diagnostics.js';
import { FORMATTERS, type FormatName } from '../report/formats/index.js';
import type { Cell } from '../report/tables.js';
import { around } from '../text/around.js';
import type { Skipped } from '../transcript/discover.js';
import { readCodedTranscripts, segmentSettings } from '../coding/read-segments.js';
import { formatCount, paintFor, type Io } from './io.js';
import { codePointCounter } from '../text/code-points.js';

export interface KwicFlags {
  codebook?: string;
  window?: string;
  exact?: boolean;
  unit?: Unit;
  includeInterviewer?: boolean;
  format?: FormatName;
}

const COLUMNS = ['document', 'from', 'to', 'pre', 'keyword', 'post', 'segment_id', 'speaker', 'perspective'];

/** The codebook and theme a KWIC term stands for: a theme of the codebook, or a rule of its own. */
function termTheme(term: string, base: Codebook, exact: boolean): { codebook: Codebook; theme: number } {
  const theme = base.themes.findIndex((t) => t.id === term);
  if (theme >= 0) return { codebook: base, theme };
  const rule = { keywords: [] as string[], exact: [] as string[], patterns: [] as string[] };
  if (term.includes('*')) rule.patterns.push(term);
  else if (exact) rule.exact.push(term);
  else rule.keywords.push(term);
  const only = {
    id: 'kwic',
    label: term,
    parent: null,
    definition: '',
    whenToUse: '',
    whenNotToUse: '',
    examples: [],
    regex: [],
    near: [],
    exclude: [],
    threshold: 1,
    weights: {},
    ...rule,
  };
  return { codebook: { ...base, themes: [only] }, theme: 0 };
}

/** `qcode kwic TERM [inputs…]`: every place a term (or a theme's rules) matches, with words either side. */
export async function kwicCommand(term: string, inputs: string[], flags: KwicFlags, io: Io): Promise<number> {
  if (term.trim() === '') throw new UsageError('qcode kwic needs a term: a word, a phrase, a wildcard such as collaborat*, or a theme id');
  const window = flags.window === undefined ? 5 : Number(flags.window);
  if (!Number.isInteger(window) || window < 0 || window > 100)
    throw new UsageError(`--window takes a whole number of words from 0 to 100, not '${flags.window}'`);
  const base = loadCodebook(
    flags.codebook === undefined ? BUILT_IN_CODEBOOK : resolve(io.cwd, flags.codebook),
    flags.codebook ?? 'codebooks/partnership.yaml',
  ).codebook;
  const { codebook, theme } = termTheme(term, base, flags.exact === true);
  const compiled = compileCodebook(codebook);
  const skipped: Skipped[] = [];
  const rows: Cell[][] = [];
  let transcripts = 0;
  const settings = segmentSettings(codebook, { unit: flags.unit, includeInterviewer: flags.includeInterviewer });
  for await (const { source, transcript, coded } of readCodedTranscripts(inputs.length > 0 ? inputs : ['.'], io.cwd, compiled, settings, (s) =>
    skipped.push(s),
  )) {
    transcripts++;
    const points = codePointCounter(transcript.text);
    for (const s of coded.segments) {
      for (const [start, end] of s.themes.find((h) => h.theme === theme)?.spans ?? []) {
        // Context stays within the segment, so it never runs into the next speaker's label.
        const segmentText = transcript.text.slice(s.segment.start, s.segment.end);
        const [pre, post] = around(segmentText, start - s.segment.start, end - s.segment.start, window);
        rows.push([
          source.document,
          points(start),
          points(end),
          pre,
          transcript.text.slice(start, end).replace(/\s+/g, ' '),
          post,
          s.segment.id,
          s.segment.speaker ?? '',
          s.segment.attributes.perspective ?? '',
        ]);
      }
    }
  }
  const paint = await paintFor(io, io.stdout);
  const format = flags.format ?? (io.stdout.isTTY ? 'table' : 'csv');
  if (format === 'table') {
    const width = Math.max(0, ...rows.map((r) => String(r[3]).length));
    for (const r of rows) io.stdout.write(`${String(r[3]).padStart(width)} ${paint.bold(String(r[4]))} ${String(r[5])}   ${paint.dim(String(r[6]))}\n`);
  } else {
    io.stdout.write(FORMATTERS[format]({ name: 'kwic', columns: COLUMNS, rows }, { sanitize: true, excel: false, paint }));
  }
  for (const s of skipped) io.stderr.write(`qcode: skipped ${s.input}: ${s.reason}\n`);
  io.stderr.write(
    `${formatCount(rows.length)} match${rows.length === 1 ? '' : 'es'} for ${theme >= 0 && codebook === base ? `theme '${term}'` : `"${term}"`} in ${formatCount(transcripts)} transcript${transcripts === 1 ? '' : 's'}\n`,
  );
  return skipped.length > 0 ? 1 : 0;
}
