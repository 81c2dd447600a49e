import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder qcode is installed in, found by walking up from this module, so the same code
 * works from `dist/` as compiled and from the single-file bundle that `bin/qcode` loads.
 */
function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'codebooks'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the qcode package folder');
    dir = up;
  }
}

export const PACKAGE_ROOT = findPackageRoot();

export const VERSION = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
