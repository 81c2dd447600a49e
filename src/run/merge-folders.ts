import { resolve } from 'node:path';
import type { Theme } from '../codebook/types.js';
import { UsageError } from '../diagnostics.js';
import { AtomicOutputs } from '../output/atomic.js';
import { FILES, RESULT_FILES } from '../output/names.js';
import { VERSION } from '../package-root.js';
import { mergeShardProjects, shardsWithProjects } from '../refi-qda/merge-qdpx.js';
import { QdpxProject } from '../refi-qda/project.js';
import { CsvPrefix, reportFromFiles } from '../report/html.js';
import { renderAggregateFiles } from '../report/outputs.js';
import { PLAIN } from '../report/paint.js';
import { buildSummary, type RunRecord } from '../report/summary.js';
import { mergeExcerptFiles } from './merge-excerpts.js';
import { mergeShards } from './merge.js';

/**
 * Combines the results folders of `qcode code --shard K/N` runs into `out`: exactly the results
 * of one run over all the inputs, written all at once or not at all.
 */
export function mergeFolders(dirs: string[], out: string, cwd: string): RunRecord {
  const { settings, record, excerptFiles, segmentFiles, order, projects } = mergeShards(dirs, cwd);
  const projectHead = shardsWithProjects(projects);
  const outDir = resolve(cwd, out);
  if (dirs.some((d) => resolve(cwd, d) === outDir)) throw new UsageError(`--out ${out} is one of the shard folders; write the merge elsewhere`);
  const themes: Theme[] = settings.codebook.themes.map((t) => ({
    ...t,
    definition: '',
    whenToUse: '',
    whenNotToUse: '',
    examples: [],
    keywords: [],
    exact: [],
    patterns: [],
    regex: [],
    near: [],
    exclude: [],
    threshold: 1,
    weights: {},
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
    outputs.file(
      FILES.report,
      reportFromFiles(files.get(FILES.summary) ?? '', files.get(FILES.frequencies) ?? '', files.get(FILES.cooccurrence) ?? '', reportExcerpts.start()),
    );
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
  return record;
}
