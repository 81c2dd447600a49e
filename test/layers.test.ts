import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { expect, test } from 'vitest';
import { ROOT } from './helpers.js';

/**
 * The folders of src/, lowest first: a module may import from its own folder or one below it,
 * never from one above (ARCHITECTURE.md says what each holds). Files directly in src/ are the
 * base everyone may use, except index.ts, the library's front door, which may use anything.
 */
const LAYERS = ['(base)', 'text', 'codebook', 'transcript', 'coding', 'analysis', 'output', 'report', 'refi-qda', 'refine', 'run', 'cli'];

const SRC = join(ROOT, 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const layerOf = (path: string) => {
  const parts = relative(SRC, path).split('/');
  return parts.length === 1 ? '(base)' : (parts[0] as string);
};

test('every import points to the same layer or one below it', () => {
  const upward: string[] = [];
  const unknown = new Set<string>();
  for (const file of files(SRC)) {
    if (relative(SRC, file) === 'index.ts') continue;
    const from = layerOf(file);
    if (!LAYERS.includes(from)) unknown.add(from);
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
      const to = layerOf(resolve(dirname(file), spec as string));
      if (LAYERS.indexOf(to) > LAYERS.indexOf(from)) upward.push(`${relative(SRC, file)} -> ${spec} (${from} -> ${to})`);
    }
  }
  expect([...unknown]).toEqual([]);
  expect(upward).toEqual([]);
});
