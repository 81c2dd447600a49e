import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { BUILT_IN_CODEBOOK } from '../codebook/load.js';
import { OutputError } from '../diagnostics.js';
import { PACKAGE_ROOT } from '../package-root.js';
import type { Io } from './io.js';

const HEADER = `# Your codebook, started from qcode's built-in partnership codebook.
#
# Edit the themes below: rename them, delete the ones you do not need, add your own. Each theme
# needs an id, a label and at least one rule:
#   keywords  words or phrases matched on stems ("trusting" matches "trust")
#   exact     words or phrases matched as written (any case)
#   patterns  wildcards: collaborat*
#   regex     regular expressions (RE2 syntax)
#   exclude   phrases in which the theme's words mean something else ("NHS trust")
# Check it with:   qcode codebook validate codebook.yaml && qcode codebook lint codebook.yaml
# See what a rule catches:   qcode kwic "rely on" transcripts/   or   qcode codebook explain codebook.yaml trust --in transcripts/
# Code with it:    qcode code transcripts/ -c codebook.yaml -o results/
#
`;

/** `qcode init [DIR]`: a codebook to edit and an example transcript, without overwriting anything. */
export function initCommand(dir: string | undefined, io: Io): number {
  const target = resolve(io.cwd, dir ?? '.');
  const files = new Map<string, string>([
    ['codebook.yaml', HEADER + readFileSync(BUILT_IN_CODEBOOK, 'utf8').replace(/^(#.*\n)+/, '')],
    [join('transcripts', 'example-interview.txt'), readFileSync(join(PACKAGE_ROOT, 'fixtures', 'transcripts', 'care-home', 'ch01-manager.txt'), 'utf8')],
  ]);
  const existing = [...files.keys()].filter((name) => existsSync(join(target, name)));
  if (existing.length > 0) {
    throw new OutputError(
      `not starting a project in ${dir ?? '.'}: ${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''}; nothing was written`,
    );
  }
  for (const [name, content] of files) {
    mkdirSync(join(target, name, '..'), { recursive: true });
    writeFileSync(join(target, name), content);
  }
  const shown = relative(io.cwd, target) || '.';
  io.stderr.write(
    `Started a qcode project in ${shown}: codebook.yaml and transcripts/example-interview.txt\n` +
      `Next: qcode code ${join(shown, 'transcripts')} -c ${join(shown, 'codebook.yaml')}\n`,
  );
  return 0;
}
