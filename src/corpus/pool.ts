import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Source } from '../transcript/discover.js';
import type { DocumentOutcome } from './code-document.js';
import type { WorkerJob, WorkerResult, WorkerSetup } from './worker.js';

const WORKER_SCRIPT = new URL('./worker.js', import.meta.url);

/** Whether worker threads can be started (the compiled worker exists next to this module). */
export function workersAvailable(): boolean {
  return existsSync(fileURLToPath(WORKER_SCRIPT));
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Codes sources on `jobs` threads — this one and `jobs - 1` workers, so that no more threads
 * compete for the cores than there are jobs — and hands the outcomes to `consume` strictly in
 * input order: the output is byte-identical to a single-threaded run. Sources go out in batches,
 * and at most a few batches per thread wait to be consumed, which keeps memory flat however many
 * files there are.
 */
export async function codeInParallel(
  sources: Source[],
  setup: WorkerSetup,
  jobs: number,
  codeHere: (batch: Source[]) => Promise<DocumentOutcome[]>,
  consume: (outcome: DocumentOutcome) => void,
): Promise<void> {
  const batchSize = Math.max(1, Math.min(16, Math.floor(sources.length / (jobs * 8))));
  const batches: Source[][] = [];
  for (let i = 0; i < sources.length; i += batchSize) batches.push(sources.slice(i, i + batchSize));
  const window = jobs * 4;
  const done = new Map<number, DocumentOutcome[]>();
  let nextBatch = 0;
  let nextToConsume = 0;
  let failure: unknown;
  let wake: (() => void) | undefined;

  const flush = () => {
    while (done.has(nextToConsume)) {
      const outcomes = done.get(nextToConsume) as DocumentOutcome[];
      done.delete(nextToConsume++);
      outcomes.forEach(consume);
    }
  };
  const claim = (): number | undefined =>
    nextBatch < batches.length && nextBatch - nextToConsume < window ? nextBatch++ : undefined;

  const workers = Array.from({ length: jobs - 1 }, () => new Worker(WORKER_SCRIPT, { workerData: setup }));
  // Each worker holds two batches, so it never waits for this thread to finish one of its own
  // before it gets more work.
  const outstanding = new Map<Worker, number>(workers.map((w) => [w, 0]));
  const idle: Worker[] = [];
  const feed = (worker: Worker) => {
    while ((outstanding.get(worker) ?? 0) < 2) {
      const index = claim();
      if (index === undefined) {
        if (!idle.includes(worker)) idle.push(worker);
        return;
      }
      outstanding.set(worker, (outstanding.get(worker) ?? 0) + 1);
      worker.postMessage({ index, sources: batches[index] as Source[] } satisfies WorkerJob);
    }
  };
  for (const worker of workers) {
    worker.on('error', (error) => {
      failure ??= error;
      wake?.();
    });
    worker.on('message', (result: WorkerResult) => {
      outstanding.set(worker, (outstanding.get(worker) ?? 1) - 1);
      done.set(result.index, result.outcomes);
      try {
        flush();
      } catch (error) {
        failure ??= error;
      }
      feed(worker);
      while (idle.length > 0 && nextBatch < batches.length && nextBatch - nextToConsume < window) feed(idle.shift() as Worker);
      wake?.();
    });
    feed(worker);
  }
  try {
    while (nextToConsume < batches.length && failure === undefined) {
      const index = claim();
      if (index !== undefined) {
        done.set(index, await codeHere(batches[index] as Source[]));
        flush();
        while (idle.length > 0 && nextBatch < batches.length && nextBatch - nextToConsume < window) feed(idle.shift() as Worker);
        await nextTurn();
      } else {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    }
    if (failure !== undefined) throw failure;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
