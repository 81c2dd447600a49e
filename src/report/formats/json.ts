import { rowObject, type StreamFormat } from './types.js';

/** A JSON array of row objects keyed by column name, laid out as `JSON.stringify(rows, null, 2)` would. */
export const json: StreamFormat = {
  head: () => '[',
  rows: (columns, rows) => rows.map((row) => `\n  ${JSON.stringify(rowObject(columns, row), null, 2).replace(/\n/g, '\n  ')}`).join(','),
  separator: ',',
  tail: (empty) => (empty ? ']\n' : '\n]\n'),
};

/** One JSON object per line (JSON Lines), for streaming tools such as jq. */
export const jsonl: StreamFormat = {
  head: () => '',
  rows: (columns, rows) => rows.map((row) => `${JSON.stringify(rowObject(columns, row))}\n`).join(''),
  separator: '',
  tail: () => '',
};
