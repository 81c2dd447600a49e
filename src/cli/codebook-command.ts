import { resolve } from 'node:path';
import { lintCodebook } from '../codebook/lint.js';
import { loadCodebook } from '../codebook/load.js';
import { formatDiagnostic } from '../diagnostics.js';
import { formatCount, type Io } from './io.js';

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
