import { resolve } from 'node:path';
import { BUILT_IN_CODEBOOK, loadCodebook } from '../codebook/load.js';
import { UsageError } from '../diagnostics.js';
import { suggestRules } from '../refine/suggest.js';
import { FORMATTERS, type FormatName } from '../report/formats/index.js';
import type { Cell } from '../report/tables.js';
import { formatCount, paintFor, type Io } from './io.js';

export interface SuggestFlags {
  in?: string[];
  codebook?: string;
  top?: string;
  format?: FormatName;
}

/**
 * `qcode suggest THEME --in TRANSCRIPTS`: words and two-word phrases over-represented in the
 * segments the theme codes against all other segments (log-likelihood keyness), that the theme's
 * rules do not already match — candidate rules, each with a line of context.
 */
export async function suggestCommand(themeId: string, flags: SuggestFlags, io: Io): Promise<number> {
  if (!flags.in || flags.in.length === 0) throw new UsageError('qcode suggest needs transcripts to learn from: --in FILES_OR_FOLDERS');
  const top = flags.top === undefined ? 20 : Number(flags.top);
  if (!Number.isInteger(top) || top < 1 || top > 1000) throw new UsageError(`--top takes a whole number from 1 to 1000, not '${flags.top}'`);
  const name = flags.codebook ?? 'codebooks/partnership.yaml';
  const { codebook } = loadCodebook(flags.codebook === undefined ? BUILT_IN_CODEBOOK : resolve(io.cwd, flags.codebook), name);
  const theme = codebook.themes.findIndex((t) => t.id === themeId);
  if (theme < 0) throw new UsageError(`${name} has no theme '${themeId}'; its themes are: ${codebook.themes.map((t) => t.id).join(', ')}`);
  const skipped: string[] = [];
  const { suggestions, coded } = await suggestRules(codebook, theme, flags.in, io.cwd, top, (s) => skipped.push(`${s.input}: ${s.reason}`));
  for (const s of skipped) io.stderr.write(`qcode: skipped ${s}\n`);
  const rows: Cell[][] = suggestions.map((k) => [k.term, k.target, k.reference, Math.round(k.g2 * 100) / 100, k.context]);
  const format = flags.format ?? (io.stdout.isTTY ? 'table' : 'csv');
  const paint = await paintFor(io, io.stdout);
  io.stdout.write(
    FORMATTERS[format]({ name: 'suggestions', columns: ['term', 'in_theme', 'elsewhere', 'g2', 'context'], rows }, { sanitize: true, excel: false, paint }),
  );
  if (format === 'table' && suggestions.length > 0) io.stdout.write(`\nkeywords: [${suggestions.map((k) => JSON.stringify(k.term)).join(', ')}]\n`);
  io.stderr.write(
    `${formatCount(suggestions.length)} candidate rule${suggestions.length === 1 ? '' : 's'} for '${themeId}' from ${formatCount(coded)} coded segments\n`,
  );
  return skipped.length > 0 ? 1 : 0;
}
