import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { compareCodings, fixed, krippendorffAlpha, type Coding } from '../analysis/agreement.js';
import { parseCoding, parseSegments } from '../analysis/read-coding.js';
import { BUILT_IN_CODEBOOK, loadCodebook } from '../codebook/load.js';
import type { Unit } from '../codebook/types.js';
import type { Cell } from '../report/tables.js';
import { sortedSegments } from '../analysis/diff.js';
import { readCodedTranscripts, segmentSettings } from '../coding/read-segments.js';
import { compileCodebook } from '../codebook/compile.js';
import type { Skipped } from '../transcript/discover.js';
import { InputError, UsageError } from '../diagnostics.js';
import { agreementTable, alphaTable } from '../report/agreement-table.js';
import { FORMATTERS, type FormatName } from '../report/formats/index.js';
import { paintFor, type Io } from './io.js';
import { FILES } from '../output/names.js';

export interface AgreeFlags {
  codebook?: string;
  minKappa?: string;
  showDisagreements?: string[];
  unit?: Unit;
  format?: FormatName;
  quiet?: boolean;
}

function readText(io: Io, name: string): string {
  try {
    return readFileSync(resolve(io.cwd, name), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(`cannot read coding ${name}: no such file`);
    // A coding is read whole: past what one string can hold (about 512 MB), say so rather than that it is missing.
    if (code === 'ERR_STRING_TOO_LONG')
      throw new InputError(`cannot read coding ${name}: it is too large to read whole (agreement is for samples of segments)`);
    throw new InputError(`cannot read coding ${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * A coding from a CSV file, or from a results folder of `qcode code --out`. qcode's
 * `excerpts.csv` lists only segments with a theme; the `segments.csv` beside it lists every
 * segment, so those coded with none count too (agreement over all segments, not only the coded).
 */
function readCoding(io: Io, name: string, notes: string[]): Coding {
  const path = resolve(io.cwd, name);
  const folder = statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
  const file = folder ? join(name, FILES.excerpts) : name;
  const coding = parseCoding(file, readText(io, file));
  const segmentsFile = join(dirname(file), FILES.segments);
  if (basename(file) === FILES.excerpts && existsSync(resolve(io.cwd, segmentsFile))) {
    let added = 0;
    for (const segment of parseSegments(segmentsFile, readText(io, segmentsFile))) {
      if (coding.has(segment)) continue;
      coding.set(segment, new Set());
      added++;
    }
    notes.push(`${file}: the ${added.toLocaleString('en-GB')} segments coded with no theme read from ${segmentsFile}`);
  } else if (basename(file) === FILES.excerpts) {
    notes.push(`${file} lists only segments with a theme, and there is no segments.csv beside it: agreement is over the segments either coding lists`);
  }
  return coding;
}

/**
 * Codings that name no segment alike were not made of the same transcripts, or named them from
 * different folders (`turns.txt#1` against `gold/turns.txt#1`): agreement over them would be a
 * number about nothing, so the command stops and says which.
 */
function requireSharedSegments(files: string[], codings: Coding[]): void {
  const [first, ...others] = codings as [Coding, ...Coding[]];
  others.forEach((other, i) => {
    if (first.size === 0 || other.size === 0 || [...first.keys()].some((id) => other.has(id))) return;
    const example = (coding: Coding) => `'${sortedSegments(coding.keys())[0]}'`;
    throw new InputError(
      `${files[0]} and ${files[i + 1]} share no segment (the first has ${example(first)}, the second ${example(other)}): were they coded from different folders? Segment ids name the document by its path from where qcode ran`,
    );
  });
}

/** `qcode agree REFERENCE CANDIDATE [MORE…]`: how far codings of the same segments agree. */
export async function agreeCommand(files: string[], flags: AgreeFlags, io: Io): Promise<number> {
  const minKappa = flags.minKappa === undefined ? undefined : Number(flags.minKappa);
  if (minKappa !== undefined && !(minKappa >= -1 && minKappa <= 1)) throw new UsageError(`--min-kappa takes a kappa from -1 to 1, not '${flags.minKappa}'`);
  const notes: string[] = [];
  const codings = files.map((file) => readCoding(io, file, notes));
  requireSharedSegments(files, codings);
  const themes = flags.codebook === undefined ? undefined : loadCodebook(resolve(io.cwd, flags.codebook), flags.codebook).codebook.themes.map((t) => t.id);
  const format = flags.format ?? (io.stdout.isTTY ? 'table' : 'csv');
  const options = { sanitize: true, excel: false, paint: await paintFor(io, io.stdout) };
  const [reference, candidate] = codings as [Coding, Coding];
  const agreement = compareCodings(reference, candidate, themes);
  const alpha = krippendorffAlpha(codings, themes ?? agreement.themes.map((t) => t.theme));
  if (codings.length > 2) {
    io.stdout.write(FORMATTERS[format](alphaTable(alpha, codings), options));
    if (!flags.quiet) for (const note of notes) io.stderr.write(`qcode: ${note}\n`);
    if (!flags.quiet) io.stderr.write(`Agreement of ${codings.length} coders over ${agreement.segments} segments: pooled alpha ${fixed(alpha.pooled)}\n`);
    return 0;
  }
  if (flags.showDisagreements) {
    const texts = await segmentTexts(flags.showDisagreements, flags.unit, flags.codebook, io);
    const rows: Cell[][] = [];
    for (const t of agreement.themes) {
      for (const id of sortedSegments(new Set([...reference.keys(), ...candidate.keys()]))) {
        const inReference = reference.get(id)?.has(t.theme) ?? false;
        const inCandidate = candidate.get(id)?.has(t.theme) ?? false;
        if (inReference !== inCandidate) rows.push([id, t.theme, inReference ? 'yes' : 'no', inCandidate ? 'yes' : 'no', texts.get(id) ?? '']);
      }
    }
    io.stdout.write(FORMATTERS[format]({ name: 'disagreements', columns: ['segment_id', 'theme_id', 'reference', 'candidate', 'text'], rows }, options));
  } else io.stdout.write(FORMATTERS[format](agreementTable(agreement, alpha), options));
  if (!flags.quiet) {
    for (const note of notes) io.stderr.write(`qcode: ${note}\n`);
    io.stderr.write(
      `Agreement over ${agreement.segments} segments: pooled kappa ${fixed(agreement.pooledKappa)}, alpha ${fixed(alpha.pooled)}, micro F1 ${fixed(agreement.micro.f1)}, macro F1 ${fixed(agreement.macroF1)}\n`,
    );
  }
  // A CI job guarding a codebook against a hand-coded sample fails when agreement falls.
  if (minKappa !== undefined && !((agreement.pooledKappa ?? -Infinity) >= minKappa)) {
    io.stderr.write(`qcode: pooled kappa ${fixed(agreement.pooledKappa)} is below --min-kappa ${minKappa}\n`);
    return 1;
  }
  return 0;
}

/** The text of every segment of the transcripts, by segment id, cut as `qcode code` cuts them. */
async function segmentTexts(inputs: string[], unit: Unit | undefined, codebookFile: string | undefined, io: Io): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  const skip = (skipped: Skipped) => io.stderr.write(`qcode: skipped ${skipped.input}: ${skipped.reason}\n`);
  const { codebook } = loadCodebook(codebookFile === undefined ? BUILT_IN_CODEBOOK : resolve(io.cwd, codebookFile), codebookFile);
  for await (const { transcript, coded } of readCodedTranscripts(inputs, io.cwd, compileCodebook(codebook), segmentSettings(codebook, { unit }), skip)) {
    for (const { segment } of coded.segments) texts.set(segment.id, transcript.text.slice(segment.start, segment.end));
  }
  return texts;
}
