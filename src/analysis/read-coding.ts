import { parse } from 'csv-parse/sync';
import { InputError } from '../diagnostics.js';
import type { Coding } from './agreement.js';

/**
 * Reads a coding from CSV: qcode's own `excerpts.csv`, or any file with `segment_id` and
 * `theme_id` columns. A row with an empty `theme_id` records a segment coded with no theme.
 */
export function parseCoding(source: string, text: string): Coding {
  let records: Record<string, string>[];
  try {
    records = parse(text, { bom: true, columns: (header: string[]) => header.map((h) => h.trim()), skip_empty_lines: true }) as Record<string, string>[];
  } catch (error) {
    const e = error as { lines?: number; message: string };
    throw new InputError(`${e.lines ? `${source}:${e.lines}` : source} is not valid CSV: ${e.message}`);
  }
  const first = records[0];
  if (first && (!('segment_id' in first) || !('theme_id' in first))) {
    throw new InputError(`${source}:1:1 a coding needs 'segment_id' and 'theme_id' columns; found: ${Object.keys(first).join(', ')}`);
  }
  const coding: Coding = new Map();
  for (const record of records) {
    const segment = (record.segment_id ?? '').trim();
    if (segment === '') continue;
    let themes = coding.get(segment);
    if (!themes) {
      themes = new Set();
      coding.set(segment, themes);
    }
    const theme = (record.theme_id ?? '').trim();
    if (theme !== '') themes.add(theme);
  }
  return coding;
}

/** The segment ids of a `segments.csv` (every segment of a run, coded or not). */
export function parseSegments(source: string, text: string): string[] {
  let records: Record<string, string>[];
  try {
    records = parse(text, { bom: true, columns: true, skip_empty_lines: true }) as Record<string, string>[];
  } catch (error) {
    throw new InputError(`${source} is not valid CSV: ${(error as Error).message}`);
  }
  return records.map((r) => (r.segment_id ?? '').trim()).filter((id) => id !== '');
}
