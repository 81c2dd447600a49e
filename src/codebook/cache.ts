import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { VERSION } from '../package-root.js';
import { compileTerms, reviveTerms, type Term } from './compile.js';
import { checkedCodebook, loadCodebook, readCodebookText, type LoadedCodebook } from './load.js';
import type { Codebook } from './types.js';

/** A checked codebook with its rules already stemmed. */
export interface ReadyCodebook extends LoadedCodebook {
  terms: Term[];
}

/** Bumped whenever the cached shape changes, so old entries are never read back. */
const CACHE_FORMAT = 5;

interface CacheEntry {
  version: string;
  codebook: Codebook;
  terms: Term[];
  warnings: LoadedCodebook['warnings'];
}

/** Where checked, stemmed codebooks are kept: `$QCODE_CACHE_DIR`, else `~/.cache/qcode`; `QCODE_CACHE=0` turns it off. */
function cacheFolder(env: Record<string, string | undefined>): string | undefined {
  if (env.QCODE_CACHE === '0') return undefined;
  return env.QCODE_CACHE_DIR ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'qcode');
}

/**
 * Loads a codebook, reusing the checked and stemmed form of the same text from an earlier run.
 * Checking a large codebook with line and column positions and stemming its rules costs more
 * than the rest of a small run; the cache is keyed by the text, qcode's version and the name
 * shown in messages, so any edit is checked afresh. The cache never changes what is coded.
 */
export function loadReadyCodebook(path: string, displayName: string, env: Record<string, string | undefined>): ReadyCodebook {
  const folder = cacheFolder(env);
  let text: string | undefined;
  let file: string | undefined;
  if (folder) {
    try {
      text = readCodebookText(path, displayName);
      const key = createHash('sha256').update(`${CACHE_FORMAT}\0${VERSION}\0${displayName}\0${text}`).digest('hex').slice(0, 40);
      file = join(folder, `codebook-${key}.json`);
      const entry = JSON.parse(readFileSync(file, 'utf8')) as CacheEntry;
      if (entry.version === VERSION) return { codebook: { ...entry.codebook, source: displayName }, warnings: entry.warnings, terms: reviveTerms(entry.terms) };
    } catch {
      // Not cached yet (or unreadable): check it below.
    }
  }
  // The text read for the cache key is the text checked: the file is read once either way.
  const loaded = text === undefined ? loadCodebook(path, displayName) : checkedCodebook(text, displayName);
  const terms = compileTerms(loaded.codebook);
  if (folder && file) {
    try {
      mkdirSync(folder, { recursive: true });
      const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
      writeFileSync(temp, JSON.stringify({ version: VERSION, codebook: loaded.codebook, terms, warnings: loaded.warnings } satisfies CacheEntry));
      renameSync(temp, file);
      pruneCache(folder);
    } catch {
      // A cache that cannot be written only costs time.
    }
  }
  return { ...loaded, terms };
}

/** How many checked codebooks the cache keeps: every saved edit (`--watch`) adds one. */
export const CACHE_ENTRIES = 64;

/** Removes all but the most recently written entries, so a codebook edited all day does not fill a disk. */
function pruneCache(folder: string): void {
  const entries = readdirSync(folder).filter((name) => /^codebook-[0-9a-f]+\.json$/.test(name));
  if (entries.length <= CACHE_ENTRIES) return;
  const byAge = entries.map((name) => ({ name, at: statSync(join(folder, name)).mtimeMs })).sort((a, b) => b.at - a.at || (a.name < b.name ? -1 : 1));
  for (const { name } of byAge.slice(CACHE_ENTRIES)) rmSync(join(folder, name), { force: true });
}
