import { QcodeError } from '../diagnostics.js';
import { neutralise } from '../report/formats/types.js';
import { RecordReader } from './record-reader.js';

/** The first field of a CSV record: the document it belongs to. */
function firstField(bytes: Buffer): string {
  const start = 0;
  const end = bytes.length;
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

/**
 * Combines the shards' excerpt files into one, in the merged document order. Each document's rows
 * sit together in one shard, so whole runs of records are copied byte for byte: the result is the
 * file a single run would have written. Rows are matched to their document by its name as the run
 * wrote it (with a spreadsheet guard when `sanitize` was on), not ordered by that written name.
 */
export function mergeExcerptFiles(files: string[], order: { document: string; shard: number }[], sanitize: boolean, write: (bytes: Buffer) => void): void {
  const shards: RecordReader[] = [];
  const documentOf = (shard: RecordReader) => {
    const record = shard.peek();
    return record === undefined ? undefined : firstField(record);
  };
  try {
    for (const path of files) {
      try {
        shards.push(new RecordReader(path, true));
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
    for (const { document, shard } of order) {
      const reader = shards[shard] as RecordReader;
      const written = String(neutralise(document, sanitize));
      const rows: Buffer[] = [];
      while (documentOf(reader) === written) rows.push(reader.take() as Buffer);
      if (rows.length > 0) write(Buffer.concat(rows));
    }
    const left = shards.find((s) => s.peek() !== undefined);
    if (left) throw new QcodeError(`${left.path} has rows for documents its shard.json does not list in that order; was it edited?`, 2);
  } finally {
    for (const s of shards) s.close();
  }
}
