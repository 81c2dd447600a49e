import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { compareCodings } from '../analysis/agreement.js';
import { parseCoding } from '../analysis/read-coding.js';
import { loadCodebook } from '../codebook/load.js';
import { QcodeError } from '../diagnostics.js';
import { agreementTable } from '../report/agreement-table.js';
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

/** `qcode agree REFERENCE CANDIDATE`: how far a candidate coding agrees with a reference. */
export async function agreeCommand(referenceFile: string, candidateFile: string, flags: AgreeFlags, io: Io): Promise<number> {
  const reference = readCoding(io, referenceFile);
  const candidate = readCoding(io, candidateFile);
  const themes = flags.codebook === undefined ? undefined : loadCodebook(resolve(io.cwd, flags.codebook), flags.codebook).codebook.themes.map((t) => t.id);
  const agreement = compareCodings(reference, candidate, themes);
  const format = flags.format ?? (io.stdout.isTTY ? 'table' : 'csv');
  io.stdout.write(FORMATTERS[format](agreementTable(agreement), { sanitize: true, excel: false, paint: await paintFor(io, io.stdout) }));
  if (!flags.quiet) {
    io.stderr.write(
      `Agreement over ${agreement.segments} segments: pooled kappa ${fixed(agreement.pooledKappa)}, micro F1 ${fixed(agreement.micro.f1)}, macro F1 ${fixed(agreement.macroF1)}\n`,
    );
  }
  return 0;
}
