import { closeSync, openSync, readSync } from 'node:fs';
import { QcodeError } from '../diagnostics.js';
import { compareCodePoints } from '../text/compare.js';

const CHUNK = 1 << 20;

/** The first field of the CSV record `bytes[start, end)`: the document it belongs to. */
function firstField(bytes: Buffer, start: number, end: number): string {
  if (bytes[start] !== 0x22) {
    let i = start;
    while (i < end && bytes[i] !== 0x2c && bytes[i] !== 0x0d && bytes[i] !== 0x0a) i++;
    return bytes.toString('utf8', start, i);
  }
  let out = '';
  let i = start + 1;
  for (;;) {
    const close = bytes.indexOf(0x22, i);
    if (close < 0 || close >= end) return out + bytes.toString('utf8', i, end);
    out += bytes.toString('utf8', i, close);
    if (bytes[close + 1] !== 0x22) return out;
    out += '"';
    i = close + 2;
  }
}

/** One shard's `excerpts.csv`, read a megabyte at a time, a whole record at a time. */
class ShardExcerpts {
  private bytes = Buffer.alloc(0);
  private start = 0;
  /** End of the record at `start`, once found. */
  private end = -1;
  private done = false;

  constructor(
    private readonly fd: number,
    readonly path: string,
  ) {}

  /** Reads on; false at the end of the file. Keeps the unread part (at most one record), whose end is not yet known. */
  private fill(): boolean {
    if (this.done) return false;
    const chunk = Buffer.allocUnsafe(CHUNK);
    const read = readSync(this.fd, chunk, 0, CHUNK, null);
    if (read === 0) {
      this.done = true;
      return false;
    }
    this.bytes = Buffer.concat([this.bytes.subarray(this.start), chunk.subarray(0, read)]);
    this.start = 0;
    return true;
  }

  /** The bytes of the next record (a line break inside quotes does not end one), or undefined at the end. */
  private record(): { from: number; to: number } | undefined {
    if (this.end >= 0) return { from: this.start, to: this.end };
    let quoted = false;
    let i = this.start;
    for (;;) {
      for (; i < this.bytes.length; i++) {
        const b = this.bytes[i];
        if (b === 0x22) quoted = !quoted;
        else if (b === 0x0a && !quoted) {
          this.end = i + 1;
          return { from: this.start, to: this.end };
        }
      }
      const offset = i - this.start;
      if (!this.fill()) {
        if (this.start >= this.bytes.length) return undefined;
        this.end = this.bytes.length;
        return { from: this.start, to: this.end };
      }
      i = this.start + offset;
    }
  }

  /** Takes the next record's bytes. */
  take(): Buffer | undefined {
    const r = this.record();
    if (!r) return undefined;
    const bytes = this.bytes.subarray(r.from, r.to);
    this.start = r.to;
    this.end = -1;
    return bytes;
  }

  /** The document of the next record, or undefined at the end of the file. */
  document(): string | undefined {
    const r = this.record();
    return r ? firstField(this.bytes, r.from, r.to) : undefined;
  }

  close(): void {
    closeSync(this.fd);
  }
}

/**
 * Combines the shards' excerpt files into one, in document order. Each document's rows sit
 * together in one shard, so whole runs of records are copied byte for byte: the result is the
 * file a single run would have written. Each file is read a megabyte at a time, so merging
 * shards of any size takes little memory.
 */
export function mergeExcerptFiles(files: string[], write: (bytes: Buffer) => void): void {
  const shards: ShardExcerpts[] = [];
  try {
    for (const path of files) {
      try {
        shards.push(new ShardExcerpts(openSync(path, 'r'), path));
      } catch {
        throw new QcodeError(`cannot read ${path}: every shard folder needs the excerpts.csv its run wrote`, 2);
      }
    }
    const headers = shards.map((s) => Buffer.from(s.take() ?? Buffer.alloc(0)));
    const header = headers[0] as Buffer;
    headers.forEach((h, i) => {
      if (!h.equals(header)) throw new QcodeError(`${shards[i]?.path} has other columns than ${shards[0]?.path}`, 2);
    });
    write(header);
    for (;;) {
      let best: ShardExcerpts | undefined;
      let bestDocument = '';
      for (const s of shards) {
        const document = s.document();
        if (document !== undefined && (!best || compareCodePoints(document, bestDocument) < 0)) {
          best = s;
          bestDocument = document;
        }
      }
      if (!best) return;
      const rows: Buffer[] = [];
      while (best.document() === bestDocument) rows.push(best.take() as Buffer);
      write(Buffer.concat(rows));
    }
  } finally {
    for (const s of shards) s.close();
  }
}
