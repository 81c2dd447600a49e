import type { MessagePort } from 'node:worker_threads';
import { qdpxTransfers } from '../refi-qda/project.js';
import { frontMatterNames } from './prescan.js';
import { codeSources, prepare, type NamesResult, type WorkerMessage, type WorkerResult } from './worker.js';

/**
 * Bytes whose memory can be moved to another thread: only a view of a whole memory block of its
 * own moves as it is; anything else (a slice of Node's shared pool, of a reused buffer) is
 * copied, since moving it would take its neighbours too.
 */
function movable(bytes: Uint8Array): Uint8Array {
  const ownsAll = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer.byteLength > Buffer.poolSize;
  return ownsAll ? bytes : new Uint8Array(bytes);
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
    for (const o of result.outcomes) if (o.qdpx?.text) o.qdpx.text = { ...o.qdpx.text, data: movable(o.qdpx.text.data) };
    const moved = result.outcomes.flatMap((o) =>
      [...o.chunks, ...o.segmentChunks]
        .flat()
        .map((c) => c.buffer as ArrayBuffer)
        .concat(o.qdpx ? qdpxTransfers(o.qdpx) : []),
    );
    port.postMessage(result, moved);
  });
}
