import { parse as parseYaml } from 'yaml';
import { InputError } from '../diagnostics.js';

/** A theme as imported: its entries split by how qcode matches them, and its sub-categories. */
export interface ImportedTheme {
  id: string;
  label: string;
  exact: string[];
  patterns: string[];
  children: ImportedTheme[];
}

/** Dictionary formats `qcode codebook import` reads, by file extension. */
export const IMPORT_FORMATS = {
  '.dic': 'LIWC dictionary',
  '.cat': 'WordStat categories',
  '.yml': 'quanteda YAML dictionary',
  '.yaml': 'quanteda YAML dictionary',
} as const;

/** A theme id from a category name: lower case, words joined by hyphens. */
function slug(name: string): string {
  const id = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return id || 'category';
}

function theme(name: string): ImportedTheme {
  return { id: slug(name), label: name.trim(), exact: [], patterns: [], children: [] };
}

/** Dictionary entries with `*` are wildcards; the others match as written (as LIWC, WordStat and quanteda's glob do). */
function addEntry(target: ImportedTheme, entry: string): void {
  const text = entry.trim().replace(/_/g, ' ');
  if (text === '') return;
  const list = text.includes('*') ? target.patterns : target.exact;
  if (!list.includes(text)) list.push(text);
}

/** LIWC `.dic`: categories between `%` lines (`id<TAB>name`), then `word<TAB>id id …`. */
export function importLiwc(source: string, text: string): ImportedTheme[] {
  const lines = text.replace(/^\ufeff/, '').split(/\r?\n/);
  const markers = lines.flatMap((l, i) => (l.trim() === '%' ? [i] : []));
  if (markers.length < 2) throw new InputError(`${source}:1:1 not a LIWC dictionary: the categories must sit between two lines holding only %`);
  const byId = new Map<string, ImportedTheme>();
  const themes: ImportedTheme[] = [];
  for (let i = (markers[0] as number) + 1; i < (markers[1] as number); i++) {
    const line = lines[i]?.trim() ?? '';
    if (line === '') continue;
    const m = /^(\S+)\s+(.+)$/.exec(line);
    if (!m) throw new InputError(`${source}:${i + 1}:1 a category line must be an id and a name, not '${line}'`);
    const t = theme(m[2] as string);
    byId.set(m[1] as string, t);
    themes.push(t);
  }
  for (let i = (markers[1] as number) + 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    // Phrases may contain spaces, so the category ids are the trailing numbers.
    const m = /^(.*?)((?:\s+\d+)+)$/.exec(line.trim());
    const ids = (m?.[2] ?? '').trim().split(/\s+/);
    const word = m?.[1]?.trim() ?? '';
    const unknown = ids.find((id) => !byId.has(id));
    if (!m || word === '' || unknown !== undefined) {
      throw new InputError(
        `${source}:${i + 1}:1 ${unknown ? `category '${unknown}' is not declared` : `an entry must be a word and category ids, not '${line.trim()}'`}`,
      );
    }
    for (const id of ids) addEntry(byId.get(id) as ImportedTheme, word);
  }
  return themes;
}

/** WordStat `.cat`: categories and words in a tree by indentation; a word ends with a weight such as `(1)`. */
export function importWordstat(source: string, text: string): ImportedTheme[] {
  const roots: ImportedTheme[] = [];
  const stack: { depth: number; theme: ImportedTheme }[] = [];
  text
    .replace(/^\ufeff/, '')
    .split(/\r?\n/)
    .forEach((raw, i) => {
      if (raw.trim() === '') return;
      const depth = (/^[\t ]*/.exec(raw)?.[0] ?? '').replace(/ {4}|\t/g, '\t').length;
      const line = raw.trim();
      while (stack.length > 0 && (stack[stack.length - 1] as { depth: number }).depth >= depth) stack.pop();
      const parent = stack[stack.length - 1]?.theme;
      const word = /^(.*?)\s*\(\d+(?:\.\d+)?\)$/.exec(line);
      if (word) {
        if (!parent) throw new InputError(`${source}:${i + 1}:1 the word '${word[1]}' is not inside a category`);
        addEntry(parent, word[1] as string);
        return;
      }
      const t = theme(line);
      (parent ? parent.children : roots).push(t);
      stack.push({ depth, theme: t });
    });
  if (roots.length === 0) throw new InputError(`${source}:1:1 not a WordStat dictionary: no categories found`);
  return roots;
}

/** quanteda YAML: a mapping from category to a list of entries, or to a mapping of sub-categories. */
export function importQuanteda(source: string, text: string): ImportedTheme[] {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new InputError(`${source} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const walk = (value: unknown, name: string): ImportedTheme => {
    const t = theme(name);
    if (Array.isArray(value)) for (const entry of value) addEntry(t, String(entry));
    else if (typeof value === 'string') addEntry(t, value);
    else if (value && typeof value === 'object') for (const [key, child] of Object.entries(value)) t.children.push(walk(child, key));
    return t;
  };
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    throw new InputError(`${source}:1:1 a quanteda dictionary is a mapping from category names to lists of words`);
  }
  return Object.entries(data as Record<string, unknown>).map(([key, value]) => walk(value, key));
}

/** Makes theme ids unique across the whole tree (`care`, `care-2`, …), as a codebook requires. */
function uniqueIds(themes: ImportedTheme[], seen = new Set<string>()): void {
  for (const t of themes) {
    let id = t.id;
    for (let n = 2; seen.has(id); n++) id = `${t.id}-${n}`;
    t.id = id;
    seen.add(id);
    uniqueIds(t.children, seen);
  }
}

/** A qcode codebook (YAML text) holding the imported categories as themes. */
export function importedCodebookYaml(name: string, from: string, themes: ImportedTheme[]): string {
  uniqueIds(themes);
  const quote = (s: string) => JSON.stringify(s);
  const lines = [
    `# Imported by qcode from ${from}. Entries with * became patterns, the others exact words.`,
    `name: ${quote(name)}`,
    'version: "1"',
    'options:',
    '  stemmer: none',
    'themes:',
  ];
  const write = (t: ImportedTheme, indent: string) => {
    lines.push(`${indent}- id: ${quote(t.id)}`, `${indent}  label: ${quote(t.label)}`);
    if (t.exact.length > 0) lines.push(`${indent}  exact: [${t.exact.map(quote).join(', ')}]`);
    if (t.patterns.length > 0) lines.push(`${indent}  patterns: [${t.patterns.map(quote).join(', ')}]`);
    if (t.children.length > 0) {
      lines.push(`${indent}  children:`);
      for (const c of t.children) write(c, `${indent}    `);
    }
  };
  for (const t of themes) write(t, '  ');
  return `${lines.join('\n')}\n`;
}
