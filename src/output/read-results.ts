import { statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../diagnostics.js';
import { csvRecords } from './csv-records.js';
import { FILES } from './names.js';
import type { CodedRow, Results } from '../analysis/diff.js';
import { SegmentSet } from '../analysis/segment-set.js';
import { ownCopy } from '../text/own-copy.js';

/** A CSV file's records, with the message a user sees when it cannot be read. */
function* records(path: string, shown: string): Generator<string[]> {
  try {
    yield* csvRecords(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(`${shown} is missing: name a folder a qcode code --out run wrote`);
    throw new InputError(`${shown} cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const own = (field: string | undefined): string => ownCopy(field ?? '');

/** A theme and its matched terms into a segment's pairs; a second row for the theme has the last word, as a map would. */
function addTheme(themes: string[], theme: string, terms: string): void {
  for (let i = 0; i < themes.length; i += 2) {
    if (themes[i] !== theme) continue;
    themes[i + 1] = terms;
    return;
  }
  themes.push(theme, terms);
}

/**
 * Texts compared by a digest: a folder's excerpts are not held in memory, only what tells them
 * apart — 53 bits of two 32-bit hashes of their characters and length (FNV-1a, and one with
 * another multiplier), in a number: two different texts of one segment pass for equal about once
 * in 2^53.
 */
function digestOf(text: string): number {
  let a = 0x811c9dc5 | 0;
  let b = Math.imul(text.length, 0x9e3779b1);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return (a >>> 0) * 2 ** 21 + ((b >>> 0) & 0x1fffff);
}

/**
 * Reads a results folder's `excerpts.csv` (and `segments.csv` where there is one) a block of
 * records at a time, keeping per coded segment its themes, speaker and a digest of its text: the
 * texts are read again only for the segments a diff shows.
 */
export function readResults(dir: string, shown: string): Results {
  if (statSync(dir, { throwIfNoEntry: false })?.isDirectory() !== true)
    throw new InputError(`${shown} is not a folder: name a folder a qcode code --out run wrote`);
  const excerpts = join(dir, FILES.excerpts);
  const shownExcerpts = join(shown, FILES.excerpts);
  const rows = records(excerpts, shownExcerpts);
  const header = rows.next().value ?? [];
  const at = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new InputError(`${shownExcerpts}:1:1 has no '${name}' column: is it qcode's excerpts.csv?`);
    return i;
  };
  const [id, theme, label, speaker, text, terms] = [at('segment_id'), at('theme_id'), at('theme_label'), at('speaker'), at('text'), at('matched_terms')];
  // Themes in codebook order, as frequencies.csv lists them (every theme, coded or not).
  const labels = new Map<string, string>();
  const frequencies = join(dir, FILES.frequencies);
  if (statSync(frequencies, { throwIfNoEntry: false })?.isFile()) {
    const lines = records(frequencies, join(shown, FILES.frequencies));
    lines.next();
    for (const [theme = '', label = ''] of lines) labels.set(theme, label);
  }
  const coded = new Map<string, CodedRow>();
  // Themes, speakers and matched words recur on many rows: each kept once.
  const kept = new Map<string, string>();
  const intern = (field: string | undefined) => {
    const value = field ?? '';
    let copy = kept.get(value);
    if (copy === undefined) kept.set((copy = own(value)), copy);
    return copy;
  };
  for (const row of rows) {
    const segment = row[id] ?? '';
    let entry = coded.get(segment);
    if (!entry) coded.set(own(segment), (entry = { themes: [], speaker: intern(row[speaker]), digest: digestOf(row[text] ?? '') }));
    addTheme(entry.themes, intern(row[theme]), intern(row[terms]));
    if (!labels.has(row[theme] ?? '')) labels.set(intern(row[theme]), own(row[label]));
  }
  let segments: SegmentSet | undefined;
  const segmentsFile = join(dir, FILES.segments);
  if (statSync(segmentsFile, { throwIfNoEntry: false })?.isFile()) {
    const lines = records(segmentsFile, join(shown, FILES.segments));
    const column = (lines.next().value ?? []).indexOf('segment_id');
    segments = new SegmentSet();
    for (const fields of lines) segments.add(fields[column] ?? '');
  }
  // A second pass, when a diff has segments to show: their texts, from their first rows.
  const texts = (ids: string[]) => {
    const found = new Map<string, string>();
    const wanted = new Set(ids);
    if (wanted.size === 0) return found;
    for (const row of records(excerpts, shownExcerpts)) {
      const segment = row[id] ?? '';
      if (!wanted.has(segment) || found.has(segment)) continue;
      found.set(own(segment), own(row[text]));
      if (found.size === wanted.size) break;
    }
    return found;
  };
  return { coded, labels, segments, texts };
}
