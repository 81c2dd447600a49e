import { readdirSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { compareCodePoints } from '../text/compare.js';
import { EXTENSIONS, formatFor } from './formats/index.js';

/** A transcript file to read: its document name in outputs and where it is. */
export interface Source {
  document: string;
  /** Absolute path, or `-` for standard input. */
  path: string;
  /** A Word document's text, kept from reading its attribute names so it is not extracted twice. */
  extracted?: string;
}

/** An input that was not coded, and why: reported on stderr and in `summary.json`. */
export interface Skipped {
  input: string;
  reason: string;
}

export interface Discovery {
  sources: Source[];
  skipped: Skipped[];
  /** The real path of every file found (links resolved): what outputs must never overwrite. */
  realPaths: Set<string>;
}

/** A file found: its path as reached, and its real path when already known. */
interface Found {
  path: string;
  real?: string;
}

export const STDIN_DOCUMENT = 'stdin';

const GLOB_CHARS = /[*?[]/;

/** Project files that share a transcript extension; skipped in folders, read when named. */
const NOT_TRANSCRIPTS = /^(readme|license|licence|changelog|contributing)(\.[^.]+)?$/i;

/** The document name: the path relative to the working folder, with `/` separators. */
export function documentName(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return (rel === '' ? path : rel).split(sep).join('/');
}

function globToRegex(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        out += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
        i += glob[i + 2] === '/' ? 2 : 1;
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close < 0) out += '\\[';
      else {
        out += `[${glob
          .slice(i + 1, close)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else out += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`, 'u');
}

/** Walks a folder depth first, skipping hidden entries and following links only once each. */
function walk(dir: string, seen: Set<string>, found: Found[]): void {
  let real: string;
  try {
    real = realpathSync(dir);
  } catch {
    return;
  }
  if (seen.has(real)) return;
  seen.add(real);
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        const st = statSync(path);
        isDir = st.isDirectory();
        isFile = st.isFile();
      } catch {
        continue;
      }
    }
    if (isDir) walk(path, seen, found);
    // A file that is not a link is where its folder really is: no lookup per file.
    else if (isFile && formatFor(entry.name) && !NOT_TRANSCRIPTS.test(entry.name))
      found.push(entry.isSymbolicLink() ? { path } : { path, real: join(real, entry.name) });
  }
}

/**
 * Expands inputs (files, folders searched recursively, globs, `-`) into transcript sources,
 * sorted by document name and without duplicates, whatever order the inputs were given in.
 */
export function discoverSources(inputs: string[], cwd: string): Discovery {
  const skipped: Skipped[] = [];
  const byReal = new Map<string, Source>();
  const add = ({ path, real: known }: Found) => {
    let real = known ?? path;
    if (known === undefined) {
      try {
        real = realpathSync(path);
      } catch {
        /* keep the path as given */
      }
    }
    if (!byReal.has(real)) byReal.set(real, { document: documentName(cwd, path), path });
  };
  let stdin = false;
  for (const input of inputs) {
    if (input === '-') {
      stdin = true;
      continue;
    }
    const path = isAbsolute(input) ? input : resolve(cwd, input);
    let stat;
    try {
      stat = statSync(path);
    } catch {
      if (GLOB_CHARS.test(input)) {
        const matches = expandGlob(input, cwd);
        if (matches.length === 0) skipped.push({ input, reason: `no transcripts match this pattern (${EXTENSIONS.join(', ')})` });
        matches.forEach(add);
      } else skipped.push({ input, reason: 'no such file or folder' });
      continue;
    }
    if (stat.isDirectory()) {
      const found: Found[] = [];
      walk(path, new Set(), found);
      if (found.length === 0) skipped.push({ input, reason: `the folder has no transcripts (${EXTENSIONS.join(', ')})` });
      found.forEach(add);
    } else if (!formatFor(path)) {
      skipped.push({ input, reason: `not a transcript format qcode reads (${EXTENSIONS.join(', ')})` });
    } else add({ path });
  }
  const sources = [...byReal.values()].sort((a, b) => compareCodePoints(a.document, b.document));
  if (stdin) sources.unshift({ document: STDIN_DOCUMENT, path: '-' });
  return { sources, skipped, realPaths: new Set(byReal.keys()) };
}

function expandGlob(pattern: string, cwd: string): Found[] {
  const normalised = pattern.split(sep).join('/');
  const parts = normalised.split('/');
  const fixed: string[] = [];
  for (const part of parts) {
    if (GLOB_CHARS.test(part)) break;
    fixed.push(part);
  }
  const baseText = fixed.join('/') || '.';
  const base = isAbsolute(normalised) ? baseText || '/' : resolve(cwd, baseText);
  const regex = globToRegex(normalised.slice(fixed.join('/').length).replace(/^\//, ''));
  const found: Found[] = [];
  walk(base, new Set(), found);
  return found.filter(({ path }) => regex.test(relative(base, path).split(sep).join('/')));
}
