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

  /** The next record with its line end, without taking it; undefined at the end of the file. */
  peek(): Buffer | undefined {
    if (this.end >= 0) return this.bytes.subarray(this.start, this.end);
    let quoted = false;
    let i = this.start;
    for (;;) {
      for (; i < this.bytes.length; i++) {
        const b = this.bytes[i];
        if (b === 0x22 && this.csv) quoted = !quoted;
        else if (b === 0x0a && !quoted) {
          this.end = i + 1;
          return this.bytes.subarray(this.start, this.end);
        }
      }
      const offset = i - this.start;
      if (!this.fill()) {
        if (this.start >= this.bytes.length) return undefined;
        this.end = this.bytes.length;
        return this.bytes.subarray(this.start, this.end);
      }
      i = this.start + offset;
    }
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
