/** Every file qcode writes into a results folder, named here and nowhere else. */
export const FILES = {
  excerpts: 'excerpts.csv',
  segments: 'segments.csv',
  frequencies: 'frequencies.csv',
  cooccurrence: 'cooccurrence.csv',
  summary: 'summary.json',
  report: 'report.html',
  project: 'project.qdpx',
  /** A sharded run's record, beside its outputs: everything `qcode merge` needs. */
  shard: 'shard.json',
  /** A sharded run's index of the pieces of its project, for `qcode merge`. */
  projectIndex: 'project-index.jsonl',
} as const;

/** The output files of `qcode code --out`. */
export const OUTPUT_FILES = [FILES.excerpts, FILES.segments, FILES.frequencies, FILES.cooccurrence, FILES.summary, FILES.report, FILES.project] as const;

/** Every file a results folder may hold: `--out`'s outputs, and a shard's record and project index. */
export const RESULT_FILES: readonly string[] = [...OUTPUT_FILES, FILES.shard, FILES.projectIndex];
