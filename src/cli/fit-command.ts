import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { compareCodings, fixed, type Coding } from '../analysis/agreement.js';
import { parseCoding } from '../analysis/read-coding.js';
import { compileCodebook } from '../codebook/compile.js';
import { loadCodebook } from '../codebook/load.js';
import type { Unit } from '../codebook/types.js';
import { codeSpan } from '../coding/code-span.js';
import { InputError, OutputError, UsageError } from '../diagnostics.js';
import { applyChanges, fitCodebook, handCoding, type FitResult } from '../refine/fit.js';
import { fitPatch } from '../refine/fit-patch.js';
import { readSample, type Sample } from '../refine/fit-sample.js';
import { FORMATTERS, type FormatName } from '../report/formats/index.js';
import type { Cell, Table } from '../report/tables.js';
import { formatCount, paintFor, type Io } from './io.js';

export interface FitFlags {
  in?: string[];
  unit?: Unit;
  folds?: string;
  out?: string;
  format?: FormatName;
}

const round = (value: number | undefined) => (value === undefined ? '' : Math.round(value * 100) / 100);

function fitTable(result: FitResult): Table {
  const rows: Cell[][] = result.themes.map((t) => [
    t.theme.id,
    t.now.reference,
    t.now.candidate,
    t.now.both,
    round(t.now.kappa),
    round(t.crossValidated.kappa),
    t.changes.length,
  ]);
  rows.push([
    '(pooled)',
    '',
    '',
    '',
    round(result.now.pooledKappa),
    round(result.crossValidated.pooledKappa),
    result.themes.reduce((n, t) => n + t.changes.length, 0),
  ]);
  return { name: 'fit', columns: ['theme_id', 'by_hand', 'by_codebook', 'both', 'kappa_now', 'kappa_fitted_cv', 'changes'], rows };
}

/** Codes the sample's segments with a codebook as qcode would: to check what the patch gives. */
function codeSample(sample: Sample, codebook: ReturnType<typeof applyChanges>): Coding {
  const compiled = compileCodebook(codebook);
  return new Map(sample.segments.map((s) => [s.id, new Set(codeSpan(compiled, s.text, 0, s.text.length).themes.map((h) => codebook.themes[h.theme]!.id))]));
}

/**
 * `qcode codebook fit CODEBOOK CODING --in TRANSCRIPTS`: what a hand-coded sample says the
 * codebook is missing, as a commented YAML patch with its evidence and a cross-validated kappa.
 */
export async function fitCommand(file: string, codingFile: string, flags: FitFlags, io: Io): Promise<number> {
  if (!flags.in || flags.in.length === 0) throw new UsageError('qcode codebook fit needs the transcripts the sample was coded from: --in FILES_OR_FOLDERS');
  const folds = flags.folds === undefined ? 5 : Number(flags.folds);
  if (!Number.isInteger(folds) || folds < 2 || folds > 20) throw new UsageError(`--folds takes a whole number from 2 to 20, not '${flags.folds}'`);
  const { codebook } = loadCodebook(resolve(io.cwd, file), file);
  let text: string;
  try {
    text = readFileSync(resolve(io.cwd, codingFile), 'utf8');
  } catch (error) {
    const folder = (error as NodeJS.ErrnoException).code === 'EISDIR';
    throw new InputError(`cannot read coding ${codingFile}: ${folder ? 'it is a folder; give the CSV file' : 'no such file'}`);
  }
  const coding = parseCoding(codingFile, text);
  if (coding.size === 0) throw new InputError(`${codingFile} lists no segments: a coding needs rows of segment_id and theme_id`);
  const skipped: string[] = [];
  const sample = await readSample(coding, flags.in, io.cwd, codebook, flags.unit, (s) => skipped.push(`${s.input}: ${s.reason}`));
  for (const s of skipped) io.stderr.write(`qcode: skipped ${s}\n`);
  if (sample.segments.length === 0) {
    const example = [...coding.keys()][0] ?? '';
    const seen = sample.others.length > 0 ? ` (they are ${sample.others.slice(0, 3).join(', ')}${sample.others.length > 3 ? ', …' : ''})` : '';
    throw new InputError(
      `none of the segments ${codingFile} codes (such as ${example}) is in the transcripts given${seen}: are they the files it was coded from, cut with the same --unit?`,
    );
  }
  if (sample.segments.length < folds * 2)
    throw new InputError(`${codingFile} covers ${sample.segments.length} segments of the transcripts: too few to fit and cross-validate over ${folds} folds`);
  if (sample.missing.length > 0) {
    io.stderr.write(
      `qcode: ${formatCount(sample.missing.length)} segments of ${codingFile} are not segments of the transcripts (such as ${sample.missing[0]}), or are interviewer turns; left out\n`,
    );
  }
  if (sample.unknownThemes.length > 0)
    io.stderr.write(`qcode: ${codingFile} uses themes ${file} does not have, left out: ${sample.unknownThemes.join(', ')}\n`);

  const result = fitCodebook(sample, codebook, folds);
  const patch = fitPatch(sample, result, { codebook: file, coding: codingFile });
  const inSample = compareCodings(
    handCoding(sample),
    codeSample(sample, applyChanges(codebook, result)),
    codebook.themes.map((t) => t.id),
  );
  const format = flags.format ?? (io.stdout.isTTY ? 'table' : 'csv');
  if (flags.out === undefined) io.stdout.write(patch);
  else {
    try {
      writeFileSync(resolve(io.cwd, flags.out), patch, { flag: 'wx' });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new OutputError(
        code === 'EEXIST' ? `not writing ${flags.out}: it exists; choose another name` : `cannot write ${flags.out}: ${(error as Error).message}`,
      );
    }
    io.stdout.write(FORMATTERS[format](fitTable(result), { sanitize: true, excel: false, paint: await paintFor(io, io.stdout) }));
  }
  const changes = result.themes.reduce((n, t) => n + t.changes.length, 0);
  io.stderr.write(
    `${formatCount(changes)} change${changes === 1 ? '' : 's'} proposed from ${formatCount(sample.segments.length)} hand-coded segments${flags.out ? ` in ${flags.out}` : ''}: ` +
      `pooled kappa ${fixed(result.now.pooledKappa)} now, ${fixed(result.crossValidated.pooledKappa)} fitted on segments the fit did not see ` +
      `(${result.folds}-fold cross-validation), ${fixed(inSample.pooledKappa)} on the sample it was fitted to\n`,
  );
  return skipped.length > 0 ? 1 : 0;
}
