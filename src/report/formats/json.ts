import { rowObjects, type Formatter } from './types.js';

/** A JSON array of row objects, keyed by column name. */
export const json: Formatter = (table) => `${JSON.stringify(rowObjects(table), null, 2)}\n`;

/** One JSON object per line (JSON Lines), for streaming tools such as jq. */
export const jsonl: Formatter = (table) => rowObjects(table).map((row) => `${JSON.stringify(row)}\n`).join('');
