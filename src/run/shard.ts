import { UsageError } from '../diagnostics.js';
import type { Source } from '../transcript/discover.js';

/** Shard `index` (0-based) of `count`. */
export interface Shard {
  index: number;
  count: number;
}

/** Reads `K/N` (1-based K), as in `--shard 2/3`. */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const k = Number(m?.[1]);
  const n = Number(m?.[2]);
  if (!m || n < 1 || n > 10_000 || k < 1 || k > n) {
    throw new UsageError(`--shard takes K/N with 1 ≤ K ≤ N (e.g. 2/3), not '${text}'`);
  }
  return { index: k - 1, count: n };
}

/** FNV-1a over the UTF-8 bytes of a document name: the same on every machine and Node version. */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash;
}

/** The sources that belong to a shard: a deterministic 1/N of them by the hash of their name. */
export function sourcesInShard(sources: Source[], shard: Shard): Source[] {
  return sources.filter((s) => stableHash(s.document) % shard.count === shard.index);
}
