import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { explainCodebook, matchedWords } from '../refine/explain.js';
import { codebookToQdc } from '../refi-qda/export-qdc.js';
import { IMPORT_FORMATS, importedCodebookYaml, importLiwc, importQuanteda, importWordstat, type ImportedTheme } from '../codebook/import.js';
import { parseCodebook } from '../codebook/parse.js';
import { CodebookError, InputError, OutputError, UsageError } from '../diagnostics.js';
import { FORMATTERS, type FormatName } from '../report/formats/index.js';
import type { Skipped } from '../transcript/discover.js';
import { lintCodebook } from '../refine/lint.js';
import { loadCodebook } from '../codebook/load.js';
import { formatDiagnostic } from '../diagnostics.js';
import { formatCount, paintFor, type Io } from './io.js';

/** `qcode codebook validate FILE`: check a codebook without coding anything. */
export function validateCommand(file: string, io: Io): number {
  const { codebook, warnings } = loadCodebook(resolve(io.cwd, file), file);
  for (const w of warnings) io.stderr.write(`${formatDiagnostic(w)}\n`);
  const rules = codebook.themes.reduce((n, t) => n + t.keywords.length + t.exact.length + t.patterns.length + t.regex.length, 0);
  const exclusions = codebook.themes.reduce((n, t) => n + t.exclude.length, 0);
  io.stdout.write(
    `${file}: valid — ${codebook.name}${codebook.version ? ` ${codebook.version}` : ''}, ${formatCount(codebook.themes.length)} themes, ` +
      `${formatCount(rules)} rules, ${formatCount(exclusions)} exclusions\n`,
  );
  return 0;
}

/** `qcode codebook lint FILE`: warnings about a valid codebook (exit 0), or its errors (exit 2). */
export function lintCommand(file: string, io: Io): number {
  const { codebook } = loadCodebook(resolve(io.cwd, file), file);
  const findings = lintCodebook(codebook);
  for (const f of findings) io.stdout.write(`${file}: theme '${f.theme}' ${f.message}\n`);
  io.stderr.write(`${findings.length === 0 ? 'No' : formatCount(findings.length)} warning${findings.length === 1 ? '' : 's'} in ${file}\n`);
  return 0;
}

export interface ExplainFlags {
  in?: string[];
  format?: FormatName;
}

/** `qcode codebook explain FILE [THEME…] [--in TRANSCRIPTS…]`: what each rule matches, and what it matched. */
export async function explainCommand(file: string, themes: string[], flags: ExplainFlags, io: Io): Promise<number> {
  const { codebook } = loadCodebook(resolve(io.cwd, file), file);
  const unknown = themes.filter((t) => !codebook.themes.some((theme) => theme.id === t));
  if (unknown.length > 0)
    throw new UsageError(`${file} has no theme ${unknown.map((t) => `'${t}'`).join(', ')}; its themes are: ${codebook.themes.map((t) => t.id).join(', ')}`);
  const skip = (skipped: Skipped) => io.stderr.write(`qcode: skipped ${skipped.input}: ${skipped.reason}\n`);
  const matched = flags.in && flags.in.length > 0 ? await matchedWords(codebook, flags.in, io.cwd, skip) : undefined;
  const table = explainCodebook(codebook, themes.length > 0 ? themes : undefined, matched);
  const format = flags.format ?? (io.stdout.isTTY ? 'table' : 'csv');
  io.stdout.write(FORMATTERS[format](table, { sanitize: true, excel: false, paint: await paintFor(io, io.stdout) }));
  return 0;
}

/** `qcode codebook import FILE`: a LIWC, WordStat or quanteda dictionary as a qcode codebook. */
export function importCommand(file: string, flags: { out?: string }, io: Io): number {
  const dot = file.lastIndexOf('.');
  const ext = (dot < 0 ? '' : file.slice(dot).toLowerCase()) as keyof typeof IMPORT_FORMATS;
  if (!(ext in IMPORT_FORMATS)) {
    throw new InputError(
      `cannot import ${file}: qcode reads ${Object.entries(IMPORT_FORMATS)
        .map(([e, n]) => `${n} (${e})`)
        .join(', ')}`,
    );
  }
  let text: string;
  try {
    text = readFileSync(resolve(io.cwd, file), 'utf8');
  } catch {
    throw new InputError(`cannot read ${file}: no such file`);
  }
  const read = ext === '.dic' ? importLiwc : ext === '.cat' ? importWordstat : importQuanteda;
  const prune = (themes: ImportedTheme[]): ImportedTheme[] =>
    themes.flatMap((t) => {
      const children = prune(t.children);
      if (t.exact.length + t.patterns.length + children.length === 0) {
        io.stderr.write(`qcode: category '${t.label}' of ${file} has no entries; left out\n`);
        return [];
      }
      return [{ ...t, children }];
    });
  const themes = prune(read(file, text));
  const name = file.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '');
  const yaml = importedCodebookYaml(name, `${IMPORT_FORMATS[ext]} ${file.replace(/^.*[\\/]/, '')}`, themes);
  const { diagnostics } = parseCodebook(flags.out ?? 'imported codebook', yaml);
  if (diagnostics.some((d) => d.severity === 'error'))
    throw new CodebookError(`the imported codebook is not valid:\n${diagnostics.map(formatDiagnostic).join('\n')}`);
  if (flags.out === undefined) io.stdout.write(yaml);
  else {
    const target = resolve(io.cwd, flags.out);
    if (existsSync(target)) throw new OutputError(`not writing ${flags.out}: it exists; choose another name`);
    writeFileSync(target, yaml);
  }
  const count = (list: ImportedTheme[]): number => list.reduce((n, t) => n + 1 + count(t.children), 0);
  io.stderr.write(`Imported ${formatCount(count(themes))} categories from ${file}${flags.out ? ` into ${flags.out}` : ''}\n`);
  return 0;
}

/** `qcode codebook export FILE --to qdc`: the codebook in the REFI-QDA exchange format. */
export function exportCommand(file: string, flags: { to?: string; out?: string }, io: Io): number {
  if (flags.to !== 'qdc') throw new UsageError(`--to '${flags.to ?? ''}' is not a format qcode exports; use --to qdc (REFI-QDA codebook)`);
  const { codebook } = loadCodebook(resolve(io.cwd, file), file);
  const xml = codebookToQdc(codebook);
  if (flags.out === undefined) io.stdout.write(xml);
  else {
    const target = resolve(io.cwd, flags.out);
    if (existsSync(target)) throw new OutputError(`not writing ${flags.out}: it exists; choose another name`);
    writeFileSync(target, xml);
    io.stderr.write(`Exported ${formatCount(codebook.themes.length)} codes to ${flags.out}\n`);
  }
  return 0;
}
