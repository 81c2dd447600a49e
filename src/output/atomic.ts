import { randomBytes } from 'node:crypto';
import { closeSync, lstatSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** A file being written under a temporary name. */
export interface StagedFile {
  write(data: string | Uint8Array): void;
}

/** Where bytes go, in order. */
export interface ByteSink {
  write(data: Uint8Array): void;
}

/** A temporary file read back before the run ends, and removed whatever happens. */
export interface ScratchFile extends ByteSink {
  /** Hands everything written so far to `sink`, a megabyte at a time. */
  copyTo(sink: ByteSink): void;
}

/**
 * A set of output files that appear together or not at all: each is written under a temporary
 * name beside its target and renamed into place by `commit`, so a reader never sees a
 * half-written output and a failed run leaves the previous results as they were.
 */
export class AtomicOutputs {
  private readonly staged: { fd: number | null; name: string; temp: string; target: string }[] = [];
  private readonly scratches: { fd: number | null; temp: string; removed: boolean }[] = [];
  private readonly tag = `${process.pid}-${randomBytes(4).toString('hex')}`;

  /**
   * @param owned the names of every file a run of this kind may leave in `dir`: those this run does
   * not write are removed by `commit`, so no earlier run's file (a project since skipped with
   * `--no-qdpx`, a shard's index) sits among results it does not belong to.
   */
  constructor(
    private readonly dir: string,
    private readonly owned: readonly string[] = [],
  ) {
    mkdirSync(dir, { recursive: true });
    removeAbandoned(dir);
    live.add(this);
  }

  open(name: string): StagedFile {
    const target = join(this.dir, name);
    // Two writers of one output would share a temporary file and the second rename would fail.
    if (this.staged.some((s) => s.target === target)) throw new Error(`${name} is already being written`);
    const temp = this.hidden(name, 'tmp');
    const entry = { fd: openSync(temp, 'w') as number | null, name, temp, target };
    this.staged.push(entry);
    return {
      write: (data) => {
        if (entry.fd === null) throw new Error(`${name} is already closed`);
        const bytes = typeof data === 'string' ? Buffer.from(data) : data;
        for (let done = 0; done < bytes.length;) done += writeSync(entry.fd, bytes, done);
      },
    };
  }

  /**
   * A scratch file beside the outputs, removed on commit or abort. With `held: false` it is
   * opened only while it is written or read, for callers that keep many at once.
   */
  scratch(name: string, { held = true }: { held?: boolean } = {}): ScratchFile {
    const temp = this.hidden(name, 'tmp');
    const opened = openSync(temp, 'w+');
    if (!held) closeSync(opened);
    const entry = { fd: held ? (opened as number | null) : null, temp, removed: false };
    this.scratches.push(entry);
    let size = 0;
    const use = (work: (fd: number) => void) => {
      if (entry.removed) throw new Error(`${name} is already removed`);
      if (entry.fd !== null) return work(entry.fd);
      const fd = openSync(temp, 'r+');
      try {
        work(fd);
      } finally {
        closeSync(fd);
      }
    };
    return {
      write: (bytes) =>
        use((fd) => {
          for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done, bytes.length - done, size + done);
          size += bytes.length;
        }),
      copyTo: (sink) =>
        use((fd) => {
          const chunk = Buffer.allocUnsafe(Math.min(size, 1 << 20));
          for (let at = 0; at < size;) {
            const read = readSync(fd, chunk, 0, Math.min(chunk.length, size - at), at);
            if (read === 0) throw new Error(`${name} ended early`);
            sink.write(chunk.subarray(0, read));
            at += read;
          }
        }),
    };
  }

  /** A hidden name beside the outputs that names this run, so an abandoned one can be told apart. */
  private hidden(name: string, kind: 'tmp' | 'old'): string {
    return join(this.dir, `.${name}.${this.tag}.${kind}`);
  }

  file(name: string, content: string): void {
    this.open(name).write(content);
  }

  /**
   * Renames every staged file into place. The previous outputs are first moved aside, so that if
   * one rename fails the ones already made are undone and every output is as it was.
   */
  commit(): string[] {
    for (const entry of this.staged) this.close(entry);
    for (const { target } of this.staged) {
      if (lstatSync(target, { throwIfNoEntry: false })?.isDirectory()) {
        throw Object.assign(new Error(`${target} is a folder`), { code: 'EISDIR', path: target });
      }
    }
    const aside: { target: string; old: string }[] = [];
    const placed: string[] = [];
    const written = new Set(this.staged.map((s) => s.name));
    const stale = this.owned
      .filter((name) => !written.has(name))
      .map((name) => ({ name, target: join(this.dir, name) }))
      .filter(({ target }) => lstatSync(target, { throwIfNoEntry: false })?.isFile() === true);
    try {
      // Previous outputs, and owned files this run does not write, go aside until all is in place.
      for (const { name, target } of [...this.staged, ...stale]) {
        const old = this.hidden(name, 'old');
        try {
          renameSync(target, old);
          aside.push({ target, old });
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        }
      }
      for (const { temp, target } of this.staged) {
        renameSync(temp, target);
        placed.push(target);
      }
    } catch (error) {
      for (const target of placed) rmSync(target, { force: true });
      for (const { target, old } of aside) renameSync(old, target);
      throw error;
    }
    for (const { old } of aside) rmSync(old, { force: true });
    this.removeScratches();
    live.delete(this);
    return this.staged.map((s) => s.target);
  }

  abort(): void {
    for (const entry of this.staged) {
      this.close(entry);
      rmSync(entry.temp, { force: true });
    }
    this.removeScratches();
    live.delete(this);
  }

  private removeScratches(): void {
    for (const entry of this.scratches) {
      this.close(entry);
      entry.removed = true;
      rmSync(entry.temp, { force: true });
    }
  }

  private close(entry: { fd: number | null }): void {
    if (entry.fd !== null) closeSync(entry.fd);
    entry.fd = null;
  }
}

/** Outputs being written in this process: what an interrupt must clear away. */
const live = new Set<AtomicOutputs>();

/**
 * Removes every file this process has staged and not yet committed, leaving earlier results as
 * they were: for a run stopped by a signal. Commits are synchronous, so none is half done here.
 */
export function abortAllOutputs(): void {
  for (const outputs of [...live]) outputs.abort();
}

const STAGED = /^\..+\.(\d+)-[0-9a-f]{8}\.(?:tmp|old)$/;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes files staged by a run that was killed before it could finish: its process is gone, or
 * it had this process's id but wrote them before this process started (in a container every run
 * may have the same id).
 */
function removeAbandoned(dir: string): void {
  for (const name of readdirSync(dir)) {
    const match = STAGED.exec(name);
    if (!match) continue;
    const pid = Number(match[1]);
    const path = join(dir, name);
    const abandoned = pid === process.pid ? (statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? Infinity) < performance.timeOrigin : !alive(pid);
    if (abandoned) rmSync(path, { force: true });
  }
}
