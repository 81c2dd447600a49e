import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../diagnostics.js';
import { parseCsv } from './csv-read.js';
import { FILES } from './names.js';
import type { CodedRow, Results } from '../analysis/diff.js';

function readCsv(path: string, shown: string): string[][] {
  try {
    return parseCsv(readFileSync(path, 'utf8'));
  } catch {
    throw new InputError(`${shown} is missing: name a folder a qcode code --out run wrote`);
  }
}

/** Reads a results folder's `excerpts.csv` (and `segments.csv` where there is one). */
export function readResults(dir: string, shown: string): Results {
  if (statSync(dir, { throwIfNoEntry: false })?.isDirectory() !== true)
    throw new InputError(`${shown} is not a folder: name a folder a qcode code --out run wrote`);
  const [header = [], ...rows] = readCsv(join(dir, FILES.excerpts), join(shown, FILES.excerpts));
  const at = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new InputError(`${join(shown, FILES.excerpts)}:1:1 has no '${name}' column: is it qcode's excerpts.csv?`);
    return i;
  };
  const [id, theme, label, speaker, text, terms] = [at('segment_id'), at('theme_id'), at('theme_label'), at('speaker'), at('text'), at('matched_terms')];
  const coded = new Map<string, CodedRow>();
  // Themes in codebook order, as frequencies.csv lists them (every theme, coded or not).
  const labels = new Map<string, string>();
  if (statSync(join(dir, FILES.frequencies), { throwIfNoEntry: false })?.isFile()) {
    for (const [theme = '', label = ''] of readCsv(join(dir, FILES.frequencies), join(shown, FILES.frequencies)).slice(1)) labels.set(theme, label);
  }
  for (const row of rows) {
    const segment = row[id] ?? '';
    let entry = coded.get(segment);
    if (!entry) coded.set(segment, (entry = { themes: new Map(), speaker: row[speaker] ?? '', text: row[text] ?? '' }));
    entry.themes.set(row[theme] ?? '', row[terms] ?? '');
    if (!labels.has(row[theme] ?? '')) labels.set(row[theme] ?? '', row[label] ?? '');
  }
  let segments: Set<string> | undefined;
  if (statSync(join(dir, FILES.segments), { throwIfNoEntry: false })?.isFile()) {
    const [segmentHeader = [], ...segmentRows] = readCsv(join(dir, FILES.segments), join(shown, FILES.segments));
    const column = segmentHeader.indexOf('segment_id');
    segments = new Set(segmentRows.map((r) => r[column] ?? ''));
  }
  return { coded, labels, segments };
}
