import { tallyToJson, type TallyJson } from '../analysis/tally.js';
import type { Codebook } from '../codebook/types.js';
import type { ProjectLayout } from '../refi-qda/project.js';
import type { Skipped } from '../transcript/discover.js';
import type { DocumentSummary } from './code-document.js';
import type { Shard } from './shard.js';
import type { CorpusResult } from './code-corpus.js';

/** What must be the same in every shard for their results to combine. */
export interface ShardSettings {
  codebook: { name: string; version: string; source: string; themes: { id: string; label: string; parent: string | null }[] };
  options: { unit: string; group_by: string; include_interviewer: boolean };
  output: { sanitize: boolean; excel: boolean; context: number };
  excerpt_columns: string[];
  /** Inputs skipped before coding (missing paths and the like): the same in every shard. */
  input_skipped: Skipped[];
}

export interface ShardFile extends ShardSettings {
  qcode_shard: 1;
  shard: { index: number; count: number };
  tally: TallyJson;
  documents: DocumentSummary[];
  /** Files skipped while coding, with the document they belong to (for ordering on merge). */
  file_skipped: (Skipped & { document: string })[];
  warnings: { document: string; message: string }[];
  /** Where the shard's project.qdpx keeps its parts, when the shard wrote one (read with `project-index.jsonl`). */
  project?: ProjectLayout;
}

export function codebookRecord(codebook: Codebook, source: string): ShardSettings['codebook'] {
  return {
    name: codebook.name,
    version: codebook.version,
    source,
    themes: codebook.themes.map((t) => ({ id: t.id, label: t.label, parent: t.parent })),
  };
}

export function shardFileJson(shard: Shard, settings: ShardSettings, result: CorpusResult, project: ProjectLayout | undefined): string {
  const file: ShardFile = {
    qcode_shard: 1,
    shard: { index: shard.index, count: shard.count },
    ...settings,
    tally: tallyToJson(result.tally),
    documents: result.documents,
    file_skipped: result.fileSkipped,
    warnings: result.documentWarnings,
    ...(project ? { project } : {}),
  };
  return `${JSON.stringify(file)}\n`;
}
