import { isMap, isScalar, LineCounter, parseDocument, type YAMLMap } from 'yaml';
import { aliasOverflow, megabytes } from '../text/yaml-expansion.js';
import { TranscriptError } from '../diagnostics.js';
import { isInterviewerRole } from './speakers/roles.js';
import type { Attributes } from './types.js';

export interface FrontMatter {
  attributes: Attributes;
  speakers: Record<string, Attributes>;
  /** Speakers who ask the questions (`hosts:` or `interviewers:`, or a speaker whose role says so), lower-cased. */
  hosts: string[];
  /** Offset where the body starts (after the closing `---`), 0 when there is no front matter. */
  bodyStart: number;
  /** Fields left out because their value is a mapping or a list of mappings, not something a column can hold. */
  unread?: string[];
  /** Fields given more than once, with the lines (1-based, in the file) of each: the last is used. */
  repeated?: { key: string; lines: number[] }[];
}

/** A document's attributes, with every alias expanded, fit in far less. */
const MAX_FRONT_MATTER = 2 ** 20;

const OPENING = /^---[ \t]*\n/;
const CLOSING = /^(?:---|\.\.\.)[ \t]*$/m;

/** Fields about the speakers rather than the document: never attributes. */
const SPEAKER_FIELDS = new Set(['speakers', 'hosts', 'interviewers']);

const SIMPLE_LINE = /^([A-Za-z_][\w-]*):[ \t]+([A-Za-z0-9][\w ,./()'-]*?)[ \t]*$/;
// Plain scalars that YAML's core schema reads as numbers, booleans or null rather than text.
const NOT_TEXT = /^(?:[-+]?(?:\d[\d_]*(?:\.[\d_]*)?|\.\d+)(?:[eE][-+]?\d+)?|0x[\da-fA-F_]+|0o[0-7_]+|true|True|TRUE|false|False|FALSE|null|Null|NULL)$/;

/**
 * Front matter made only of `name: text` lines, read without a YAML parser: that parser costs a
 * large run more than coding the front matter's transcript does. Anything else (nesting,
 * quotes, numbers, comments, repeated names) returns undefined and goes to the parser, so the
 * result is always what YAML itself gives — a test holds the two to it.
 */
export function simpleFrontMatter(yamlText: string): Record<string, string> | undefined {
  const fields: Record<string, string> = {};
  for (const line of yamlText.split('\n')) {
    // Blank as YAML sees it: spaces and tabs only (a no-break space is content).
    if (/^[ \t]*$/.test(line)) continue;
    const match = SIMPLE_LINE.exec(line);
    if (!match) return undefined;
    const [, key, value] = match as unknown as [string, string, string];
    // YAML refuses implicit keys over 1024 characters.
    if (key.length > 1024 || SPEAKER_FIELDS.has(key) || key === '__proto__' || Object.hasOwn(fields, key) || NOT_TEXT.test(key) || NOT_TEXT.test(value))
      return undefined;
    fields[key] = value;
  }
  return fields;
}

function scalarText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) return value.join('; ');
  return undefined;
}

/** Whether the top of a text holds all of its front matter: none opens, or it also closes. */
export function frontMatterComplete(top: string): boolean {
  const opening = OPENING.exec(top);
  return !opening || CLOSING.test(top.slice(opening[0].length));
}

/** Reads optional YAML front matter between `---` lines at the very top of a transcript. */
export function readFrontMatter(text: string): FrontMatter {
  const none: FrontMatter = { attributes: {}, speakers: {}, hosts: [], bodyStart: 0 };
  const opening = OPENING.exec(text);
  if (!opening) return none;
  const rest = text.slice(opening[0].length);
  const closing = CLOSING.exec(rest);
  if (!closing) throw new TranscriptError('front matter opened with --- on line 1 is never closed with ---', 1, 1);
  const yamlText = rest.slice(0, closing.index);
  const bodyStart = opening[0].length + closing.index + closing[0].length + (text[opening[0].length + closing.index + closing[0].length] === '\n' ? 1 : 0);
  const simple = simpleFrontMatter(yamlText);
  if (simple) return { attributes: simple, speakers: {}, hosts: [], bodyStart };
  const lines = new LineCounter();
  // A key given twice (a blog's template adding its own `podcast:`) is metadata gone wrong, not a
  // reason to lose the talk: the last is used, as Jekyll and PyYAML read it, and the reader warns.
  const doc = parseDocument(yamlText, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  const firstError = doc.errors[0];
  if (firstError) {
    const { line, col } = lines.linePos(firstError.pos[0]);
    throw new TranscriptError(`front matter is not valid YAML: ${firstError.message.split('\n')[0]}`, line + 1, col);
  }
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) return { ...none, bodyStart };
  if (!isMap(doc.contents)) throw new TranscriptError('front matter must be a list of `name: value` fields', 2, 1);
  // Measured before anything is expanded: the alias count alone lets one alias stand for megabytes.
  const overflow = aliasOverflow(doc, MAX_FRONT_MATTER);
  if (overflow) {
    const { line, col } = lines.linePos(overflow.offset);
    throw new TranscriptError(
      `front matter aliases expand to ${megabytes(overflow.size)} of text, more than the ${megabytes(MAX_FRONT_MATTER)} front matter may hold; refusing to read it`,
      line + 1,
      col,
    );
  }
  let data: Record<string, unknown>;
  try {
    data = doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown>;
  } catch {
    throw new TranscriptError('front matter expands through too many YAML aliases; refusing to read it', 2, 1);
  }
  const attributes: Attributes = {};
  const unread: string[] = [];
  const speakers: Record<string, Attributes> = {};
  const hosts = new Set<string>();
  for (const [key, value] of Object.entries(data)) {
    if (key === 'speakers') {
      // A list names the speakers; a map gives each a perspective or attributes.
      if (Array.isArray(value)) {
        for (const name of value) if (typeof name === 'string' || typeof name === 'number') speakers[String(name).trim().toLowerCase()] = {};
      } else if (value && typeof value === 'object') {
        for (const [name, entry] of Object.entries(value as Record<string, unknown>)) {
          const perspective = scalarText(entry);
          if (perspective !== undefined) speakers[name.trim().toLowerCase()] = { perspective };
          else if (entry && typeof entry === 'object') {
            const attrs: Attributes = {};
            for (const [k, v] of Object.entries(entry as Record<string, unknown>)) {
              const s = scalarText(v);
              if (s !== undefined) attrs[k] = s;
            }
            speakers[name.trim().toLowerCase()] = attrs;
            if (isInterviewerRole(attrs.role)) hosts.add(name.trim().toLowerCase());
          } else speakers[name.trim().toLowerCase()] = {};
        }
      }
      continue;
    }
    if (key === 'hosts' || key === 'interviewers') {
      const names = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/[,;]/) : [];
      for (const name of names) if (name.trim() !== '') hosts.add(name.trim().toLowerCase());
      continue;
    }
    const text = scalarText(value);
    if (text !== undefined) attributes[key] = text;
    else if (value !== null && value !== undefined) unread.push(key);
  }
  const repeated = repeatedKeys(doc.contents, (offset) => lines.linePos(offset).line + 1);
  return { attributes, speakers, hosts: [...hosts], bodyStart, ...(unread.length > 0 ? { unread } : {}), ...(repeated.length > 0 ? { repeated } : {}) };
}

/** The top-level keys given more than once, with the file line of each (front matter starts on line 2). */
function repeatedKeys(map: YAMLMap, lineOf: (offset: number) => number): { key: string; lines: number[] }[] {
  const seen = new Map<string, number[]>();
  for (const item of map.items) {
    const key = isScalar(item.key) ? String(item.key.value) : undefined;
    const offset = isScalar(item.key) ? item.key.range?.[0] : undefined;
    if (key === undefined || offset === undefined) continue;
    const at = seen.get(key);
    if (at) at.push(lineOf(offset));
    else seen.set(key, [lineOf(offset)]);
  }
  return [...seen].filter(([, at]) => at.length > 1).map(([key, at]) => ({ key, lines: at }));
}
