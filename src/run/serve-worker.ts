import type { MessagePort } from 'node:worker_threads';
import { qdpxTransfers } from '../refi-qda/project.js';
import { frontMatterNames } from './prescan.js';
import { codeSources, prepare, type NamesResult, type WorkerMessage, type WorkerResult } from './worker.js';

/**
 * Bytes whose memory can be moved to another thread: a small buffer may be a slice of Node's
 * shared pool (moving it would take its neighbours too), so it is copied; a large one owns its
 * memory and moves as it is.
 */
function movable(bytes: Uint8Array): Uint8Array {
  return bytes.buffer.byteLength <= Buffer.poolSize ? new Uint8Array(bytes) : bytes;
}

/**
 * A worker thread's work: shares of the prescan, its setup once, then batches of sources, each
 * answered with their outcomes. Takes its port rather than importing worker_threads, so the
 * bundle the main thread loads can carry it without loading worker_threads at start-up.
 */
export function serveWorker(port: MessagePort): void {
  let prepared: ReturnType<typeof prepare> | undefined;
  port.on('message', async (job: WorkerMessage) => {
    if (job.kind === 'setup') {
      prepared = prepare(job.setup);
      return;
    }
    if (job.kind === 'names') {
      port.postMessage({ kind: 'names', names: frontMatterNames(job.paths, job.read) } satisfies NamesResult);
      return;
    }
    const ready = prepared;
    if (!ready) throw new Error('a worker was sent a job before its setup');
    const result: WorkerResult = { kind: 'outcomes', index: job.index, outcomes: await codeSources(ready, job.sources) };
    for (const o of result.outcomes) if (o.qdpx) o.qdpx.text = { ...o.qdpx.text, data: movable(o.qdpx.text.data) };
    const moved = result.outcomes.flatMap((o) =>
      [...o.chunks, ...o.segmentChunks]
        .flat()
        .map((c) => c.buffer as ArrayBuffer)
        .concat(o.qdpx ? qdpxTransfers(o.qdpx) : []),
    );
    port.postMessage(result, moved);
  });
}
