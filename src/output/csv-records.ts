import { parseCsv } from './csv-read.js';
import { RecordReader } from './record-reader.js';

/**
 * The records of a CSV file, read a megabyte at a time and parsed as many at once as are read:
 * a results folder's `excerpts.csv` runs to gigabytes, more than one string can hold. Throws as
 * `openSync` does when it cannot open the file.
 */
export function* csvRecords(path: string): Generator<string[]> {
  const reader = new RecordReader(path, true);
  try {
    for (let records = reader.takeMany(); records !== undefined; records = reader.takeMany()) yield* parseCsv(records.toString('utf8'));
  } finally {
    reader.close();
  }
}
