import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../diagnostics.js';
import { pieceMatches, type DeflatedPiece } from './deflate.js';
import { readAt } from '../file-bytes.js';
import type { PieceAt, ProjectIndexLine, ProjectLayout, QdpxProject } from './project.js';
import { RecordReader } from '../output/record-reader.js';
import { FILES } from '../output/names.js';

/** A shard folder as merge sees it: where it is, and its project's layout if it wrote one. */
export interface ShardProjectSource {
  dir: string;
  path: string;
  layout: ProjectLayout | undefined;
}

/** One shard's project being read: its archive, and its index a line at a time. */
class ShardProject {
  private readonly fd: number;
  private readonly lines: RecordReader;
  private line: ProjectIndexLine | undefined;

  /** Opens both files, or neither: a shard that cannot be read leaves nothing open. */
  constructor(
    readonly dir: string,
    folder: string,
    readonly layout: ProjectLayout,
  ) {
    const cannot = () =>
      new InputError(`cannot read ${join(dir, FILES.project)} and ${FILES.projectIndex}: every shard folder needs the project its run wrote`);
    try {
      this.fd = openSync(join(folder, FILES.project), 'r');
    } catch {
      throw cannot();
    }
    try {
      this.lines = new RecordReader(join(folder, FILES.projectIndex), false);
    } catch {
      closeSync(this.fd);
      throw cannot();
    }
  }

  get next(): ProjectIndexLine | undefined {
    return this.line;
  }

  advance(): void {
    const bytes = this.lines.take();
    try {
      this.line = bytes === undefined ? undefined : (JSON.parse(bytes.toString('utf8')) as ProjectIndexLine);
    } catch {
      throw new InputError(`${join(this.dir, FILES.projectIndex)} is damaged: a line is not JSON`);
    }
  }

  /** A piece, `base` bytes into the archive plus its own offset, checked against the index (see `pieceMatches`). */
  piece([at, length, crc, size]: PieceAt, document: string, stored: boolean, base = 0): DeflatedPiece {
    const piece = { data: readAt(this.fd, length, base + at), crc, size };
    if (piece.data.length !== length || !pieceMatches(piece, stored)) {
      throw new InputError(`${join(this.dir, FILES.project)} does not match its ${FILES.projectIndex} at ${document}; was either changed after the run?`);
    }
    return piece;
  }

  close(): void {
    closeSync(this.fd);
    this.lines.close();
  }
}

/**
 * Whether the shards wrote projects into their folders — all of them, or none (`--no-qdpx`, or
 * `--qdpx` elsewhere) — as the head their projects share, or undefined for none.
 */
export function shardsWithProjects(shards: ShardProjectSource[]): string | undefined {
  // shard.json's layout says whether a shard wrote one; opening it later says if it is gone.
  const present = shards.filter((s) => s.layout !== undefined);
  if (present.length === 0) return undefined;
  const missing = shards.find((s) => !present.includes(s));
  if (missing) throw new InputError(`${missing.dir} has no ${FILES.project} but ${present[0]?.dir} has; shards must come from the same command`);
  const head = present[0]?.layout?.head;
  const other = present.find((s) => s.layout?.head !== head);
  if (other) throw new InputError(`${join(other.dir, FILES.project)} has other codes or variables than ${join(present[0]?.dir ?? '', FILES.project)}`);
  return head;
}

/**
 * Adds every shard's documents to `project` in the merged document `order` (the one the excerpts
 * follow), copying each document's text, cases and source as the shard compressed them: the
 * pieces are the very bytes a single run makes, so the merged archive is byte for byte the single
 * run's. Reads the shards' indexes a line at a time and their archives a piece at a time, each
 * checked against its CRC, so a damaged or edited shard is refused rather than merged.
 */
export function mergeShardProjects(shards: ShardProjectSource[], order: { document: string; shard: number }[], project: QdpxProject): void {
  const open: ShardProject[] = [];
  const edited = (s: ShardProject) => new InputError(`${join(s.dir, FILES.projectIndex)} does not list its documents as its shard.json does; was it edited?`);
  try {
    for (const s of shards) open.push(new ShardProject(s.dir, s.path, s.layout as ProjectLayout));
    for (const s of open) s.advance();
    for (const { document, shard } of order) {
      const s = open[shard] as ShardProject;
      const line = s.next;
      if (line?.n !== document) throw edited(s);
      project.add({
        document,
        guid: line.g,
        text: s.piece(line.t, document, true),
        cases: s.piece(line.c, document, false, s.layout.cases),
        source: s.piece(line.s, document, false, s.layout.sources),
        perspectives: line.p,
      });
      s.advance();
    }
    const left = open.find((s) => s.next !== undefined);
    if (left) throw edited(left);
  } finally {
    for (const s of open) s.close();
  }
}
