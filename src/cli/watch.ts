import { statSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname, relative, resolve, sep } from 'node:path';
import type { Codebook } from '../codebook/types.js';
import { codeToFolder, type CodeRunOptions, type CodeRunResult } from '../run/code-to-folder.js';
import type { RunRecord } from '../report/summary.js';
import { frequencyTable } from '../report/tables.js';
import { formatCount, type Io } from './io.js';
import { UsageError } from '../diagnostics.js';

/** A frequency table's cells as `theme × group` → segments coded. */
export type Cells = Map<string, number>;

export function cellsOf(record: RunRecord, codebook: Codebook): Cells {
  const table = frequencyTable(record.tally, codebook.themes);
  const coded = table.columns.indexOf('segments_coded');
  return new Map(table.rows.map((r) => [`${r[0]} × ${r[2]}`, Number(r[coded])]));
}

/** The cells whose count changed (or that appeared or went), as lines a researcher reads. */
export function changedCells(before: Cells, after: Cells): string[] {
  const lines: string[] = [];
  for (const [cell, now] of after) {
    const was = before.get(cell);
    if (was !== now) lines.push(`  ${cell}: ${was ?? '–'} → ${now}`);
  }
  for (const [cell, was] of before) if (!after.has(cell)) lines.push(`  ${cell}: ${was} → –`);
  return lines;
}

/** How long to wait after the last change before coding again: an editor saves in several writes. */
const SETTLE_MS = 150;

/**
 * Watches the codebook, the attributes file and the inputs (folders recursively) and calls `run`
 * when one is saved — never for the results being written, and never two runs at once.
 */
export function watchInputs(paths: string[], cwd: string, ignore: string[], io: Io, run: (why: string) => Promise<void>): { close(): void } {
  const ignored = ignore.map((p) => resolve(cwd, p));
  // Editors' hidden swap files and backups are not saves; only the part below the watched folder is judged.
  const skip = (path: string, below: string) => ignored.some((dir) => path === dir || path.startsWith(dir + sep)) || /(^|[/\\])\.|~$|\.tmp$/.test(below);
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let pending: string | undefined;
  const fire = async (why: string) => {
    if (running) {
      pending = why;
      return;
    }
    running = true;
    try {
      await run(why);
    } catch (error) {
      io.stderr.write(`qcode: ${(error as Error).message}\n`);
    } finally {
      running = false;
      if (pending !== undefined) {
        const next = pending;
        pending = undefined;
        void fire(next);
      }
    }
  };
  const watchers: FSWatcher[] = [];
  for (const path of paths) {
    const target = resolve(cwd, path);
    // A file is watched through its folder: editors that save by writing a new file and renaming
    // it over the old one would leave a watch on the file itself looking at a deleted file.
    const file = statSync(target, { throwIfNoEntry: false })?.isFile() === true;
    const folder = file ? dirname(target) : target;
    try {
      watchers.push(
        watch(folder, { recursive: !file }, (_event, name) => {
          const below = name ? name.toString() : '';
          if (file && below !== basename(target)) return;
          const changed = file ? target : resolve(folder, below);
          if (below && skip(changed, below)) return;
          clearTimeout(timer);
          timer = setTimeout(() => void fire(relative(cwd, changed) || path), SETTLE_MS);
        }),
      );
    } catch {
      io.stderr.write(`qcode: cannot watch ${path}; changes to it will not be seen\n`);
    }
  }
  io.stderr.write(`Watching ${formatCount(watchers.length)} path${watchers.length === 1 ? '' : 's'} for changes (Ctrl-C to stop)\n`);
  return {
    close() {
      clearTimeout(timer);
      for (const w of watchers) w.close();
    },
  };
}

/**
 * `--watch`: after the first run, codes again whenever an input is saved, and prints the
 * frequency cells that changed. Runs until interrupted; the process stays warm, so a codebook
 * edit is seen in well under a second on a hundred interviews.
 */
export function keepCoding(first: CodeRunResult, options: CodeRunOptions, io: Io): Promise<never> {
  const defined = (paths: (string | false | undefined)[]) => paths.filter((p): p is string => typeof p === 'string' && p !== '-');
  const watched = defined([...options.inputs, options.codebook, options.attributes]);
  const written = defined([options.out, options.qdpx]);
  if (watched.length === 0) throw new UsageError('--watch needs transcript files or folders to watch; standard input cannot be watched');
  let cells = cellsOf(first.record, first.codebook);
  watchInputs(watched, io.cwd, written, io, async (why) => {
    const started = performance.now();
    const next = await codeToFolder({ ...options, view: undefined, onProgress: undefined });
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const now = cellsOf(next.record, next.codebook);
    const changed = changedCells(cells, now);
    cells = now;
    const clock = new Date().toTimeString().slice(0, 8);
    io.stderr.write(
      `${clock} ${why} changed: coded ${formatCount(next.record.tally.documents)} transcripts in ${seconds} s; ${changed.length === 0 ? 'no cell changed' : `${changed.length} cell${changed.length === 1 ? '' : 's'} changed (theme × group: segments coded)`}\n`,
    );
    for (const line of changed) io.stderr.write(`${line}\n`);
  });
  return new Promise<never>(() => undefined);
}
