import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Up to `length` bytes of an open file from `position` (fewer only where the file ends). */
export function readAt(fd: number, length: number, position: number): Buffer {
  // Not zero-filled: only the bytes read are returned.
  const bytes = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const read = readSync(fd, bytes, done, length - done, position + done);
    if (read === 0) break;
    done += read;
  }
  return done === length ? bytes : bytes.subarray(0, done);
}

/** `buffer` if it holds `needed` bytes, else a larger one with its first `used` bytes copied over. */
export function withRoom(buffer: Buffer, used: number, needed: number): Buffer {
  if (needed <= buffer.length) return buffer;
  const bigger = Buffer.allocUnsafe(Math.max(buffer.length * 2, needed));
  buffer.copy(bigger, 0, 0, used);
  return bigger;
}

/**
 * Reads whole files into one buffer that is reused from file to file: reading a thousand files
 * each into fresh memory cost as much in page faults as the reading itself. The bytes returned
 * are valid until the next `read`.
 */
export class FileReader {
  private buffer: Buffer = Buffer.allocUnsafe(1 << 16);

  read(path: string): Buffer {
    const fd = openSync(path, 'r');
    try {
      // Room for the whole file and one byte more, so the read that finds its end needs no growth.
      this.buffer = withRoom(this.buffer, 0, fstatSync(fd).size + 1);
      let length = 0;
      for (;;) {
        // A file still being written may have grown since it was measured.
        if (length === this.buffer.length) this.buffer = withRoom(this.buffer, length, length + 1);
        const read = readSync(fd, this.buffer, length, this.buffer.length - length, null);
        if (read === 0) return this.buffer.subarray(0, length);
        length += read;
      }
    } finally {
      closeSync(fd);
    }
  }
}
