import { resolve } from 'node:path';
import type { Theme } from '../codebook/types.js';
import { mergeShards } from '../run/merge.js';
import { mergeExcerptFiles } from '../run/merge-excerpts.js';
import { mergeShardProjects, shardsWithProjects } from '../refi-qda/merge-qdpx.js';
import { renderAggregateFiles } from '../report/outputs.js';
import { CsvPrefix, reportFromFiles } from '../report/html.js';
import { PLAIN } from '../report/paint.js';
import { QdpxProject } from '../refi-qda/project.js';
import { buildSummary } from '../report/summary.js';
import { AtomicOutputs } from '../output/atomic.js';
import { QcodeError } from '../diagnostics.js';
import { reportRun } from './code-command.js';
import { VERSION, type Io } from './io.js';
import { FILES, OUTPUT_FILES, RESULT_FILES } from '../output/names.js';

export interface MergeFlags {
  out?: string;
  quiet?: boolean;
}

/** `qcode merge DIR… -o OUT`: the results of `qcode code --shard K/N` runs, combined exactly. */
export function mergeCommand(dirs: string[], flags: MergeFlags, io: Io): number {
  if (flags.out === undefined) throw new QcodeError('qcode merge needs --out DIR for the combined results', 2);
  const { settings, record, excerptFiles, segmentFiles, order, projects } = mergeShards(dirs, io.cwd);
  const projectHead = shardsWithProjects(projects);
  const outDir = resolve(io.cwd, flags.out);
  if (dirs.some((d) => resolve(io.cwd, d) === outDir)) throw new QcodeError(`--out ${flags.out} is one of the shard folders; write the merge elsewhere`, 2);
  const themes: Theme[] = settings.codebook.themes.map((t) => ({
    ...t, definition: '', whenToUse: '', whenNotToUse: '', examples: [], keywords: [], exact: [], patterns: [], regex: [], near: [], exclude: [], threshold: 1, weights: {},
  }));
  const summary = buildSummary(record, settings.codebook, {
    version: VERSION,
    codebookSource: settings.codebook.source,
    unit: settings.options.unit,
    includeInterviewer: settings.options.include_interviewer,
  });
  const outputs = new AtomicOutputs(outDir, RESULT_FILES);
  try {
    const excerpts = outputs.open(FILES.excerpts);
    const reportExcerpts = new CsvPrefix();
    mergeExcerptFiles(excerptFiles, order, settings.output.sanitize, (bytes) => {
      excerpts.write(bytes);
      reportExcerpts.add(bytes);
    });
    const segments = outputs.open(FILES.segments);
    mergeExcerptFiles(segmentFiles, order, settings.output.sanitize, (bytes) => segments.write(bytes));
    const options = { sanitize: settings.output.sanitize, excel: settings.output.excel, paint: PLAIN };
    const files = renderAggregateFiles(record.tally, themes, summary, options);
    for (const [name, content] of files) outputs.file(name, content);
    outputs.file(FILES.report, reportFromFiles(files.get(FILES.summary) ?? '', files.get(FILES.frequencies) ?? '', files.get(FILES.cooccurrence) ?? '', reportExcerpts.start()));
    if (projectHead !== undefined) {
      const project = new QdpxProject(outputs.open(FILES.project), outputs, settings.codebook.name);
      mergeShardProjects(projects, order, project);
      project.finish(projectHead);
    }
    outputs.commit();
  } catch (error) {
    outputs.abort();
    throw error;
  }
  reportRun(io, record, flags, flags.quiet === true, `Merged ${dirs.length} shards:`);
  return record.skipped.length > 0 ? 1 : 0;
}
