import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { compileCodebook, type Term } from '../codebook/compile.js';
import type { Codebook } from '../codebook/types.js';
import { qdpxTransfers } from '../report/qdpx.js';
import { parseAttributeTable } from '../transcript/attributes.js';
import { formatFor, type TranscriptFormat } from '../transcript/formats/index.js';
import type { Source } from '../transcript/discover.js';
import { codeDocument, skippedOutcome, type DocumentOutcome, type DocumentSettings } from './code-document.js';

/** What a worker is started with. */
export interface WorkerSetup {
  codebook: Codebook;
  terms: Term[] | undefined;
  attributes: { source: string; text: string } | undefined;
  settings: DocumentSettings;
}

/**
 * What a worker is sent: its setup once, then batches of sources — one message each way per
 * batch keeps the threads' chatter small.
 */
export type WorkerMessage = { kind: 'setup'; setup: WorkerSetup } | { kind: 'job'; index: number; sources: Source[] };

export interface WorkerResult {
  index: number;
  outcomes: DocumentOutcome[];
}

/** Reads a source from disk and codes it; a file that cannot be read becomes a skipped outcome. */
export async function codeSourceFile(setup: ReturnType<typeof prepare>, source: Source): Promise<DocumentOutcome> {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(source.path);
    const extract = (formatFor(source.path) as TranscriptFormat | undefined)?.extract;
    if (extract) bytes = Buffer.from(await extract(bytes), 'utf8');
  } catch (error) {
    return skippedOutcome(source.document, error);
  }
  return codeDocument(setup.compiled, source, bytes, setup.attributes, setup.settings);
}

export function prepare(setup: WorkerSetup) {
  return {
    compiled: compileCodebook(setup.codebook, setup.terms),
    attributes: setup.attributes ? parseAttributeTable(setup.attributes.source, setup.attributes.text) : undefined,
    settings: setup.settings,
  };
}

if (parentPort && (workerData as { qcodeWorker?: boolean } | undefined)?.qcodeWorker === true) {
  const port = parentPort;
  let prepared: ReturnType<typeof prepare> | undefined;
  port.on('message', async (job: WorkerMessage) => {
    if (job.kind === 'setup') {
      prepared = prepare(job.setup);
      return;
    }
    const ready = prepared;
    if (!ready) throw new Error('a worker was sent a job before its setup');
    const outcomes: DocumentOutcome[] = [];
    for (const source of job.sources) outcomes.push(await codeSourceFile(ready, source));
    const result: WorkerResult = { index: job.index, outcomes };
    const moved = result.outcomes.flatMap((o) => [...o.chunks.map((c) => c.buffer as ArrayBuffer), ...(o.qdpx ? qdpxTransfers(o.qdpx) : [])]);
    port.postMessage(result, moved);
  });
}
