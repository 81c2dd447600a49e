import { UsageError } from '../diagnostics.js';
import { mergeFolders } from '../run/merge-folders.js';
import type { Io } from './io.js';
import { reportRun } from './run-report.js';

export interface MergeFlags {
  out?: string;
  quiet?: boolean;
}

/** `qcode merge DIR… -o OUT`: the results of `qcode code --shard K/N` runs, combined exactly. */
export function mergeCommand(dirs: string[], flags: MergeFlags, io: Io): number {
  if (flags.out === undefined) throw new UsageError('qcode merge needs --out DIR for the combined results');
  const record = mergeFolders(dirs, flags.out, io.cwd);
  reportRun(io, record, flags, flags.quiet === true, `Merged ${dirs.length} shards:`);
  return record.skipped.length > 0 ? 1 : 0;
}
