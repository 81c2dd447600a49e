import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, onTestFinished, test } from 'vitest';
import { ROOT } from './helpers.js';

// bin/qcode starts from the build's code cache; a wrong cache must never be used.
const loaded = (bundle?: string) =>
  execFileSync(
    process.execPath,
    [
      '-e',
      `const { loadBundle } = require(${JSON.stringify(join(ROOT, 'bin/load-bundle.cjs'))}); const b = loadBundle(${bundle ? `{ bundle: ${JSON.stringify(bundle)} }` : ''}); console.log(b.cached, typeof b.exports.main)`,
    ],
    { encoding: 'utf8' },
  ).trim();

describe('the bundle code cache', () => {
  test('the build leaves a cache this Node takes for the bundle', () => {
    expect(loaded()).toBe('true function');
  });

  test('a cache made for another bundle of the same length is ignored, and the bundle still loads', () => {
    // Beside the real one: the bundle finds qcode's folder (codebooks, package.json) by walking up.
    const bundle = join(ROOT, 'dist/bundle', `altered-${process.pid}.cjs`);
    onTestFinished(() => {
      rmSync(bundle, { force: true });
      rmSync(`${bundle}.cache`, { force: true });
    });
    const source = readFileSync(join(ROOT, 'dist/bundle/main.cjs'), 'utf8');
    // One character of a comment changed: V8's own check of a cache looks at the source's length, not its text.
    const at = source.indexOf('// dist/');
    writeFileSync(bundle, `${source.slice(0, at)}// Dist/${source.slice(at + 8)}`);
    copyFileSync(join(ROOT, 'dist/bundle/main.cjs.cache'), `${bundle}.cache`);
    expect(loaded(bundle)).toBe('false function');
  });
});
