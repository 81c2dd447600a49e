import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Writes every file to a temporary name beside its target, then renames them all into place, so
 * a reader never sees a half-written output and a failed run leaves the previous results intact.
 */
export function writeFilesAtomically(dir: string, files: Map<string, string>): string[] {
  mkdirSync(dir, { recursive: true });
  const staged: { temp: string; target: string }[] = [];
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    for (const [name, content] of files) {
      const target = join(dir, name);
      const temp = join(dirname(target), `.${name}.${tag}.tmp`);
      writeFileSync(temp, content);
      staged.push({ temp, target });
    }
  } catch (error) {
    for (const { temp } of staged) rmSync(temp, { force: true });
    throw error;
  }
  for (const { temp, target } of staged) renameSync(temp, target);
  return staged.map((s) => s.target);
}
