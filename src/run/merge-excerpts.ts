import { basename } from 'node:path';
import { InputError } from '../diagnostics.js';
import { csvField } from '../report/formats/csv.js';
import { RecordReader } from '../output/record-reader.js';

/**
 * Combines the shards' excerpt (or segment) files into one, in the merged document order. Each document's rows
 * sit together in one shard, so whole runs of records are copied byte for byte: the result is the
 * file a single run would have written. Rows are matched to their document by its name as the run
 * wrote it (quoted, and with a spreadsheet guard when `sanitize` was on), not ordered by it.
 */
export function mergeExcerptFiles(files: string[], order: { document: string; shard: number }[], sanitize: boolean, write: (bytes: Buffer) => void): void {
  const shards: RecordReader[] = [];
  try {
    for (const path of files) {
      try {
        shards.push(new RecordReader(path, true));
      } catch {
        throw new InputError(`cannot read ${path}: every shard folder needs the ${basename(path)} its run wrote`);
      }
    }
    const headers = shards.map((s) => Buffer.from(s.take() ?? Buffer.alloc(0)));
    const header = headers[0] as Buffer;
    headers.forEach((h, i) => {
      if (!h.equals(header)) throw new InputError(`${shards[i]?.path} has other columns than ${shards[0]?.path}`);
    });
    write(header);
    for (const { document, shard } of order) {
      const reader = shards[shard] as RecordReader;
      // A document's rows start with its name exactly as the run wrote the field.
      const field = Buffer.from(`${csvField(document, sanitize)},`);
      const rows: Buffer[] = [];
      for (let row = reader.peek(); row !== undefined && row.subarray(0, field.length).equals(field); row = reader.peek()) rows.push(reader.take() as Buffer);
      if (rows.length > 0) write(Buffer.concat(rows));
    }
    const left = shards.find((s) => s.peek() !== undefined);
    if (left) throw new InputError(`${left.path} has rows for documents its shard.json does not list in that order; was it edited?`);
  } finally {
    for (const s of shards) s.close();
  }
}
