import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { compareCodings, krippendorffAlpha, type Coding } from '../analysis/agreement.js';
import { parseCoding } from '../analysis/read-coding.js';
import { loadCodebook } from '../codebook/load.js';
import { QcodeError } from '../diagnostics.js';
import { agreementTable, alphaTable } from '../report/agreement-table.js';
import { FORMATTERS, type FormatName } from '../report/formats/index.js';
import { paintFor, type Io } from './io.js';

export interface AgreeFlags {
  codebook?: string;
  format?: FormatName;
  quiet?: boolean;
}

function readCoding(io: Io, name: string) {
  let text: string;
  try {
    text = readFileSync(resolve(io.cwd, name), 'utf8');
  } catch {
    throw new QcodeError(`cannot read coding ${name}: no such file`, 2);
  }
  return parseCoding(name, text);
}

const fixed = (value: number | undefined) => (value === undefined ? 'n/a' : value.toFixed(2));

/** `qcode agree REFERENCE CANDIDATE [MORE…]`: how far codings of the same segments agree. */
export async function agreeCommand(files: string[], flags: AgreeFlags, io: Io): Promise<number> {
  const codings = files.map((file) => readCoding(io, file));
  const themes = flags.codebook === undefined ? undefined : loadCodebook(resolve(io.cwd, flags.codebook), flags.codebook).codebook.themes.map((t) => t.id);
  const format = flags.format ?? (io.stdout.isTTY ? 'table' : 'csv');
  const options = { sanitize: true, excel: false, paint: await paintFor(io, io.stdout) };
  const [reference, candidate] = codings as [Coding, Coding];
  const agreement = compareCodings(reference, candidate, themes);
  const alpha = krippendorffAlpha(codings, themes ?? agreement.themes.map((t) => t.theme));
  if (codings.length > 2) {
    io.stdout.write(FORMATTERS[format](alphaTable(alpha, codings), options));
    if (!flags.quiet) io.stderr.write(`Agreement of ${codings.length} coders over ${agreement.segments} segments: pooled alpha ${fixed(alpha.pooled)}\n`);
    return 0;
  }
  io.stdout.write(FORMATTERS[format](agreementTable(agreement, alpha), options));
  if (!flags.quiet) {
    io.stderr.write(
      `Agreement over ${agreement.segments} segments: pooled kappa ${fixed(agreement.pooledKappa)}, alpha ${fixed(alpha.pooled)}, micro F1 ${fixed(agreement.micro.f1)}, macro F1 ${fixed(agreement.macroF1)}\n`,
    );
  }
  return 0;
}
