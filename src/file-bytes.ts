import { readSync } from 'node:fs';

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
