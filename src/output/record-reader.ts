import { closeSync, openSync, readSync } from 'node:fs';

const CHUNK = 1 << 20;

/**
 * The lines of a file, read a megabyte at a time, so merging shards of any size takes little
 * memory. With `csv`, a line break inside double quotes does not end a record.
 */
export class RecordReader {
  private bytes = Buffer.alloc(0);
  private start = 0;
  /** End of the record at `start`, once found. */
  private end = -1;
  private done = false;
  private readonly fd: number;

  /** Opens `path`; throws as `openSync` does when it cannot. */
  constructor(
    readonly path: string,
    private readonly csv: boolean,
  ) {
    this.fd = openSync(path, 'r');
  }

  /** Reads on; false at the end of the file. Keeps the unread part, whose end is not yet known. */
  private fill(): boolean {
    if (this.done) return false;
    // A record longer than a chunk doubles what is read next, so reading it costs its length, not its square.
    const size = Math.max(CHUNK, this.bytes.length - this.start);
    const chunk = Buffer.allocUnsafe(size);
    const read = readSync(this.fd, chunk, 0, size, null);
    if (read === 0) {
      this.done = true;
      return false;
    }
    this.bytes = Buffer.concat([this.bytes.subarray(this.start), chunk.subarray(0, read)]);
    this.start = 0;
    return true;
  }

  /**
   * Where the record starting at `from` ends (after its LF) in the bytes at hand, or -1 when
   * they hold no end for it yet. Native searches for each LF and the quotes before it, not a walk
   * byte by byte: a line break inside quotes (an odd number of them so far) does not end it.
   */
  private recordEnd(from: number): number {
    let quoted = false;
    for (let i = from; ;) {
      const lf = this.bytes.indexOf(0x0a, i);
      if (this.csv) {
        const line = this.bytes.subarray(i, lf < 0 ? this.bytes.length : lf);
        for (let q = line.indexOf(0x22); q >= 0; q = line.indexOf(0x22, q + 1)) quoted = !quoted;
      }
      if (lf < 0) return -1;
      if (!quoted) return lf + 1;
      i = lf + 1;
    }
  }

  /** The next record with its line end, without taking it; undefined at the end of the file. */
  peek(): Buffer | undefined {
    if (this.end >= 0) return this.bytes.subarray(this.start, this.end);
    for (;;) {
      const end = this.recordEnd(this.start);
      if (end >= 0) {
        this.end = end;
        return this.bytes.subarray(this.start, end);
      }
      if (!this.fill()) {
        if (this.start >= this.bytes.length) return undefined;
        this.end = this.bytes.length;
        return this.bytes.subarray(this.start, this.end);
      }
    }
  }

  /** Takes the next record and every whole one after it already read, as one piece: many records for one decoding. */
  takeMany(): Buffer | undefined {
    if (this.peek() === undefined) return undefined;
    let end = this.end;
    for (let next = this.recordEnd(end); next >= 0; next = this.recordEnd(end)) end = next;
    const records = this.bytes.subarray(this.start, end);
    this.start = end;
    this.end = -1;
    return records;
  }

  /** Takes the next record. */
  take(): Buffer | undefined {
    const record = this.peek();
    if (record) {
      this.start = this.end;
      this.end = -1;
    }
    return record;
  }

  close(): void {
    closeSync(this.fd);
  }
}
