import { closeSync, openSync, readSync } from 'node:fs';

/** Up to `length` bytes of an open file from `position` (fewer only where the file ends). */
export function readAt(fd: number, length: number, position: number): Buffer {
  const bytes = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const read = readSync(fd, bytes, done, length - done, position + done);
    if (read === 0) break;
    done += read;
  }
  return done === length ? bytes : bytes.subarray(0, done);
}

/**
 * Reads whole files into one buffer that is reused from file to file: reading a thousand files
 * each into fresh memory cost as much in page faults as the reading itself. The bytes returned
 * are valid until the next `read`.
 */
export class FileReader {
  private buffer = Buffer.allocUnsafe(1 << 16);

  read(path: string): Buffer {
    const fd = openSync(path, 'r');
    try {
      let length = 0;
      for (;;) {
        if (length === this.buffer.length) {
          const bigger = Buffer.allocUnsafe(this.buffer.length * 2);
          this.buffer.copy(bigger, 0, 0, length);
          this.buffer = bigger;
        }
        const read = readSync(fd, this.buffer, length, this.buffer.length - length, null);
        if (read === 0) return this.buffer.subarray(0, length);
        length += read;
      }
    } finally {
      closeSync(fd);
    }
  }
}
