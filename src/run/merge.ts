import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createTally, mergeTally, tallyFromJson } from '../analysis/tally.js';
import { InputError } from '../diagnostics.js';
import type { RunRecord } from '../report/summary.js';
import { compareCodePoints } from '../text/compare.js';
import type { ShardProjectSource } from '../refi-qda/merge-qdpx.js';
import type { ShardFile, ShardSettings } from './shard-file.js';
import { FILES } from '../output/names.js';

export interface MergedShards {
  settings: ShardSettings;
  record: RunRecord;
  /** The shards' excerpt files, in shard order. */
  excerptFiles: string[];
  /** The shards' segment files, in shard order. */
  segmentFiles: string[];
  /** Every coded document in the merged order, with the shard (an index into `excerptFiles`) it is in. */
  order: { document: string; shard: number }[];
  /** The shards' folders and project layouts, in shard order. */
  projects: ShardProjectSource[];
}

function readShard(dir: string, cwd: string): ShardFile {
  const path = resolve(cwd, dir, FILES.shard);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new InputError(`${dir} is not a shard folder: it has no ${FILES.shard} (write one with qcode code --shard K/N -o ${dir})`);
  }
  let file: ShardFile;
  try {
    file = JSON.parse(text) as ShardFile;
  } catch (error) {
    throw new InputError(`${join(dir, FILES.shard)} is not valid JSON: ${(error as Error).message}`);
  }
  if (file.qcode_shard !== 1) throw new InputError(`${join(dir, FILES.shard)} is not a qcode shard file (or is from another version of qcode)`);
  return file;
}

const settingsKey = (s: ShardSettings) => JSON.stringify([s.codebook, s.options, s.output, s.excerpt_columns, s.input_skipped]);

/**
 * Reads shard folders (named relative to `cwd`, and so in messages) and adds up their tallies. Refuses shards that were coded with different
 * codebooks or options, repeated shards, and an incomplete set.
 */
export function mergeShards(dirs: string[], cwd: string): MergedShards {
  if (dirs.length === 0) throw new InputError('qcode merge needs the shard folders to combine');
  const shards = dirs.map((dir) => ({ dir, file: readShard(dir, cwd) }));
  const first = shards[0]!.file;
  const count = first.shard.count;
  const seen = new Map<number, string>();
  for (const { dir, file } of shards) {
    if (file.shard.count !== count) throw new InputError(`${dir} is shard ${file.shard.index + 1}/${file.shard.count}, but ${dirs[0]} is one of ${count}`);
    if (settingsKey(file) !== settingsKey(first)) {
      throw new InputError(`${dir} was coded with a different codebook, options or inputs than ${dirs[0]}; shards must come from the same command`);
    }
    const other = seen.get(file.shard.index);
    if (other !== undefined) throw new InputError(`${dir} and ${other} are both shard ${file.shard.index + 1}/${count}`);
    seen.set(file.shard.index, dir);
  }
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !seen.has(i));
  if (missing.length > 0) {
    throw new InputError(`missing shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i + 1}/${count}`).join(', ')}: merge needs all ${count}`);
  }
  shards.sort((a, b) => a.file.shard.index - b.file.shard.index);

  const tally = createTally(first.tally.groupBy, first.tally.themeCount);
  for (const { file } of shards) mergeTally(tally, tallyFromJson(file.tally));
  const byDocument = <T extends { document: string }>(list: T[]) =>
    list
      .map((item, i) => ({ item, i }))
      .sort((a, b) => compareCodePoints(a.item.document, b.item.document) || a.i - b.i)
      .map(({ item }) => item);
  // Each document with its shard, in the merged order: the summary's list and the order excerpts and projects are copied in.
  const placed = byDocument(shards.flatMap(({ file }, shard) => file.documents.map((summary) => ({ document: summary.document, summary, shard }))));
  const fileSkipped = byDocument(shards.flatMap(({ file }) => file.file_skipped));
  const warnings = byDocument(shards.flatMap(({ file }) => file.warnings));
  return {
    settings: {
      codebook: first.codebook,
      options: first.options,
      output: first.output,
      excerpt_columns: first.excerpt_columns,
      input_skipped: first.input_skipped,
    },
    record: {
      tally,
      documents: placed.map(({ summary }) => summary),
      skipped: [...first.input_skipped, ...fileSkipped.map(({ input, reason }) => ({ input, reason }))],
      warnings: warnings.map((w) => `${w.document}: ${w.message}`),
    },
    excerptFiles: shards.map(({ dir }) => resolve(cwd, dir, FILES.excerpts)),
    segmentFiles: shards.map(({ dir }) => resolve(cwd, dir, FILES.segments)),
    order: placed.map(({ document, shard }) => ({ document, shard })),
    projects: shards.map(({ dir, file }) => ({ dir, path: resolve(cwd, dir), layout: file.project })),
  };
}
