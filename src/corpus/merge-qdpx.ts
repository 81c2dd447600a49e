import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { QcodeError } from '../diagnostics.js';
import { deflatePiece } from '../report/deflate.js';
import { sourceGuid, type QdpxDocument, type QdpxProject } from '../report/qdpx.js';
import { readZip, type ZipIndexEntry } from '../report/zip.js';

export const PROJECT_FILE = 'project.qdpx';

const unescapeXml = (text: string) => text.replace(/&quot;/g, '"').replace(/&gt;/g, '>').replace(/&lt;/g, '<').replace(/&amp;/g, '&');

/** Each element from `open` to its closing line, in order (qcode writes one element per line). */
function blocks(text: string, open: string, close: string): string[] {
  const found: string[] = [];
  for (let at = text.indexOf(open); at >= 0; at = text.indexOf(open, at)) {
    const end = text.indexOf(close, at);
    if (end < 0) break;
    found.push(text.slice(at, end + close.length));
    at = end + close.length;
  }
  return found;
}

const attribute = (element: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(element)?.[1] ?? '';

/** One shard's project, taken apart into the pieces a single run would have made per document. */
interface ShardProject {
  dir: string;
  /** `project.qde` up to its cases: the codes and variables, the same in every shard. */
  head: string;
  entries: Map<string, ZipIndexEntry>;
  cases: Map<string, string>;
  sources: Map<string, string>;
  perspectiveOf: Map<string, string>;
}

function readShardProject(dir: string, path: string): ShardProject {
  const shown = join(dir, PROJECT_FILE);
  let entries: Map<string, ZipIndexEntry>;
  let qde: string;
  try {
    entries = readZip(readFileSync(path));
    const entry = entries.get('project.qde');
    if (!entry || entry.method !== 8) throw new Error('it has no project.qde written by qcode');
    qde = inflateRawSync(entry.data).toString('utf8');
  } catch (error) {
    throw new QcodeError(`cannot read ${shown}: ${(error as Error).message}`, 2);
  }
  const headEnd = ['  <Cases>\n', '  <Sources>\n', '</Project>\n'].map((m) => qde.indexOf(m)).find((i) => i >= 0) ?? -1;
  if (headEnd < 0) throw new QcodeError(`cannot read ${shown}: its project.qde was not written by qcode`, 2);
  const cases = new Map<string, string>();
  const perspectiveOf = new Map<string, string>();
  for (const block of blocks(qde, '    <Case ', '    </Case>\n')) {
    const source = /<SourceRef targetGUID="([^"]+)"/.exec(block)?.[1];
    if (source !== undefined) cases.set(source, (cases.get(source) ?? '') + block);
    else {
      const perspective = unescapeXml(attribute(block, 'name'));
      for (const m of block.matchAll(/<SelectionRef targetGUID="([^"]+)"/g)) perspectiveOf.set(m[1] as string, perspective);
    }
  }
  const sources = new Map<string, string>();
  for (const block of blocks(qde, '    <TextSource ', '    </TextSource>\n')) sources.set(attribute(block, 'guid'), block);
  return { dir, head: qde.slice(0, headEnd), entries, cases, sources, perspectiveOf };
}

/** The shards' projects, or none when no shard wrote one (`--no-qdpx`, or `--qdpx` elsewhere). */
export function readShardProjects(dirs: { dir: string; path: string }[]): ShardProject[] {
  const present = dirs.filter((d) => existsSync(join(d.path, PROJECT_FILE)));
  if (present.length === 0) return [];
  const missing = dirs.find((d) => !present.includes(d));
  if (missing) throw new QcodeError(`${missing.dir} has no ${PROJECT_FILE} but ${present[0]?.dir} has; shards must come from the same command`, 2);
  const projects = present.map((d) => readShardProject(d.dir, join(d.path, PROJECT_FILE)));
  const first = projects[0] as ShardProject;
  for (const p of projects) {
    if (p.head !== first.head) throw new QcodeError(`${join(p.dir, PROJECT_FILE)} has other codes or variables than ${join(first.dir, PROJECT_FILE)}`, 2);
  }
  return projects;
}

/**
 * Adds each document's share of the shards' projects to `project`, in document order: the
 * text files are copied as they were compressed, and the XML pieces re-made exactly as a single
 * run makes them, so the merged archive is byte for byte the single run's.
 */
export function mergeShardProjects(projects: ShardProject[], codebookName: string, documents: string[], project: QdpxProject): string {
  for (const document of documents) {
    const guid = sourceGuid(codebookName, document);
    const shard = projects.find((p) => p.sources.has(guid));
    if (!shard) continue;
    const text = shard.entries.get(`sources/${guid}.txt`);
    if (!text || text.method !== 0) throw new QcodeError(`cannot read ${join(shard.dir, PROJECT_FILE)}: the text of ${document} is missing`, 2);
    const source = shard.sources.get(guid) as string;
    const perspectives: string[] = [];
    for (const m of source.matchAll(/<PlainTextSelection guid="([^"]+)"/g)) perspectives.push(shard.perspectiveOf.get(m[1] as string) ?? 'unspecified', m[1] as string);
    const share: QdpxDocument = {
      guid,
      text: { data: text.data, crc: text.crc, size: text.size },
      cases: deflatePiece(shard.cases.get(guid) ?? ''),
      source: deflatePiece(source),
      perspectives,
    };
    project.add(share);
  }
  return (projects[0] as ShardProject).head;
}
