import { resolve } from 'node:path';
import { diffResults, type SegmentChange, type ThemeDiff } from '../analysis/diff.js';
import { inContext } from '../text/around.js';
import { readResults } from '../output/read-results.js';
import { FORMATTERS, type FormatName } from '../report/formats/index.js';
import type { Cell } from '../report/tables.js';
import { formatCount, paintFor, type Io } from './io.js';

export interface DiffFlags {
  format?: FormatName;
  exitCode?: boolean;
}

/**
 * A segment on one terminal line: the words either side of the first word the theme matched, in
 * brackets (a long turn's opening rarely shows why it was coded), else its start.
 */
function oneLine(change: SegmentChange, width = 110): string {
  const lower = change.text.toLowerCase();
  for (const term of change.terms.split('; ')) {
    const at = term === '' ? -1 : lower.indexOf(term.toLowerCase());
    if (at < 0) continue;
    return inContext(change.text, at, at + term.length, 8);
  }
  const flat = change.text.replace(/\s+/g, ' ').trim();
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
}

const changed = (t: ThemeDiff) => t.gained.length + t.lost.length > 0;

/**
 * `qcode diff OLD NEW`: what a codebook change did, per theme — the segments it now codes and no
 * longer codes, with their text — between two results folders of `qcode code --out`.
 */
export async function diffCommand(oldDir: string, newDir: string, flags: DiffFlags, io: Io): Promise<number> {
  const diff = diffResults(readResults(resolve(io.cwd, oldDir), oldDir), readResults(resolve(io.cwd, newDir), newDir));
  const format = flags.format ?? (io.stdout.isTTY ? 'table' : 'csv');
  const paint = await paintFor(io, io.stdout);
  const options = { sanitize: true, excel: false, paint };
  if (format === 'table') {
    const summary: Cell[][] = diff.themes.map((t) => [
      t.theme,
      t.before,
      t.after,
      t.gained.length ? `+${t.gained.length}` : '',
      t.lost.length ? `-${t.lost.length}` : '',
    ]);
    io.stdout.write(FORMATTERS.table({ name: 'diff', columns: ['theme_id', 'before', 'after', 'gained', 'lost'], rows: summary }, options));
    for (const t of diff.themes.filter(changed)) {
      io.stdout.write(`\n${paint.bold(`${t.theme}`)} ${paint.dim(t.label)}\n`);
      for (const s of t.gained) io.stdout.write(`  ${paint.green('+')} ${paint.dim(s.segment)}  ${oneLine(s)}\n`);
      for (const s of t.lost) io.stdout.write(`  ${paint.warn('-')} ${paint.dim(s.segment)}  ${oneLine(s)}\n`);
    }
  } else {
    const rows: Cell[][] = diff.themes.flatMap((t) => [
      ...t.gained.map((s) => [t.theme, t.label, 'gained', s.segment, s.speaker, s.terms, s.text]),
      ...t.lost.map((s) => [t.theme, t.label, 'lost', s.segment, s.speaker, s.terms, s.text]),
    ]);
    io.stdout.write(
      FORMATTERS[format]({ name: 'changes', columns: ['theme_id', 'theme_label', 'change', 'segment_id', 'speaker', 'matched_terms', 'text'], rows }, options),
    );
  }
  if (diff.edited.length > 0) {
    io.stderr.write(
      `qcode: ${formatCount(diff.edited.length)} segment${diff.edited.length === 1 ? '' : 's'} coded in both runs read differently (such as ${diff.edited[0]}): the transcripts changed between the runs, so not every change below is the codebook's\n`,
    );
  }
  if (diff.oneSided) {
    io.stderr.write(
      `qcode: only one of ${oldDir} and ${newDir} has segments.csv: a segment the other does not list is taken as coded with nothing, though that run may not have cut it\n`,
    );
  }
  if (diff.onlyBefore + diff.onlyAfter > 0) {
    io.stderr.write(
      `qcode: the two runs cut different segments (${formatCount(diff.onlyBefore)} only in ${oldDir}, ${formatCount(diff.onlyAfter)} only in ${newDir}): ` +
        'only the segments both have are compared; code the same transcripts with the same --unit to compare codebooks\n',
    );
  }
  const gained = diff.themes.reduce((n, t) => n + t.gained.length, 0);
  const lost = diff.themes.reduce((n, t) => n + t.lost.length, 0);
  const themes = diff.themes.filter(changed).length;
  io.stderr.write(
    `${formatCount(gained)} gained and ${formatCount(lost)} lost in ${formatCount(themes)} theme${themes === 1 ? '' : 's'}: ${oldDir} → ${newDir}\n`,
  );
  return flags.exitCode === true && gained + lost > 0 ? 1 : 0;
}
